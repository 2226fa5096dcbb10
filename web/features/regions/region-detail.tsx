// One region: where it sits, its population and ageing share, and its children; grid management for writers.
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Popconfirm,
  Result,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../../shared/contracts/regions.ts';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatNumber, formatPeople, formatRegionLevel, formatShare } from '../../lib/format.ts';
import { can, useCurrentUser } from '../auth/api.ts';
import {
  childrenExportUrl,
  gridTemplateUrl,
  type RegionSummary,
  useDeleteGrid,
  useRegionChildren,
} from './api.ts';
import { GridFormModal } from './grid-form-modal.tsx';
import { GridImportModal } from './grid-import-modal.tsx';
import styles from './regions.module.css';

type Props = { code: string; region: UseQueryResult<Region>; onOpen: (code: string) => void };

type Editing = { mode: 'create'; parent: Region } | { mode: 'edit'; region: RegionSummary } | null;

export function RegionDetail({ code, region, onOpen }: Props) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const writable = can(me, 'regions:write');
  const children = useRegionChildren(code, region.isSuccess && region.data.level !== 'grid');
  const deleteGrid = useDeleteGrid();
  const [editing, setEditing] = useState<Editing>(null);
  const [importing, setImporting] = useState(false);

  if (region.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (region.isError) {
    const missing = region.error instanceof ApiError && region.error.status === 404;
    return (
      <Card>
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? t('regions.notFoundTitle') : t('error.loadFailed')}
          subTitle={errorMessage(region.error)}
          extra={
            <Button type="primary" onClick={() => onOpen(me.scopeRegion.code)}>
              {t('regions.backToScope', { name: me.scopeRegion.name })}
            </Button>
          }
        />
      </Card>
    );
  }

  const data = region.data;
  // Grids divide a community's people; when their sum differs from the community's figure, say so.
  const gridTotal =
    data.level === 'community' && children.data?.length
      ? children.data.reduce((sum, grid) => sum + grid.population, 0)
      : null;
  const gridGap =
    gridTotal !== null && gridTotal !== data.population
      ? { total: gridTotal, gap: gridTotal - data.population }
      : null;
  const removeGrid = (grid: { code: string; name: string }, after?: () => void) =>
    deleteGrid.mutate(grid.code, {
      onSuccess: () => {
        message.success(t('regions.gridDeleted', { name: grid.name }));
        after?.();
      },
      onError: (err) => message.error(errorMessage(err)),
    });

  const columns: TableColumnsType<RegionSummary> = [
    {
      title: t('regions.name'),
      dataIndex: 'name',
      render: (name: string, row) => (
        <a
          href={`/regions/${row.code}`}
          className={styles.nowrap}
          onClick={(e) => {
            // The row opens it too; one history entry per click.
            e.preventDefault();
            e.stopPropagation();
            onOpen(row.code);
          }}
        >
          {name}
        </a>
      ),
    },
    // On a phone the name, people and ageing share fit; code, level and the 60+ count come on wider screens.
    { title: t('regions.code'), dataIndex: 'code', className: styles.code, responsive: ['md'] },
    {
      title: t('regions.level'),
      dataIndex: 'level',
      responsive: ['md'],
      render: (level: Region['level']) => formatRegionLevel(level),
    },
    {
      title: t('regions.population'),
      dataIndex: 'population',
      align: 'right',
      sorter: (a, b) => a.population - b.population,
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('regions.aged60Plus'),
      dataIndex: 'populationAged60Plus',
      align: 'right',
      responsive: ['sm'],
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('regions.aged60Share'),
      key: 'share',
      align: 'right',
      sorter: (a, b) =>
        a.populationAged60Plus / (a.population || 1) - b.populationAged60Plus / (b.population || 1),
      render: (_, row) => formatShare(row.populationAged60Plus, row.population),
    },
    ...(writable && data.level === 'community'
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            // Kept in view at the right edge when the other columns scroll sideways on a phone.
            fixed: 'right' as const,
            render: (_: unknown, row: RegionSummary) => (
              // Clicks here must not also open the grid.
              // biome-ignore lint/a11y/noStaticElementInteractions: only stops propagation to the row
              // biome-ignore lint/a11y/useKeyWithClickEvents: the buttons inside are keyboard-accessible
              <span onClick={(e) => e.stopPropagation()}>
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setEditing({ mode: 'edit', region: row })}>
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('regions.deleteGridConfirm', { name: row.name })}
                    okText={t('common.delete')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => removeGrid(row)}
                  >
                    <Button size="small" type="link" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              </span>
            ),
          },
        ]
      : []),
  ];

  const childLevelName = data.level === 'grid' ? null : t(`regions.childLevel.${data.level}`);

  const toolbar = writable ? (
    <Space wrap size={8}>
      {data.level === 'community' && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ mode: 'create', parent: data })}
        >
          {t('regions.newGrid')}
        </Button>
      )}
      {data.level === 'community' && (
        <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', region: data })}>
          {t('regions.editPopulationButton')}
        </Button>
      )}
      {data.level !== 'grid' && (
        <>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('regions.importGrids')}
          </Button>
          <Button icon={<DownloadOutlined />} href={gridTemplateUrl(data.code)}>
            {t('regions.downloadTemplate')}
          </Button>
        </>
      )}
      {data.level === 'grid' && (
        <>
          <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', region: data })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('regions.deleteGridConfirm', { name: data.name })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            onConfirm={() => removeGrid(data, () => onOpen(data.parentCode ?? me.scopeRegion.code))}
          >
            <Button danger icon={<DeleteOutlined />}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </>
      )}
    </Space>
  ) : null;

  return (
    <Space orientation="vertical" size={16} className={styles.fullWidth}>
      <Card>
        <Breadcrumb
          className={styles.breadcrumb}
          items={data.path.map((p, i) =>
            i === data.path.length - 1
              ? { key: p.code, title: p.name }
              : {
                  key: p.code,
                  title: (
                    <a
                      href={`/regions/${p.code}`}
                      onClick={(e) => {
                        e.preventDefault();
                        onOpen(p.code);
                      }}
                    >
                      {p.name}
                    </a>
                  ),
                },
          )}
        />
        <div className={styles.headline}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {data.name}
          </Typography.Title>
          <Tag color="red">{formatRegionLevel(data.level)}</Tag>
        </div>
        <Descriptions
          className={styles.facts}
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'officialName', label: t('regions.officialName'), children: data.officialName },
            {
              key: 'code',
              label: t('regions.code'),
              children: <span className={styles.code}>{data.code}</span>,
            },
            { key: 'level', label: t('regions.level'), children: formatRegionLevel(data.level) },
            { key: 'population', label: t('regions.population'), children: formatPeople(data.population) },
            {
              key: 'aged',
              label: t('regions.aged60Plus'),
              children: formatPeople(data.populationAged60Plus),
            },
            {
              key: 'share',
              label: t('regions.aged60Share'),
              children: formatShare(data.populationAged60Plus, data.population),
            },
            ...(gridGap
              ? [
                  {
                    key: 'grids',
                    label: t('regions.gridTotal'),
                    children: (
                      <Typography.Text type="warning">
                        {t(gridGap.gap > 0 ? 'regions.gridTotalMore' : 'regions.gridTotalLess', {
                          total: formatPeople(gridGap.total),
                          gap: formatPeople(Math.abs(gridGap.gap)),
                        })}
                      </Typography.Text>
                    ),
                  },
                ]
              : []),
            ...(childLevelName
              ? [
                  {
                    key: 'children',
                    label: t('regions.childCount'),
                    children: `${formatNumber(data.childCount)} ${t('regions.childUnit', { level: childLevelName })}`,
                  },
                ]
              : []),
          ]}
        />
        {toolbar && <div className={styles.toolbar}>{toolbar}</div>}
      </Card>

      {data.level === 'grid' ? (
        <Card>
          <Empty description={t('regions.gridIsLeaf')} />
        </Card>
      ) : (
        <Card
          title={t('regions.childrenTitle', { level: childLevelName })}
          extra={
            <Space size={8} wrap>
              {children.data && <span>{t('common.totalCount', { count: children.data.length })}</span>}
              <Button size="small" icon={<DownloadOutlined />} href={childrenExportUrl(data.code)}>
                {t('common.export')}
              </Button>
            </Space>
          }
        >
          <Table<RegionSummary>
            rowKey="code"
            size="middle"
            columns={columns}
            dataSource={children.data}
            loading={children.isFetching && !children.data}
            scroll={{ x: 'max-content' }}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true, showSizeChanger: true }}
            onRow={(row) => ({ onClick: () => onOpen(row.code), className: styles.clickableRow })}
            locale={{
              emptyText: children.isError ? (
                errorMessage(children.error)
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={data.level === 'community' ? t('regions.noGrids') : t('common.empty')}
                />
              ),
            }}
          />
        </Card>
      )}

      {editing && (
        <GridFormModal
          key={editing.mode === 'create' ? `new-${editing.parent.code}` : editing.region.code}
          parent={editing.mode === 'create' ? editing.parent : null}
          region={editing.mode === 'edit' ? editing.region : null}
          onClose={() => setEditing(null)}
        />
      )}
      <GridImportModal open={importing} onClose={() => setImporting(false)} regionCode={data.code} />
    </Space>
  );
}

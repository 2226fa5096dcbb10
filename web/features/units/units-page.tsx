// Units: searchable, filterable list with details in a drawer, create/edit/delete for writers, Excel export.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Grid,
  Input,
  Popconfirm,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitKind } from '../../../shared/contracts/units.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { PagedTable } from '../../lib/paged-table.tsx';
import { useListState } from '../../lib/use-list-state.ts';
import { can, useCurrentUser } from '../auth/api.ts';
import { type UnitFilters, unitExportUrl, unitKinds, useDeleteUnit, useUnit, useUnits } from './api.ts';
import { UnitFormModal } from './unit-form-modal.tsx';

const kindColors: Record<UnitKind, string> = {
  hq_office: 'red',
  working_group: 'volcano',
  department: 'blue',
  district: 'green',
  enterprise: 'purple',
};

export function UnitsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const writable = can(me, 'units:write');
  const { filters, page, pageSize, setFilter, pagination } = useListState<UnitFilters>(['q', 'kind']);
  const [openId, setOpenId] = useState<number | null>(null);
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const units = useUnits(filters, page, pageSize);
  const opened = useUnit(openId);
  const deleteUnit = useDeleteUnit();

  const remove = (unit: Unit) =>
    deleteUnit.mutate(unit.id, {
      onSuccess: () => {
        message.success(t('units.deleted', { name: unit.name }));
        if (openId === unit.id) setOpenId(null);
      },
      onError: (err) => message.error(errorMessage(err)),
    });

  const columns: TableColumnsType<Unit> = [
    {
      title: t('units.name'),
      dataIndex: 'name',
      fixed: screens.md ? 'left' : undefined,
      render: (name: string, row) => (
        <Typography.Link onClick={() => setOpenId(row.id)}>{name}</Typography.Link>
      ),
    },
    // On a phone: name, kind, region and the actions; the rest on wider screens and in the unit's drawer.
    {
      title: t('units.shortName'),
      dataIndex: 'shortName',
      responsive: ['md'],
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('units.kind'),
      dataIndex: 'kind',
      render: (kind: UnitKind) => <Tag color={kindColors[kind]}>{t(`unitKind.${kind}`)}</Tag>,
    },
    {
      title: t('units.parent'),
      dataIndex: 'parentName',
      responsive: ['md'],
      render: (v: string | null) => v ?? '—',
    },
    { title: t('units.region'), dataIndex: 'regionName' },
    {
      title: t('units.contactPhone'),
      dataIndex: 'contactPhone',
      responsive: ['md'],
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('units.userCount'),
      dataIndex: 'userCount',
      align: 'right',
      responsive: ['md'],
      render: (v: number) => formatNumber(v),
    },
    ...(writable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            // Kept in view at the right edge when the other columns scroll sideways on a phone.
            fixed: 'right' as const,
            render: (_: unknown, row: Unit) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(row)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('units.deleteConfirm', { name: row.name })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(row)}
                >
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const unit = opened.data;

  return (
    <Card
      title={t('units.title')}
      extra={
        writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('units.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t('common.search')}
          placeholder={t('units.searchPlaceholder')}
          defaultValue={filters.q}
          onSearch={(q) => setFilter({ q: q.trim() || undefined })}
          style={{ width: 260 }}
        />
        <Select<UnitKind>
          allowClear
          aria-label={t('units.kind')}
          placeholder={t('units.kindFilter')}
          style={{ width: 160 }}
          value={filters.kind}
          onChange={(kind) => setFilter({ kind })}
          options={unitKinds.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
        />
        <Button icon={<DownloadOutlined />} href={unitExportUrl(filters)}>
          {t('common.export')}
        </Button>
      </Space>
      <PagedTable<Unit>
        rowKey="id"
        columns={columns}
        query={units}
        pagination={pagination}
        empty={t('units.empty')}
      />

      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        title={unit?.name ?? t('units.detail')}
        size={screens.md ? 480 : '100%'}
        loading={opened.isPending && openId !== null}
        extra={
          writable &&
          unit && (
            <Space>
              <Button onClick={() => setEditing(unit)}>{t('common.edit')}</Button>
              <Popconfirm
                title={t('units.deleteConfirm', { name: unit.name })}
                okText={t('common.delete')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove(unit)}
              >
                <Button danger>{t('common.delete')}</Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        {opened.isError && <Typography.Text type="danger">{errorMessage(opened.error)}</Typography.Text>}
        {unit && (
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'name', label: t('units.name'), children: unit.name },
              { key: 'shortName', label: t('units.shortName'), children: unit.shortName ?? '—' },
              {
                key: 'kind',
                label: t('units.kind'),
                children: <Tag color={kindColors[unit.kind]}>{t(`unitKind.${unit.kind}`)}</Tag>,
              },
              { key: 'parent', label: t('units.parent'), children: unit.parentName ?? '—' },
              {
                key: 'region',
                label: t('units.region'),
                children: t('common.nameWithCode', { name: unit.regionName, code: unit.regionCode }),
              },
              { key: 'phone', label: t('units.contactPhone'), children: unit.contactPhone ?? '—' },
              { key: 'users', label: t('units.userCount'), children: formatNumber(unit.userCount) },
              { key: 'updated', label: t('units.updatedAt'), children: formatDateTime(unit.updatedAt) },
            ]}
          />
        )}
      </Drawer>

      {editing && (
        <UnitFormModal
          unit={editing === 'new' ? null : editing}
          defaultRegion={me.scopeRegion}
          onClose={(saved) => {
            setEditing(null);
            if (saved) setOpenId(saved.id);
          }}
        />
      )}
    </Card>
  );
}

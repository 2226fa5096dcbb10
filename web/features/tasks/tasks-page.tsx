// All tasks in scope: filters kept in the address, paged on the server, exported to Excel; the office makes new ones.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Grid,
  Input,
  InputNumber,
  Progress,
  Select,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  type Light,
  lightValues,
  type TaskCategory,
  type TaskListItem,
  type TaskStatus,
  taskCategoryValues,
  taskStatusValues,
} from '../../../shared/contracts/tasks.ts';
import { formatNumber } from '../../lib/format.ts';
import { PagedTable } from '../../lib/paged-table.tsx';
import { RegionSelect } from '../../lib/region-select.tsx';
import { UnitSelect } from '../../lib/unit-select.tsx';
import { useListState } from '../../lib/use-list-state.ts';
import { can, useCurrentUser } from '../auth/api.ts';
import { type TaskFilters, taskExportUrl, useTasks } from './api.ts';
import { TaskFormDrawer } from './task-form-drawer.tsx';
import { DueText, LightDot, ListedMark, TaskCategoryTag, TaskStatusTag } from './task-labels.tsx';
import styles from './tasks.module.css';

type TaskState = 'open' | 'closed' | 'all';
type ListFilters = Omit<TaskFilters, 'state'> & { state?: TaskState };

export function TasksPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const writable = can(me, 'tasks:write');
  const { filters, page, pageSize, setFilter, pagination } = useListState<ListFilters>(
    ['q', 'state', 'category', 'status', 'light', 'listed', 'unitId', 'regionCode', 'meetingId'],
    ['unitId', 'meetingId'],
  );
  // The office works on what is still open: that is the list's default; all and closed are one choice away.
  const state = filters.state ?? 'open';
  const query: TaskFilters = { ...filters, state: state === 'all' ? undefined : state };
  const [creating, setCreating] = useState(false);
  const tasks = useTasks(query, page, pageSize);
  const estimate = tasks.data?.totalIsEstimate ?? false;

  const open = (id: number) => navigate(`/tasks/${id}`);

  const columns: TableColumnsType<TaskListItem> = [
    {
      title: t('tasks.field.light'),
      dataIndex: 'light',
      render: (light: Light) => <LightDot light={light} />,
    },
    {
      title: t('tasks.field.title'),
      dataIndex: 'title',
      fixed: screens.md ? 'left' : undefined,
      render: (title: string, row) => (
        <div className={styles.titleCell}>
          <Typography.Link
            href={`/tasks/${row.id}`}
            onClick={(e) => {
              e.preventDefault();
              open(row.id);
            }}
          >
            {title}
          </Typography.Link>
          {/* 挂牌 beside the title, where the eye is, rather than in a column scrolled off a laptop's edge. */}
          <ListedMark listed={row.listed} />
        </div>
      ),
    },
    {
      title: t('tasks.field.category'),
      dataIndex: 'category',
      render: (category: TaskCategory) => <TaskCategoryTag category={category} />,
    },
    {
      title: t('tasks.field.region'),
      dataIndex: 'regionName',
      render: (v: string) => <span className={styles.nowrap}>{v}</span>,
    },
    {
      title: t('tasks.field.leadUnit'),
      key: 'leadUnit',
      render: (_, row) => <span className={styles.unitCell}>{row.leadUnit.name}</span>,
    },
    {
      title: t('tasks.field.status'),
      dataIndex: 'status',
      render: (status: TaskStatus) => <TaskStatusTag status={status} />,
    },
    { title: t('tasks.field.due'), key: 'due', render: (_, row) => <DueText task={row} /> },
    {
      title: t('tasks.field.progress'),
      dataIndex: 'progress',
      width: 100,
      render: (v: number | null) =>
        v === null ? '—' : <Progress percent={v} size="small" aria-label={t('tasks.field.progress')} />,
    },
  ];

  const createButton = writable ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('tasks.create')}
    </Button>
  ) : null;

  return (
    <Card title={t('tasks.listTitle')} extra={screens.md && createButton}>
      {!screens.md && createButton && <div className={styles.toolbar}>{createButton}</div>}
      <div className={styles.filters}>
        <Input.Search
          allowClear
          aria-label={t('common.search')}
          placeholder={t('tasks.searchPlaceholder')}
          defaultValue={filters.q}
          onSearch={(q) => setFilter({ q: q.trim() || undefined })}
          className={styles.filterWide}
        />
        <Select<TaskState>
          aria-label={t('tasks.filter.state')}
          className={styles.filter}
          value={state}
          onChange={(next) => setFilter({ state: next === 'open' ? undefined : next })}
          options={(['open', 'closed', 'all'] as const).map((s) => ({
            value: s,
            label: t(`tasks.filter.stateOption.${s}`),
          }))}
        />
        <Select<TaskCategory>
          allowClear
          aria-label={t('tasks.field.category')}
          placeholder={t('tasks.filter.category')}
          className={styles.filter}
          value={filters.category}
          onChange={(category) => setFilter({ category })}
          options={taskCategoryValues.map((c) => ({ value: c, label: t(`tasks.category.${c}`) }))}
        />
        <Select<TaskStatus>
          allowClear
          aria-label={t('tasks.field.status')}
          placeholder={t('tasks.filter.status')}
          className={styles.filter}
          value={filters.status}
          onChange={(status) => setFilter({ status })}
          options={taskStatusValues.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
        />
        <Select<Light>
          allowClear
          aria-label={t('tasks.field.light')}
          placeholder={t('tasks.filter.light')}
          className={styles.filter}
          value={filters.light}
          onChange={(light) => setFilter({ light })}
          options={lightValues.map((l) => ({ value: l, label: <LightDot light={l} /> }))}
        />
        <Select<'true' | 'false'>
          allowClear
          aria-label={t('tasks.field.listed')}
          placeholder={t('tasks.filter.listed')}
          className={styles.filter}
          value={filters.listed}
          onChange={(listed) => setFilter({ listed })}
          options={[
            { value: 'true', label: t('tasks.filter.listedYes') },
            { value: 'false', label: t('tasks.filter.listedNo') },
          ]}
        />
        <div className={styles.filterWide}>
          <UnitSelect
            value={filters.unitId}
            onChange={(unitId) => setFilter({ unitId })}
            placeholder={t('tasks.filter.unit')}
          />
        </div>
        <div className={styles.filterWide}>
          <RegionSelect
            value={filters.regionCode}
            onChange={(regionCode) => setFilter({ regionCode })}
            placeholder={t('tasks.filter.region')}
          />
        </div>
        <InputNumber<number>
          aria-label={t('tasks.filter.meeting')}
          placeholder={t('tasks.filter.meeting')}
          min={1}
          precision={0}
          className={styles.filter}
          value={filters.meetingId ?? null}
          onChange={(meetingId) => setFilter({ meetingId: meetingId ?? undefined })}
        />
        <Button icon={<DownloadOutlined />} href={taskExportUrl(query)}>
          {t('common.export')}
        </Button>
      </div>
      <PagedTable<TaskListItem>
        rowKey="id"
        columns={columns}
        query={tasks}
        rowClassName={(row) =>
          row.light === 'red' || row.light === 'yellow' ? styles[`row_${row.light}`]! : ''
        }
        pagination={(total) => ({
          ...pagination(total),
          showTotal: (count) =>
            estimate
              ? t('tasks.totalEstimate', { total: formatNumber(count) })
              : t('common.total', { total: count }),
        })}
        empty={t('tasks.empty')}
      />
      {creating && (
        <TaskFormDrawer
          onClose={(saved) => {
            setCreating(false);
            if (saved) navigate(`/tasks/${saved.id}`);
          }}
        />
      )}
    </Card>
  );
}

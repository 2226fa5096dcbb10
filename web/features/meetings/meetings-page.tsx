// Meetings: filter by date, kind, status and text, page on the server, export; writers record or import one.
import { DownloadOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Grid,
  Input,
  Select,
  Space,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MeetingKind, MeetingStatus, MeetingSummary } from '../../../shared/contracts/meetings.ts';
import { datePickerFormat, formatMeetingDate, formatNumber } from '../../lib/format.ts';
import { PagedTable } from '../../lib/paged-table.tsx';
import { dateRange, useListState } from '../../lib/use-list-state.ts';
import { can, useCurrentUser } from '../auth/api.ts';
import { type MeetingFilters, meetingExportUrl, meetingKinds, meetingStatuses, useMeetings } from './api.ts';
import { MeetingFormDrawer } from './meeting-form-drawer.tsx';
import { MeetingStatusTag } from './meeting-tags.tsx';
import styles from './meetings.module.css';

export function MeetingsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const writable = can(me, 'meetings:write');
  const { filters, page, pageSize, setFilter, pagination } = useListState<MeetingFilters>([
    'q',
    'from',
    'to',
    'kind',
    'status',
  ]);
  const [creating, setCreating] = useState(false);
  const meetings = useMeetings(filters, page, pageSize);

  const columns: TableColumnsType<MeetingSummary> = [
    {
      title: t('meetings.date'),
      dataIndex: 'dateText',
      render: (v: string | null) => <span className={styles.nowrap}>{formatMeetingDate(v)}</span>,
    },
    {
      title: t('meetings.name'),
      dataIndex: 'title',
      fixed: screens.md ? 'left' : undefined,
      render: (title: string, row) => (
        <div className={styles.titleCell}>
          <Typography.Link
            href={`/meetings/${row.id}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/meetings/${row.id}`);
            }}
          >
            {title}
          </Typography.Link>
        </div>
      ),
    },
    {
      title: t('meetings.kindLabel'),
      dataIndex: 'kind',
      render: (kind: MeetingKind) => <span className={styles.nowrap}>{t(`meetings.kind.${kind}`)}</span>,
    },
    {
      title: t('meetings.region'),
      dataIndex: 'regionName',
      render: (v: string) => <span className={styles.nowrap}>{v}</span>,
    },
    {
      title: t('meetings.directiveCount'),
      key: 'counts',
      align: 'right',
      render: (_, row) => (
        <span className={styles.nowrap}>
          {t('meetings.counts', {
            accepted: formatNumber(row.acceptedCount),
            total: formatNumber(row.directiveCount),
          })}
        </span>
      ),
    },
    {
      title: t('meetings.statusLabel'),
      dataIndex: 'status',
      render: (status: MeetingStatus) => <MeetingStatusTag status={status} />,
    },
    {
      title: t('meetings.createdBy'),
      dataIndex: 'createdByName',
      render: (v: string | null) => <span className={styles.nowrap}>{v ?? '—'}</span>,
    },
  ];

  const writeButtons = writable ? (
    <Space wrap size={8}>
      <Button type="primary" icon={<ImportOutlined />} onClick={() => navigate('/meetings/import')}>
        {t('meetings.import')}
      </Button>
      <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
        {t('meetings.create')}
      </Button>
    </Space>
  ) : null;

  return (
    <Card title={t('meetings.listTitle')} extra={screens.md && writeButtons}>
      {!screens.md && writeButtons && <div className={styles.toolbar}>{writeButtons}</div>}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t('common.search')}
          placeholder={t('meetings.searchPlaceholder')}
          defaultValue={filters.q}
          onSearch={(q) => setFilter({ q: q.trim() || undefined })}
          style={{ width: 240 }}
        />
        <DatePicker.RangePicker
          format={datePickerFormat()}
          aria-label={t('meetings.date')}
          value={dateRange(filters.from, filters.to)}
          onChange={(value) => {
            setFilter({
              from: value?.[0] ? value[0].format('YYYY-MM-DD') : undefined,
              to: value?.[1] ? value[1].format('YYYY-MM-DD') : undefined,
            });
          }}
        />
        <Select<MeetingKind>
          allowClear
          aria-label={t('meetings.kindLabel')}
          placeholder={t('meetings.kindFilter')}
          style={{ width: 160 }}
          value={filters.kind}
          onChange={(kind) => setFilter({ kind })}
          options={meetingKinds.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
        />
        <Select<MeetingStatus>
          allowClear
          aria-label={t('meetings.statusLabel')}
          placeholder={t('meetings.statusFilter')}
          style={{ width: 130 }}
          value={filters.status}
          onChange={(status) => setFilter({ status })}
          options={meetingStatuses.map((s) => ({ value: s, label: t(`meetings.status.${s}`) }))}
        />
        <Button icon={<DownloadOutlined />} href={meetingExportUrl(filters)}>
          {t('common.export')}
        </Button>
      </Space>
      <PagedTable<MeetingSummary>
        rowKey="id"
        columns={columns}
        query={meetings}
        pagination={pagination}
        empty={t('meetings.empty')}
      />
      {creating && (
        <MeetingFormDrawer
          meeting={null}
          onClose={(saved) => {
            setCreating(false);
            if (saved) navigate(`/meetings/${saved.id}`);
          }}
        />
      )}
    </Card>
  );
}

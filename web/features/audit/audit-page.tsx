// The audit log for administrators: filter by who, what, which kind of record and when; open an entry for its diff.
import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Grid,
  Input,
  Select,
  Space,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/contracts/audit.ts';
import { datePickerFormat, formatDateTime } from '../../lib/format.ts';
import { PagedTable } from '../../lib/paged-table.tsx';
import { dateRange, useListState } from '../../lib/use-list-state.ts';
import {
  type AuditAction,
  type AuditFilters,
  auditActions,
  auditEntities,
  auditExportUrl,
  useAuditEntries,
} from './api.ts';
import { AuditDiff } from './audit-diff.tsx';

const actionColors: Partial<Record<AuditAction, string>> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  view_personal: 'purple',
  login_failed: 'orange',
  password_change: 'gold',
};

/** 周伟（zhouwei）; the login name alone once the account is gone. */
function actorLabel(entry: AuditEntry): string {
  if (!entry.actorUsername) return '—';
  return entry.actorName ? `${entry.actorName}（${entry.actorUsername}）` : entry.actorUsername;
}

export function AuditPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { filters, page, pageSize, setFilter, pagination } = useListState<AuditFilters>([
    'actor',
    'action',
    'entity',
    'from',
    'to',
  ]);
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const entries = useAuditEntries(filters, page, pageSize);

  const entityLabel = (entity: string) => t(`audit.entity.${entity}`, { defaultValue: entity });

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at, true)}</span>,
    },
    { title: t('audit.actor'), key: 'actor', render: (_, entry) => actorLabel(entry) },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (action: AuditAction) => <Tag color={actionColors[action]}>{t(`audit.actions.${action}`)}</Tag>,
    },
    { title: t('audit.entityTitle'), dataIndex: 'entity', render: entityLabel },
    {
      title: t('audit.entityId'),
      key: 'entityId',
      // A session's number means nothing to a reader; the entry's time and actor say which login it was.
      render: (_, entry) => (entry.entity === 'session' ? '—' : (entry.entityId ?? '—')),
    },
    { title: t('audit.summary'), dataIndex: 'summary', render: (v: string | null) => v ?? '—' },
    { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
    {
      title: t('common.actions'),
      key: 'open',
      render: (_, entry) => (
        <Button type="link" size="small" onClick={() => setOpen(entry)}>
          {t('common.detail')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={t('audit.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t('audit.actor')}
          placeholder={t('audit.actorPlaceholder')}
          defaultValue={filters.actor}
          onSearch={(actor) => setFilter({ actor: actor.trim() || undefined })}
          style={{ width: 200 }}
        />
        <Select<AuditAction>
          allowClear
          aria-label={t('audit.action')}
          placeholder={t('audit.actionFilter')}
          style={{ width: 170 }}
          value={filters.action}
          onChange={(action) => setFilter({ action })}
          options={auditActions.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
        />
        <Select<string>
          allowClear
          aria-label={t('audit.entityTitle')}
          placeholder={t('audit.entityFilter')}
          style={{ width: 150 }}
          value={filters.entity}
          onChange={(entity) => setFilter({ entity })}
          options={auditEntities.map((e) => ({ value: e, label: entityLabel(e) }))}
        />
        <DatePicker.RangePicker
          format={datePickerFormat()}
          value={dateRange(filters.from, filters.to)}
          onChange={(value) => {
            // Days are Beijing days whatever the browser's zone; the server treats a bare "to" date as inclusive.
            setFilter({
              from: value?.[0] ? `${value[0].format('YYYY-MM-DD')}T00:00:00+08:00` : undefined,
              to: value?.[1] ? value[1].format('YYYY-MM-DD') : undefined,
            });
          }}
        />
        <Button icon={<DownloadOutlined />} href={auditExportUrl(filters)}>
          {t('common.export')}
        </Button>
      </Space>
      <PagedTable<AuditEntry>
        rowKey="id"
        columns={columns}
        query={entries}
        onRow={(entry) => ({ onDoubleClick: () => setOpen(entry) })}
        pagination={pagination}
        empty={t('audit.empty')}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `${t(`audit.actions.${open.action}`)} · ${entityLabel(open.entity)}` : ''}
        size={screens.md ? 640 : '100%'}
      >
        {open && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              bordered
              items={[
                { key: 'at', label: t('audit.at'), children: formatDateTime(open.at, true) },
                { key: 'actor', label: t('audit.actor'), children: actorLabel(open) },
                { key: 'action', label: t('audit.action'), children: t(`audit.actions.${open.action}`) },
                {
                  key: 'entity',
                  label: t('audit.entityTitle'),
                  children: `${entityLabel(open.entity)}${open.entityId ? ` ${open.entityId}` : ''}`,
                },
                {
                  key: 'region',
                  label: t('audit.region'),
                  children: open.hidden.includes('regionCode')
                    ? t('audit.otherRegion')
                    : (open.regionCode ?? '—'),
                },
                { key: 'summary', label: t('audit.summary'), children: open.summary ?? '—' },
                { key: 'ip', label: t('audit.ip'), children: open.ip ?? '—' },
              ]}
            />
            {(open.hidden.includes('before') || open.hidden.includes('after')) && (
              <Alert
                type="info"
                showIcon
                title={t(open.hidden.includes('before') ? 'audit.beforeHidden' : 'audit.afterHidden')}
              />
            )}
            {(open.before || open.after) && (
              <AuditDiff before={open.before} after={open.after} hidden={open.hidden} />
            )}
          </Space>
        )}
      </Drawer>
    </Card>
  );
}

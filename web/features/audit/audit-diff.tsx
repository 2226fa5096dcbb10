// A record's before and after, field by field, changed fields first and marked.
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format.ts';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

type Row = { field: string; before: unknown; after: unknown; changed: boolean };

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function AuditDiff({
  before,
  after,
  hidden = [],
}: {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** States withheld because they lie in another region: their column says so instead of showing values. */
  hidden?: readonly string[];
}) {
  const { t } = useTranslation();
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const rows: Row[] = fields
    .map((field) => ({
      field,
      before: before?.[field],
      after: after?.[field],
      changed: before !== null && after !== null && !same(before[field], after[field]),
    }))
    .sort((a, b) => Number(b.changed) - Number(a.changed));
  const withheld = () => <Typography.Text type="secondary">{t('audit.otherRegion')}</Typography.Text>;

  const show = (value: unknown, row: Row) => {
    if (value === undefined || value === null || value === '')
      return <Typography.Text type="secondary">—</Typography.Text>;
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
    const text = String(value);
    if (isoDateTime.test(text)) return formatDateTime(text, true);
    if (row.field === 'role') return t(`role.${text}`, { defaultValue: text });
    if (row.field === 'kind') return t(`unitKind.${text}`, { defaultValue: text });
    if (row.field === 'level') return t(`regionLevel.${text}`, { defaultValue: text });
    if (typeof value === 'number' && /population/i.test(row.field)) return formatNumber(value);
    return text;
  };

  return (
    <Table<Row>
      size="small"
      rowKey="field"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      locale={{ emptyText: t('audit.noChanges') }}
      onRow={(row) => ({ style: row.changed ? { background: '#fffbe6' } : undefined })}
      columns={[
        {
          title: t('audit.field'),
          dataIndex: 'field',
          render: (field: string, row) => (
            <span>
              {t(`audit.fields.${field}`, { defaultValue: field })}
              {row.changed && (
                <Tag color="orange" style={{ marginInlineStart: 6 }}>
                  {t('audit.changed')}
                </Tag>
              )}
            </span>
          ),
        },
        ...(before || hidden.includes('before')
          ? [
              {
                title: t('audit.before'),
                dataIndex: 'before',
                render: (v: unknown, row: Row) => (before ? show(v, row) : withheld()),
              },
            ]
          : []),
        ...(after || hidden.includes('after')
          ? [
              {
                title: t('audit.after'),
                dataIndex: 'after',
                render: (v: unknown, row: Row) => (after ? show(v, row) : withheld()),
              },
            ]
          : []),
      ]}
    />
  );
}

// 督办考评: units ranked for a period by the office's weights — 红黑榜 on top, the scores as bars, every figure in the
// table, the same period as an Excel file. The period and unit kind live in the address, like the other lists.
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Grid,
  Result,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  type EvaluationWeights,
  type RankingItem,
  type RankingUnitKind,
  rankingUnitKindValues,
} from '../../../shared/contracts/supervision.ts';
import { errorMessage } from '../../lib/errors.ts';
import { datePickerFormat, formatNumber, formatPercent } from '../../lib/format.ts';
import { can, useCurrentUser } from '../auth/api.ts';
import { type RankingFilters, rankingExportUrl, useRanking } from './api.ts';
import { kindOf, type Period, periodKinds, periodOf } from './periods.ts';
import { RankingChart } from './ranking-chart.tsx';
import { SettingsDrawer } from './settings-drawer.tsx';
import styles from './supervision.module.css';

const isDay = (v: string | null): v is string => Boolean(v && /^\d{4}-\d{2}-\d{2}$/.test(v));

/** The period and unit kind from the address; this month when none (or a broken one) is given. */
function useRankingFilters() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const kind = params.get('kind');
  const period: Period = isDay(from) && isDay(to) && from <= to ? { from, to } : periodOf('month');
  const unitKind = rankingUnitKindValues.find((k) => k === kind);
  const filters: RankingFilters = { ...period, ...(unitKind ? { unitKind } : {}) };
  const update = (next: Partial<{ from: string; to: string; kind: RankingUnitKind | undefined }>) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        for (const [key, value] of Object.entries(next)) {
          if (value) out.set(key, value);
          else out.delete(key);
        }
        return out;
      },
      { replace: true },
    );
  return { filters, update };
}

export function SupervisionPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const { filters, update } = useRankingFilters();
  const ranking = useRanking(filters);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const mayConfigure = can(me, 'supervision:configure');
  const quick = kindOf(filters);

  const controls = (
    <div className={styles.controls}>
      <Segmented<string>
        aria-label={t('supervision.quickPeriod')}
        value={quick ?? ''}
        onChange={(value) => {
          const kind = periodKinds.find((k) => k === value);
          if (kind) update(periodOf(kind));
        }}
        options={periodKinds.map((k) => ({ value: k, label: t(`supervision.period.${k}`) }))}
      />
      <DatePicker.RangePicker
        aria-label={t('supervision.periodLabel')}
        format={datePickerFormat()}
        allowClear={false}
        value={[dayjs(filters.from), dayjs(filters.to)]}
        onChange={(value) => {
          if (value?.[0] && value[1])
            update({ from: value[0].format('YYYY-MM-DD'), to: value[1].format('YYYY-MM-DD') });
        }}
        className={styles.range}
      />
      <Select<RankingUnitKind | 'all'>
        aria-label={t('supervision.unitKind')}
        value={filters.unitKind ?? 'all'}
        onChange={(value) => update({ kind: value === 'all' ? undefined : value })}
        style={{ width: 120 }}
        options={[
          { value: 'all', label: t('supervision.allKinds') },
          ...rankingUnitKindValues.map((k) => ({ value: k, label: t(`unitKind.${k}`) })),
        ]}
      />
      <Button icon={<DownloadOutlined />} href={rankingExportUrl(filters)}>
        {t('common.export')}
      </Button>
      {mayConfigure && (
        <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)}>
          {t('supervision.settings.open')}
        </Button>
      )}
    </div>
  );

  let body: ReactNode;
  if (ranking.isError) {
    body = (
      <Result
        status="error"
        title={t('error.loadFailed')}
        subTitle={errorMessage(ranking.error)}
        extra={<Button onClick={() => ranking.refetch()}>{t('common.retry')}</Button>}
      />
    );
  } else if (!ranking.data) {
    body = <Skeleton active paragraph={{ rows: 8 }} />;
  } else {
    const { items, weights } = ranking.data;
    const rated = items.filter((i) => i.rated);
    body = (
      <Space orientation="vertical" size={16} className={styles.fullWidth}>
        <Formula weights={weights} />
        {rated.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.empty')} />
        ) : (
          <>
            <div className={styles.lists}>
              <HonourList kind="red" items={rated.filter((i) => i.list === 'red')} />
              <HonourList kind="black" items={rated.filter((i) => i.list === 'black')} />
            </div>
            <Card size="small" title={t('supervision.chartTitle')}>
              <RankingChart items={rated} narrow={narrow} />
            </Card>
          </>
        )}
        {items.length > 0 && <RankingTable items={items} narrow={narrow} loading={ranking.isFetching} />}
      </Space>
    );
  }

  return (
    <Card title={t('supervision.title')}>
      <Space orientation="vertical" size={16} className={styles.fullWidth}>
        {controls}
        <Typography.Text type="secondary" className={styles.muted}>
          {t('supervision.periodHint')}
        </Typography.Text>
        {body}
      </Space>
      {settingsOpen && <SettingsDrawer onClose={() => setSettingsOpen(false)} />}
    </Card>
  );
}

/** The scoring rule in one line, with the weights in force. */
function Formula({ weights }: { weights: EvaluationWeights }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      className={styles.formula}
      title={
        <span data-formula>
          <strong>{t('supervision.formulaLabel')}</strong>
          {t('supervision.formula', weights)}
        </span>
      }
    />
  );
}

function HonourList({ kind, items }: { kind: 'red' | 'black'; items: RankingItem[] }) {
  const { t } = useTranslation();
  return (
    <div className={`${styles.honour} ${styles[`honour_${kind}`]}`} data-list={kind}>
      <div className={styles.honourTitle}>{t(`supervision.list.${kind}`)}</div>
      {items.length === 0 ? (
        <div className={styles.muted}>{t(`supervision.listEmpty.${kind}`)}</div>
      ) : (
        <ol className={styles.honourItems}>
          {items.map((i) => (
            <li key={i.unit.id}>
              <span className={styles.honourName}>{i.unit.name}</span>
              <span className={styles.honourScore}>{t('supervision.scoreValue', { score: i.score })}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function RankingTable({
  items,
  narrow,
  loading,
}: {
  items: RankingItem[];
  narrow: boolean;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const dash = (row: RankingItem, text: string) => (row.rated ? text : '—');
  const numeric = (width: number) => ({ align: 'right' as const, className: styles.number, width });
  const columns: TableColumnsType<RankingItem> = [
    {
      title: t('supervision.col.rank'),
      dataIndex: 'rank',
      width: narrow ? 48 : 64,
      fixed: narrow ? undefined : 'left',
      render: (rank: number, row) => dash(row, String(rank)),
    },
    {
      title: t('supervision.col.unit'),
      dataIndex: ['unit', 'name'],
      fixed: 'left',
      width: narrow ? 120 : 220,
      render: (name: string, row) => (
        <div>
          <div className={styles.unitName}>{name}</div>
          <div className={styles.muted}>
            {t(`unitKind.${row.unitKind}`)}
            {!row.rated && ` · ${t('supervision.unrated')}`}
          </div>
        </div>
      ),
    },
    {
      title: t('supervision.col.tasks'),
      dataIndex: 'tasks',
      ...numeric(76),
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('supervision.col.onTime'),
      dataIndex: 'onTime',
      ...numeric(90),
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('supervision.col.onTimeRate'),
      dataIndex: 'onTimeRate',
      ...numeric(90),
      render: (v: number, row) => dash(row, formatPercent(v)),
    },
    {
      title: t('supervision.col.overdue'),
      dataIndex: 'overdue',
      ...numeric(70),
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('supervision.col.returned'),
      dataIndex: 'returned',
      ...numeric(70),
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('supervision.col.declined'),
      dataIndex: 'declined',
      ...numeric(70),
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('supervision.col.avgDaysLate'),
      dataIndex: 'avgDaysLate',
      ...numeric(120),
      render: (v: number, row) => dash(row, v.toFixed(1)),
    },
    {
      title: t('supervision.col.score'),
      dataIndex: 'score',
      ...numeric(80),
      render: (v: number, row) => <strong>{dash(row, v.toFixed(1))}</strong>,
    },
    {
      title: t('supervision.col.list'),
      dataIndex: 'list',
      width: 88,
      render: (list: RankingItem['list']) =>
        list ? (
          <Tag color={list === 'red' ? 'red' : '#434343'} className={styles.listTag}>
            {t(`supervision.list.${list}`)}
          </Tag>
        ) : (
          '—'
        ),
    },
  ];
  // On a phone the score and the list come right after the unit, where they are seen without scrolling sideways.
  const [rank, unit, ...figures] = columns;
  const first = figures.slice(-2);
  const ordered = narrow ? [rank!, unit!, ...first, ...figures.slice(0, -2)] : columns;
  return (
    <Table<RankingItem>
      className={styles.table}
      rowKey={(row) => row.unit.id}
      size={narrow ? 'small' : 'middle'}
      columns={ordered}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 1050 }}
      rowClassName={(row) => (row.rated ? '' : (styles.unratedRow ?? ''))}
      // Named rows, for tests and for anyone's browser tools (antd types onRow without data attributes).
      onRow={(row) =>
        ({ 'data-unit': row.unit.name, 'data-rated': row.rated }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}

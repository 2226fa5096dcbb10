// Small labels the task pages share: the light as a dot with its word (for colour-blind readers), the status,
// category and priority tags, the 挂牌 mark, and deadlines or cadences as sentences (每周一17:00前).
import { FlagFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  Cadence,
  Light,
  Priority,
  TaskCategory,
  TaskListItem,
  TaskStatus,
} from '../../../shared/contracts/tasks.ts';
import { i18n } from '../../app/i18n.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import styles from './tasks.module.css';

const statusColors: Record<TaskStatus, string> = {
  draft: 'default',
  assigned: 'orange',
  signed: 'blue',
  in_progress: 'processing',
  submitted: 'cyan',
  returned: 'magenta',
  declined: 'volcano',
  done: 'green',
  cancelled: 'default',
};

const categoryColors: Record<TaskCategory, string> = {
  epidemic: 'red',
  economy: 'gold',
  safety: 'blue',
  governance: 'purple',
  other: 'default',
};

const priorityColors: Record<Priority, string> = { normal: 'default', high: 'orange', urgent: 'red' };

export function LightDot({ light }: { light: Light }) {
  const { t } = useTranslation();
  return (
    <span className={styles.light} data-light={light} title={t(`tasks.lightName.${light}`)}>
      <span className={`${styles.lightDot} ${styles[`light_${light}`]}`} aria-hidden />
      <span>{t(`tasks.light.${light}`)}</span>
    </span>
  );
}

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} className={styles.tag} data-status={status}>
      {t(`tasks.status.${status}`)}
    </Tag>
  );
}

export function TaskCategoryTag({ category }: { category: TaskCategory }) {
  const { t } = useTranslation();
  return (
    <Tag color={categoryColors[category]} className={styles.tag}>
      {t(`tasks.category.${category}`)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  if (priority === 'normal') return <span>{t('tasks.priority.normal')}</span>;
  return (
    <Tag color={priorityColors[priority]} className={styles.tag}>
      {t(`tasks.priority.${priority}`)}
    </Tag>
  );
}

/** 挂牌督办: a red flag with its word, so it reads without colour too. */
export function ListedMark({ listed }: { listed: boolean }) {
  const { t } = useTranslation();
  if (!listed) return null;
  return (
    <Tooltip title={t('tasks.listedHint')}>
      <Tag color="red" icon={<FlagFilled />} className={styles.tag} data-listed>
        {t('tasks.listedShort')}
      </Tag>
    </Tooltip>
  );
}

/** 每日17:00前 / 每周一17:00前 / 每月5日17:00前 (English: daily by 17:00 …). */
export function formatCadence(cadence: Cadence): string {
  switch (cadence.kind) {
    case 'daily':
      return i18n.t('tasks.cadence.daily', { time: cadence.dueTime });
    case 'weekly':
      return i18n.t('tasks.cadence.weekly', {
        time: cadence.dueTime,
        weekday: i18n.t(`tasks.weekday.${cadence.weekday}`),
      });
    case 'monthly':
      return i18n.t('tasks.cadence.monthly', { time: cadence.dueTime, day: cadence.day });
  }
}

/** A deadline by day, or with its time when it is not the end of a Beijing day (a date alone means 23:59:59). */
export function formatDue(value: string | null): string {
  if (!value) return '—';
  const full = formatDateTime(value);
  return full.endsWith(' 23:59') ? formatDate(value) : full;
}

/** The due column: the deadline, or the cadence with the next report's day under it. */
export function DueText({ task }: { task: Pick<TaskListItem, 'dueAt' | 'cadence' | 'nextDueAt'> }) {
  const { t } = useTranslation();
  if (task.cadence) {
    return (
      <span className={styles.due}>
        <span>{formatCadence(task.cadence)}</span>
        {task.nextDueAt && (
          <span className={styles.muted}>{t('tasks.nextReport', { date: formatDue(task.nextDueAt) })}</span>
        )}
      </span>
    );
  }
  return <span className={styles.nowrap}>{formatDue(task.dueAt)}</span>;
}

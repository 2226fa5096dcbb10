// A task's history as a Timeline: each event with its name, who (and for which unit), when in Beijing time, the
// reason given, and what it changed (延期至…, 改派 A → B, 进度 60%).
import { Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Cadence, Task, TaskEvent } from '../../../shared/contracts/tasks.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useTaskWorkflow } from './api.ts';
import { formatCadence, formatDue } from './task-labels.tsx';
import styles from './tasks.module.css';

// Plain colours, not antd's names: its "blue" is the theme's primary, which is red here.
const blue = '#1677ff';
const green = '#52c41a';
const red = '#f5222d';
const orange = '#fa8c16';
const grey = '#bfbfbf';
const eventColors: Record<string, string> = {
  assign: blue,
  create: grey,
  sign: blue,
  report: blue,
  submit: '#13c2c2',
  return: red,
  complete: green,
  decline: red,
  reassign: orange,
  insist: orange,
  request_extension: orange,
  approve_extension: green,
  refuse_extension: red,
  remind: orange,
  list: red,
  unlist: grey,
  cancel: grey,
  edit: grey,
};

const levelColors: Record<string, string> = { blue: 'blue', orange: 'orange', red: 'red' };

type UnitRef = { id: number; name: string };

const isUnit = (v: unknown): v is UnitRef =>
  typeof v === 'object' && v !== null && typeof (v as UnitRef).name === 'string';
const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The payload's facts as short sentences; unknown keys are left out rather than shown raw. */
function useDetails(task: Task) {
  const { t } = useTranslation();
  return (event: TaskEvent): string[] => {
    const p = event.payload;
    const lines: string[] = [];
    switch (event.type) {
      case 'assign':
      case 'create': {
        if (isUnit(p.leadUnit)) lines.push(t('tasks.timeline.lead', { unit: p.leadUnit.name }));
        const co = Array.isArray(p.coUnits) ? p.coUnits.filter(isUnit).map((u) => u.name) : [];
        if (co.length) lines.push(t('tasks.timeline.co', { units: co.join('、') }));
        if (text(p.dueAt)) lines.push(t('tasks.timeline.due', { date: formatDue(text(p.dueAt)) }));
        if (typeof p.cadence === 'object' && p.cadence !== null)
          lines.push(formatCadence(p.cadence as Cadence));
        break;
      }
      case 'report': {
        if (num(p.progress) !== null) lines.push(t('tasks.timeline.progress', { progress: num(p.progress) }));
        if (text(p.periodStart)) lines.push(t('tasks.timeline.period', { date: text(p.periodStart) }));
        if (Array.isArray(p.figures))
          for (const f of p.figures as { label?: unknown; value?: unknown; unit?: unknown }[])
            if (text(f.label) && num(f.value) !== null)
              lines.push(`${f.label} ${formatNumber(num(f.value))}${text(f.unit) ?? ''}`);
        if (Array.isArray(p.attachmentIds) && p.attachmentIds.length)
          lines.push(t('tasks.timeline.attachments', { count: p.attachmentIds.length }));
        break;
      }
      case 'request_extension':
        lines.push(
          t('tasks.timeline.askedExtension', {
            date: formatDue(text(p.dueAt)),
            current: formatDue(text(p.currentDueAt)),
          }),
        );
        break;
      case 'approve_extension':
        lines.push(
          t('tasks.timeline.extended', {
            date: formatDue(text(p.dueAt)),
            previous: formatDue(text(p.previousDueAt)),
          }),
        );
        break;
      case 'refuse_extension':
        lines.push(t('tasks.timeline.refused', { date: formatDue(text(p.askedDueAt)) }));
        break;
      case 'reassign':
        if (isUnit(p.fromUnit) && isUnit(p.toUnit))
          lines.push(t('tasks.timeline.reassigned', { from: p.fromUnit.name, to: p.toUnit.name }));
        break;
      case 'insist':
        if (isUnit(p.unit)) lines.push(t('tasks.timeline.insisted', { unit: p.unit.name }));
        break;
      case 'remind':
        if (num(p.count) !== null) lines.push(t('tasks.timeline.reminded', { count: num(p.count) }));
        break;
      case 'list': {
        if (num(p.daysOverdue) !== null) lines.push(t('tasks.timeline.listed', { days: num(p.daysOverdue) }));
        const supervisor =
          task.supervisor && task.supervisor.id === p.supervisorId ? task.supervisor.displayName : null;
        if (supervisor) lines.push(t('tasks.timeline.supervisor', { name: supervisor }));
        break;
      }
      case 'complete':
        if (p.listedUntilDone) lines.push(t('tasks.timeline.listedUntilDone'));
        break;
      case 'edit':
        if (Array.isArray(p.fields) && p.fields.length)
          lines.push(
            t('tasks.timeline.edited', {
              fields: p.fields
                .map((f) => t(`tasks.field.${String(f)}`, { defaultValue: String(f) }))
                .join('、'),
            }),
          );
        break;
    }
    return lines;
  };
}

export function TaskTimeline({ task }: { task: Task }) {
  const { t } = useTranslation();
  const workflow = useTaskWorkflow();
  const details = useDetails(task);
  const serverLabel = (type: string) => workflow.data?.events.find((e) => e.value === type)?.label;
  // Newest first: what happened last is what a reader looks for.
  const events = [...task.events].reverse();
  return (
    <Timeline
      items={events.map((event) => {
        const lines = details(event);
        const level = event.type === 'remind' ? text(event.payload.level) : null;
        return {
          key: event.id,
          color: eventColors[event.type] ?? grey,
          content: (
            <div data-event={event.type}>
              <div>
                <Typography.Text strong>
                  {t(`tasks.event.${event.type}`, { defaultValue: serverLabel(event.type) ?? event.type })}
                </Typography.Text>
                {level && (
                  <Tag color={levelColors[level]} style={{ marginInlineStart: 6 }}>
                    {t(`tasks.reminderLevel.${level}`, { defaultValue: level })}
                  </Tag>
                )}
                {event.toState && event.fromState !== event.toState && (
                  <Typography.Text type="secondary" className={styles.muted}>
                    {' '}
                    → {t(`tasks.status.${event.toState}`, { defaultValue: event.toState })}
                  </Typography.Text>
                )}
              </div>
              <div>
                <span className={styles.timelineWho}>{event.actor.displayName}</span>
                {event.unit && (
                  <span className={styles.muted}>
                    {t('tasks.timeline.forUnit', { unit: event.unit.name })}
                  </span>
                )}
                <span className={styles.muted}> · {formatDateTime(event.at)}</span>
              </div>
              {event.note && <div className={`${styles.prewrap}`}>{event.note}</div>}
              {lines.map((line) => (
                <div key={line} className={styles.timelineDetail}>
                  {line}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}

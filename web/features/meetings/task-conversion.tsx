// 转为任务 on a reviewed meeting: each accepted directive shows the tasks made from it; staff tick directives and
// confirm, per directive (or merged into one), the task the server proposes, then each task is created on its own
// so that a refusal stands beside its form while the others are kept.
import { CarryOutOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  type FormInstance,
  Grid,
  Input,
  Radio,
  Result,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Directive, Meeting } from '../../../shared/contracts/meetings.ts';
import type { TaskProposal } from '../../../shared/contracts/task-proposals.ts';
import {
  type Cadence,
  type Priority,
  priorityValues,
  type TaskCategory,
  type TaskCreate,
  type TaskListItem,
  taskCategoryValues,
} from '../../../shared/contracts/tasks.ts';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { beijingDay, datePickerFormat, formatDate, formatServerText } from '../../lib/format.ts';
import { RegionSelect } from '../../lib/region-select.tsx';
import { UnitMultiSelect, UnitSelect } from '../../lib/unit-select.tsx';
import { can, useCurrentUser } from '../auth/api.ts';
import styles from './task-conversion.module.css';
import {
  type DirectiveTasks,
  type TaskCreated,
  tasksByDirective,
  useCreateTask,
  useMeetingTasks,
  useRefreshMeetingTasks,
  useTaskProposals,
} from './task-conversion-api.ts';

// ================================================================ on the meeting page

/**
 * What the meeting page needs for 转为任务: a checkbox and the task tags for each directive, the bar above the list,
 * and the drawer. Only a reviewed meeting's accepted directives take part.
 */
export function useTaskConversion(meeting: Meeting) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const reviewed = meeting.status === 'reviewed';
  const showTasks = reviewed && can(me, 'tasks:read');
  const mayConvert = reviewed && can(me, 'tasks:write');
  const tasks = useMeetingTasks(meeting.id, showTasks);
  const byDirective = useMemo(() => tasksByDirective(tasks.data ?? []), [tasks.data]);
  const [selected, setSelected] = useState<number[]>([]);
  const [open, setOpen] = useState(false);

  const accepted = meeting.directives.filter((d) => d.status === 'accepted');
  const chosen = accepted.filter((d) => selected.includes(d.id));
  const unconverted = accepted.filter((d) => !byDirective.has(d.id));

  const checkbox = (d: Directive): ReactNode =>
    mayConvert && d.status === 'accepted' ? (
      <Checkbox
        aria-label={t('meetings.toTask.select', { seq: d.seq })}
        checked={selected.includes(d.id)}
        onChange={(e) =>
          setSelected((current) =>
            e.target.checked ? [...current, d.id] : current.filter((x) => x !== d.id),
          )
        }
      />
    ) : undefined;

  const tags = (d: Directive): ReactNode =>
    showTasks && d.status === 'accepted' ? (
      <DirectiveTaskTags entries={byDirective.get(d.id) ?? []} loading={tasks.isPending} />
    ) : undefined;

  const bar = mayConvert ? (
    <div className={styles.bar}>
      <Button
        type="primary"
        size="small"
        icon={<CarryOutOutlined />}
        disabled={chosen.length === 0}
        onClick={() => setOpen(true)}
      >
        {chosen.length
          ? t('meetings.toTask.convertCount', { count: chosen.length })
          : t('meetings.toTask.convert')}
      </Button>
      {unconverted.length > 0 && (
        <Button size="small" onClick={() => setSelected(unconverted.map((d) => d.id))}>
          {t('meetings.toTask.selectUnconverted', { count: unconverted.length })}
        </Button>
      )}
      {chosen.length > 0 && (
        <Button size="small" type="text" onClick={() => setSelected([])}>
          {t('meetings.detail.clearSelection')}
        </Button>
      )}
      {chosen.length === 0 && (
        <Typography.Text type="secondary" className={styles.muted}>
          {t('meetings.toTask.selectHint')}
        </Typography.Text>
      )}
    </div>
  ) : null;

  const drawer = open ? (
    <TaskConversionDrawer
      meeting={meeting}
      directives={chosen}
      onClose={(createdAny) => {
        setOpen(false);
        if (createdAny) setSelected([]);
      }}
    />
  ) : null;

  return { checkbox, tags, bar, drawer };
}

const lightTagColors: Record<TaskListItem['light'], string> = {
  green: 'green',
  yellow: 'gold',
  red: 'red',
  grey: 'default',
};

/** The tasks made from one directive: a tag each (state, lead unit, light) linking to the task, or 未转任务. */
export function DirectiveTaskTags({ entries, loading }: { entries: DirectiveTasks; loading?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={styles.tasks} data-directive-tasks={loading ? 'loading' : entries.length}>
      <span className={styles.label}>{t('meetings.toTask.tasksLabel')}</span>
      {loading ? (
        <span className={styles.muted}>{t('common.loading')}</span>
      ) : entries.length === 0 ? (
        <Typography.Text type="secondary" className={styles.muted}>
          {t('meetings.toTask.none')}
        </Typography.Text>
      ) : (
        entries.map(({ task, children }) => (
          <Space key={task.id} size={4} wrap>
            <Link
              to={`/tasks/${task.id}`}
              aria-label={t('meetings.toTask.tagAria', {
                title: task.title,
                status: t(`meetings.toTask.status.${task.status}`),
                light: t(`meetings.toTask.light.${task.light}`),
              })}
            >
              <Tag
                className={styles.taskTag}
                color={lightTagColors[task.light]}
                data-task={task.id}
                data-light={task.light}
                title={task.title}
              >
                <span className={`${styles.light} ${styles[`light_${task.light}`]}`} />
                {t(`meetings.toTask.status.${task.status}`)} · {task.leadUnit.name}
              </Tag>
            </Link>
            {children.length > 0 && (
              <span className={styles.muted}>
                {t('meetings.toTask.subtasks', {
                  count: children.length,
                  late: children.filter((c) => c.light === 'red').length,
                })}
              </span>
            )}
          </Space>
        ))
      )}
    </div>
  );
}

// ================================================================ the drawer

type Schedule = 'due' | 'cadence';

/** One task's form; dates are the pickers' values until submitted. */
type TaskDraft = {
  title: string;
  description?: string;
  category: TaskCategory;
  regionCode?: string;
  leadUnitId?: number;
  coUnitIds: number[];
  schedule: Schedule;
  dueAt?: Dayjs | null;
  cadenceKind?: Cadence['kind'];
  weekday?: number;
  day?: number;
  dueTime?: Dayjs | null;
  endsOn?: Dayjs | null;
  priority: Priority;
  splitByCounty: boolean;
};

/** A task to create: from one directive, or from all the selected ones merged. */
type Group = {
  key: string;
  directives: Directive[];
  proposals: TaskProposal[];
  /** The lead unit's name as proposed, for the picker before any search. */
  leadLabel: string | null;
};

const MERGED = 'merged';

function groupsFor(directives: Directive[], proposals: Map<number, TaskProposal>, merged: boolean): Group[] {
  const make = (key: string, list: Directive[]): Group => {
    const found = list.map((d) => proposals.get(d.id)).filter((p): p is TaskProposal => Boolean(p));
    return {
      key,
      directives: list,
      proposals: found,
      leadLabel: found.find((p) => p.leadUnit)?.leadUnit?.name ?? null,
    };
  };
  return merged ? [make(MERGED, directives)] : directives.map((d) => make(`d${d.id}`, [d]));
}

/** The form as the proposals fill it; several merged take the first lead, everyone else's units and the earliest date. */
function draftFor(group: Group, meeting: Meeting): TaskDraft {
  const { proposals, directives } = group;
  const first = proposals[0];
  const lead = proposals.find((p) => p.leadUnit)?.leadUnit ?? null;
  const coUnitIds = [
    ...new Set(
      proposals.flatMap((p) => [...(p.leadUnit ? [p.leadUnit.id] : []), ...p.coUnits.map((u) => u.id)]),
    ),
  ].filter((id) => id !== lead?.id);
  const dueAt = proposals
    .map((p) => p.dueAt)
    .filter((d): d is string => Boolean(d))
    .sort()[0];
  const cadence = dueAt ? null : (proposals.find((p) => p.cadence)?.cadence ?? null);
  const regions = new Set(proposals.map((p) => p.regionCode));
  const merged = directives.length > 1;
  return {
    title: first?.title ?? directives[0]?.text.slice(0, 40) ?? '',
    description: merged
      ? directives.map((d) => d.text).join('\n')
      : (first?.description ?? directives[0]?.text),
    category: first?.category ?? directives[0]?.category ?? 'other',
    regionCode: regions.size === 1 ? [...regions][0] : meeting.regionCode,
    leadUnitId: lead?.id,
    coUnitIds,
    schedule: cadence ? 'cadence' : 'due',
    dueAt: dueAt ? dayjs(dueAt) : null,
    cadenceKind: cadence?.kind ?? 'weekly',
    weekday: cadence?.kind === 'weekly' ? cadence.weekday : 1,
    day: cadence?.kind === 'monthly' ? cadence.day : 1,
    dueTime: dayjs(`2000-01-01T${cadence?.dueTime ?? '17:00'}`),
    endsOn: null,
    priority: 'normal',
    splitByCounty: proposals.some((p) => p.splitByCounty),
  };
}

function taskInput(draft: TaskDraft, group: Group): TaskCreate {
  const responsibility = group.proposals[0]?.responsibility;
  const input: TaskCreate = {
    title: draft.title.trim(),
    description: draft.description?.trim() || undefined,
    category: draft.category,
    ...(responsibility ? { responsibility } : {}),
    regionCode: draft.regionCode ?? '',
    leadUnitId: draft.leadUnitId ?? 0,
    coUnitIds: draft.coUnitIds ?? [],
    directiveIds: group.directives.map((d) => d.id),
    priority: draft.priority,
    splitByCounty: draft.splitByCounty,
  };
  if (draft.schedule === 'due') {
    if (draft.dueAt) input.dueAt = draft.dueAt.format('YYYY-MM-DD');
    return input;
  }
  const dueTime = draft.dueTime ? draft.dueTime.format('HH:mm') : '17:00';
  const kind = draft.cadenceKind ?? 'weekly';
  input.cadence =
    kind === 'daily'
      ? { kind, dueTime }
      : kind === 'weekly'
        ? { kind, weekday: draft.weekday ?? 1, dueTime }
        : { kind, day: draft.day ?? 1, dueTime };
  if (draft.endsOn) input.endsOn = draft.endsOn.format('YYYY-MM-DD');
  return input;
}

/** The form field a server path names (body.cadence.weekday → weekday); the rest goes to the group's alert. */
function fieldOf(path: string): keyof TaskDraft | null {
  const parts = path.replace(/^body\./, '').split('.');
  const [head, next] = parts;
  if (head === 'cadence') {
    if (next === 'weekday' || next === 'day' || next === 'dueTime') return next;
    return 'cadenceKind';
  }
  const direct: (keyof TaskDraft)[] = [
    'title',
    'description',
    'category',
    'regionCode',
    'leadUnitId',
    'coUnitIds',
    'dueAt',
    'endsOn',
    'priority',
    'splitByCounty',
  ];
  return direct.includes(head as keyof TaskDraft) ? (head as keyof TaskDraft) : null;
}

/** Puts a refusal's field messages under the group's fields; what no field takes is returned for the alert. */
function showRefusal(form: FormInstance, key: string, err: unknown): string {
  if (!(err instanceof ApiError) || err.details.length === 0) return errorMessage(err);
  const byField = new Map<string, string[]>();
  const loose: string[] = [];
  for (const detail of err.details) {
    const field = detail.field ? fieldOf(detail.field) : null;
    const text = formatServerText(detail.message);
    if (field) byField.set(field, [...(byField.get(field) ?? []), text]);
    else loose.push(text);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: [key, field], errors })));
  // The server's sentence says more than a field's two words (期限 2022-11-30 已经过去，请选择…).
  if (byField.size > 0) return formatServerText(err.message);
  return loose.length
    ? `${formatServerText(err.message)}（${loose.join('；')}）`
    : formatServerText(err.message);
}

const today = () => dayjs(beijingDay(new Date()) ?? undefined);

type Outcome = { created: TaskCreated } | { error: string };

export function TaskConversionDrawer({
  meeting,
  directives,
  onClose,
}: {
  meeting: Meeting;
  /** The accepted directives chosen, in the meeting's order. */
  directives: Directive[];
  onClose: (createdAny: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm();
  const proposals = useTaskProposals(meeting.id, true);
  const create = useCreateTask();
  const refresh = useRefreshMeetingTasks();
  const [merged, setMerged] = useState(false);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [running, setRunning] = useState(false);

  const groups = proposals.data ? groupsFor(directives, proposals.data, merged) : [];
  const done = groups.filter((g) => outcomes[g.key] && 'created' in outcomes[g.key]!);
  const open = groups.filter((g) => !(outcomes[g.key] && 'created' in outcomes[g.key]!));
  const createdAny = Object.values(outcomes).some((o) => 'created' in o);
  // Every way of grouping is filled in once, so switching 合并 back and forth keeps what was typed.
  const initialValues = useMemo(() => {
    if (!proposals.data) return undefined;
    const all = [
      ...groupsFor(directives, proposals.data, false),
      ...(directives.length > 1 ? groupsFor(directives, proposals.data, true) : []),
    ];
    return Object.fromEntries(all.map((g) => [g.key, draftFor(g, meeting)]));
  }, [proposals.data, directives, meeting]);

  const which = (group: Group) =>
    group.directives.length > 1
      ? t('meetings.toTask.mergedSeqs', { seqs: group.directives.map((d) => d.seq).join('、') })
      : t('meetings.toTask.seq', { seq: group.directives[0]?.seq });

  const submit = async () => {
    try {
      // Only the cards on screen have fields registered: the other grouping's spares are not checked.
      await form.validateFields();
    } catch {
      return;
    }
    setRunning(true);
    const next: Record<string, Outcome> = { ...outcomes };
    // One at a time, in the meeting's order: each answer belongs to its form, and the office reads them in order.
    for (const group of open) {
      const draft = form.getFieldValue(group.key) as TaskDraft;
      try {
        const created = await create.mutateAsync(taskInput(draft, group));
        next[group.key] = { created };
      } catch (err) {
        next[group.key] = { error: showRefusal(form, group.key, err) };
      }
    }
    setOutcomes(next);
    setRunning(false);
    const made = open.filter((g) => 'created' in next[g.key]!);
    const failed = open.filter((g) => 'error' in next[g.key]!);
    if (made.length) await refresh();
    if (failed.length === 0) {
      message.success(t('meetings.toTask.createdAll', { count: made.length }));
      onClose(true);
    } else if (made.length) {
      message.warning(
        t('meetings.toTask.createdSome', {
          done: made.length,
          failed: failed.length,
          which: failed.map(which).join('、'),
        }),
      );
    } else {
      message.error(t('meetings.toTask.failedAll', { which: failed.map(which).join('、') }));
    }
  };

  const title = t('meetings.toTask.drawerTitle', { count: directives.length });
  let body: ReactNode;
  if (proposals.isError) {
    body = (
      <Result
        status="error"
        title={t('meetings.toTask.proposalsFailed')}
        subTitle={errorMessage(proposals.error)}
        extra={<Button onClick={() => proposals.refetch()}>{t('common.retry')}</Button>}
      />
    );
  } else if (!proposals.data || !initialValues) {
    body = <Skeleton active paragraph={{ rows: 10 }} />;
  } else {
    body = (
      <>
        <Typography.Paragraph type="secondary">
          {merged ? t('meetings.toTask.introMerged') : t('meetings.toTask.intro', { count: groups.length })}
        </Typography.Paragraph>
        {directives.length > 1 && !createdAny && (
          <Checkbox
            checked={merged}
            onChange={(e) => setMerged(e.target.checked)}
            style={{ marginBottom: 16 }}
          >
            {t('meetings.toTask.merge', { count: directives.length })}
          </Checkbox>
        )}
        {done.length > 0 && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('meetings.toTask.createdHeading', { count: done.length })}
            description={
              <ul className={styles.created}>
                {done.map((g) => {
                  const created = (outcomes[g.key] as { created: TaskCreated }).created;
                  return (
                    <li key={g.key}>
                      {t('meetings.toTask.createdLine', {
                        which: which(g),
                        title: created.title,
                        unit: created.leadUnit.name,
                      })}
                      {created.subtasks.length > 0 &&
                        t('meetings.toTask.createdSplit', { count: created.subtasks.length })}
                    </li>
                  );
                })}
              </ul>
            }
          />
        )}
        <Form form={form} layout="vertical" initialValues={initialValues} requiredMark={false}>
          {open.map((group) => (
            <TaskDraftCard
              key={group.key}
              group={group}
              heading={which(group)}
              error={(outcomes[group.key] as { error?: string } | undefined)?.error ?? null}
            />
          ))}
        </Form>
      </>
    );
  }

  return (
    <Drawer
      open
      title={title}
      size={screens.md ? 760 : '100%'}
      // On a phone the cards inside already pad their fields; the drawer's own padding would squeeze them.
      styles={{ body: { padding: screens.md ? 24 : 12 } }}
      onClose={() => onClose(createdAny)}
      destroyOnHidden
      maskClosable={false}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }} wrap>
          <Button onClick={() => onClose(createdAny)}>
            {createdAny ? t('common.close') : t('common.cancel')}
          </Button>
          <Button
            type="primary"
            loading={running}
            disabled={!proposals.data || open.length === 0}
            onClick={submit}
          >
            {createdAny
              ? t('meetings.toTask.retry', { count: open.length })
              : t('meetings.toTask.submit', { count: open.length })}
          </Button>
        </Space>
      }
    >
      {body}
    </Drawer>
  );
}

const weekdays = [1, 2, 3, 4, 5, 6, 7];
const monthDays = Array.from({ length: 31 }, (_, i) => i + 1);

function TaskDraftCard({ group, heading, error }: { group: Group; heading: string; error: string | null }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const key = group.key;
  const name = (field: keyof TaskDraft) => [key, field];
  const schedule = Form.useWatch(name('schedule'), form) as Schedule | undefined;
  const cadenceKind = Form.useWatch(name('cadenceKind'), form) as Cadence['kind'] | undefined;
  const split = Form.useWatch(name('splitByCounty'), form) as boolean | undefined;
  const leadUnitId = Form.useWatch(name('leadUnitId'), form) as number | undefined;
  const dueAt = Form.useWatch(name('dueAt'), form) as Dayjs | null | undefined;
  const countyUnits = group.proposals.find((p) => p.countyUnits.length)?.countyUnits ?? [];
  const proposedSplit = group.proposals.some((p) => p.splitByCounty);
  const proposedDue = group.proposals
    .map((p) => p.dueAt)
    .filter(Boolean)
    .sort()[0];
  const pastProposal =
    proposedDue && dueAt && dueAt.format('YYYY-MM-DD') === proposedDue && dueAt.isBefore(today(), 'day');
  const reasons = group.proposals.flatMap((p) => p.reasons);

  return (
    <Card size="small" className={styles.group} title={heading} data-task-draft={key}>
      {group.directives.map((d) => (
        <Typography.Paragraph
          key={d.id}
          className={styles.source}
          ellipsis={{ rows: 2, expandable: 'collapsible' }}
        >
          {group.directives.length > 1 && <Tag>{t('meetings.toTask.seq', { seq: d.seq })}</Tag>}
          {d.text}
        </Typography.Paragraph>
      ))}
      {reasons.length > 0 && (
        <span className={styles.reasons} data-reasons>
          {t('meetings.toTask.reasons', { text: reasons.join('；') })}
        </span>
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} role="alert" />}
      <Form.Item
        name={name('title')}
        label={t('meetings.toTask.title')}
        rules={[
          { required: true, whitespace: true, message: t('meetings.toTask.titleRequired') },
          { max: 200, message: t('validation.maxLength', { max: 200 }) },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item name={name('description')} label={t('meetings.toTask.description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <div className={styles.row}>
        <Form.Item name={name('category')} label={t('meetings.toTask.category')}>
          <Select
            options={taskCategoryValues.map((c) => ({ value: c, label: t(`meetings.category.${c}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={name('regionCode')}
          label={t('meetings.toTask.region')}
          rules={[{ required: true, message: t('meetings.toTask.regionRequired') }]}
        >
          <RegionSelect />
        </Form.Item>
        <Form.Item
          name={name('leadUnitId')}
          label={t('meetings.toTask.leadUnit')}
          rules={[
            {
              required: true,
              message: split ? t('meetings.toTask.leadRequiredSplit') : t('meetings.toTask.leadRequired'),
            },
          ]}
          extra={split ? t('meetings.toTask.leadStillRequired') : undefined}
        >
          <UnitSelect initialLabel={group.leadLabel} placeholder={t('meetings.toTask.leadPlaceholder')} />
        </Form.Item>
        <Form.Item name={name('coUnitIds')} label={t('meetings.toTask.coUnits')}>
          <UnitMultiSelect excludeIds={leadUnitId ? [leadUnitId] : []} />
        </Form.Item>
      </div>
      <Form.Item name={name('schedule')} label={t('meetings.toTask.schedule')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'due', label: t('meetings.toTask.scheduleDue') },
            { value: 'cadence', label: t('meetings.toTask.scheduleCadence') },
          ]}
        />
      </Form.Item>
      {schedule === 'cadence' ? (
        <Form.Item label={t('meetings.toTask.cadence')} required>
          <div className={styles.cadence}>
            <Form.Item name={name('cadenceKind')} noStyle>
              <Select
                aria-label={t('meetings.toTask.cadence')}
                style={{ width: 100 }}
                options={(['daily', 'weekly', 'monthly'] as const).map((k) => ({
                  value: k,
                  label: t(`meetings.toTask.cadenceKind.${k}`),
                }))}
              />
            </Form.Item>
            {cadenceKind === 'weekly' && (
              <Form.Item name={name('weekday')}>
                <Select
                  aria-label={t('meetings.toTask.weekday')}
                  style={{ width: 96 }}
                  options={weekdays.map((w) => ({ value: w, label: t(`meetings.toTask.weekdays.${w}`) }))}
                />
              </Form.Item>
            )}
            {cadenceKind === 'monthly' && (
              <Form.Item name={name('day')}>
                <Select
                  aria-label={t('meetings.toTask.day')}
                  style={{ width: 96 }}
                  options={monthDays.map((d) => ({
                    value: d,
                    label: t('meetings.toTask.dayOption', { day: d }),
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item name={name('dueTime')}>
              <TimePicker
                aria-label={t('meetings.toTask.dueTime')}
                format="HH:mm"
                minuteStep={5}
                allowClear={false}
                needConfirm={false}
                style={{ width: 96 }}
              />
            </Form.Item>
            <Form.Item name={name('endsOn')}>
              <DatePicker
                aria-label={t('meetings.toTask.endsOn')}
                placeholder={t('meetings.toTask.endsOn')}
                format={datePickerFormat()}
                disabledDate={(d) => d.isBefore(today(), 'day')}
              />
            </Form.Item>
          </div>
        </Form.Item>
      ) : (
        <Form.Item
          name={name('dueAt')}
          label={t('meetings.toTask.dueAt')}
          rules={[{ required: true, message: t('meetings.toTask.dueRequired') }]}
          extra={
            pastProposal ? (
              <Typography.Text type="warning">
                {t('meetings.toTask.pastProposal', { date: formatDate(`${proposedDue}T12:00:00+08:00`) })}
              </Typography.Text>
            ) : undefined
          }
        >
          <DatePicker
            format={datePickerFormat()}
            disabledDate={(d) => d.isBefore(today(), 'day')}
            style={{ width: 200 }}
          />
        </Form.Item>
      )}
      <Form.Item name={name('priority')} label={t('meetings.toTask.priority')}>
        <Radio.Group
          optionType="button"
          options={priorityValues.map((p) => ({ value: p, label: t(`meetings.toTask.priorityLabel.${p}`) }))}
        />
      </Form.Item>
      {(proposedSplit || split) && (
        <Form.Item
          name={name('splitByCounty')}
          label={t('meetings.toTask.splitByCounty')}
          valuePropName="checked"
          extra={
            <div className={styles.splitNote}>
              {split
                ? t('meetings.toTask.splitHelp', {
                    count: countyUnits.length,
                    names: countyUnits.map((u) => u.name).join('、'),
                  })
                : t('meetings.toTask.splitOff')}
            </div>
          }
        >
          <Switch />
        </Form.Item>
      )}
    </Card>
  );
}

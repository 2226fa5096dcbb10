// A task's lifecycle as a transition table: the office assigns, returns and completes; each unit signs, reports,
// declines for its own assignment; only the lead unit submits (consolidating the co-units' work).
import { and, eq, sql } from 'drizzle-orm';
import {
  activeTaskStatuses,
  type TaskEventInput,
  type TaskEventType,
  type TaskStatus,
} from '../../../shared/contracts/tasks.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Applied, RecordMachine, Transition } from '../../records/transitions.ts';
import { type Actor, can } from '../auth/actor.ts';
import { allocateNoticeNumber } from '../supervision/supervision.service.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { dueAtInstant, nextMissingDue, reportPeriodFor } from './tasks.dates.ts';
import { reminderLevel, taskEventLabels, taskStatusLabels } from './tasks.labels.ts';
import { notifyTaskEvent } from './tasks.notify.ts';
import { lockTaskInScope, type TaskContext } from './tasks.scope.ts';
import { taskAssignments, taskAttachments, taskReports, tasks } from './tasks.table.ts';

export { reminderLevel, taskEventLabels, taskStatusLabels };

/** An event as the server sends it: what a caller may send, plus why the reminders job reminds. */
export type TaskChange = TaskEventInput & { reminder?: { reason: 'due_soon' | 'overdue'; key: string } };

type TaskTransition = Transition<TaskStatus, TaskEventType, TaskContext>;

const active = [...activeTaskStatuses];
const office = (actor: Actor) => can(actor, 'tasks:write');
const supervisor = (actor: Actor) => can(actor, 'tasks:supervise');
/** Someone of a unit with an assignment in this task, acting for it (not a leader or an inspector). */
const ofAssignedUnit = (actor: Actor, ctx: TaskContext) =>
  ctx.mine !== null && ['unit_liaison', 'hq_staff', 'hq_admin', 'grid_worker'].includes(actor.role);
const ofLeadUnit = (actor: Actor, ctx: TaskContext) =>
  ofAssignedUnit(actor, ctx) && ctx.mine?.role === 'lead';

const officeWho = '指挥部办公室（管理员、工作人员）';
const unitWho = '本任务承办单位（牵头或配合）的联络员';
const leadWho = '牵头单位的联络员（配合单位把材料交牵头单位汇总）';

export const taskTransitions: readonly TaskTransition[] = [
  { event: 'assign', from: ['draft'], to: 'assigned', who: officeWho, may: office },
  {
    event: 'sign',
    from: ['assigned'],
    to: 'signed',
    who: unitWho,
    may: ofAssignedUnit,
    subject: 'assignment',
  },
  {
    event: 'report',
    from: ['signed', 'in_progress', 'returned'],
    to: 'in_progress',
    who: unitWho,
    may: ofAssignedUnit,
    subject: 'assignment',
  },
  {
    event: 'submit',
    from: ['signed', 'in_progress', 'returned'],
    to: 'submitted',
    who: leadWho,
    may: ofLeadUnit,
    subject: 'assignment',
  },
  {
    event: 'decline',
    from: ['assigned', 'signed'],
    to: 'declined',
    who: unitWho,
    may: ofAssignedUnit,
    subject: 'assignment',
    needsNote: '拒收须说明理由（例如不属于本单位职责）',
  },
  {
    event: 'request_extension',
    from: ['assigned', 'signed', 'in_progress', 'returned'],
    to: null,
    who: leadWho,
    may: ofLeadUnit,
    subject: 'assignment',
    needsNote: '申请延期须说明理由',
  },
  {
    event: 'return',
    from: ['submitted'],
    to: 'returned',
    who: officeWho,
    may: office,
    needsNote: '退回须说明理由，承办单位据此补充',
  },
  { event: 'complete', from: ['submitted'], to: 'done', who: officeWho, may: office },
  {
    event: 'reassign',
    from: ['declined'],
    to: 'assigned',
    who: officeWho,
    may: office,
    subject: 'declined',
  },
  {
    event: 'insist',
    from: ['declined'],
    to: 'assigned',
    who: officeWho,
    may: office,
    subject: 'declined',
    needsNote: '坚持交办须说明理由',
  },
  { event: 'approve_extension', from: active, to: null, who: officeWho, may: office },
  {
    event: 'refuse_extension',
    from: active,
    to: null,
    who: officeWho,
    may: office,
    needsNote: '不批准延期须说明理由',
  },
  {
    event: 'remind',
    from: ['assigned', 'signed', 'in_progress', 'returned', 'declined'],
    to: null,
    who: '指挥部办公室、领导',
    may: supervisor,
  },
  { event: 'list', from: active, to: null, who: '指挥部办公室、领导', may: supervisor },
  {
    event: 'unlist',
    from: [...active, 'done', 'cancelled'],
    to: null,
    who: '指挥部办公室、领导',
    may: supervisor,
  },
  {
    event: 'cancel',
    from: ['draft', ...active],
    to: 'cancelled',
    who: officeWho,
    may: office,
    needsNote: '撤销须说明理由',
  },
];

const refuse = (message: string) => new AppError('INVALID_TRANSITION', message, [{ field: 'type', message }]);

async function setAssignments(
  tx: Db,
  taskId: number,
  patch: Partial<typeof taskAssignments.$inferInsert>,
  which?: { id?: number; notStatus?: TaskStatus[] },
): Promise<void> {
  const conditions = [eq(taskAssignments.taskId, taskId)];
  if (which?.id) conditions.push(eq(taskAssignments.id, which.id));
  if (which?.notStatus?.length)
    conditions.push(
      sql`${taskAssignments.status} not in (${sql.join(
        which.notStatus.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  await tx
    .update(taskAssignments)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(...conditions));
}

/** The lists page each unit's tasks by the task's deadline; every change of it is copied to the assignments. */
export async function copyDeadlineToAssignments(tx: Db, taskId: number): Promise<void> {
  await tx.execute(sql`
    update task_assignments a set deadline_at = t.deadline_at
    from tasks t where t.id = ${taskId} and a.task_id = t.id and a.deadline_at is distinct from t.deadline_at`);
}

/** Links uploaded files to a report: only this task's files, uploaded by this unit and not yet used. */
async function takeAttachments(tx: Db, ctx: TaskContext, reportId: number, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const taken = await tx
    .update(taskAttachments)
    .set({ reportId })
    .where(
      and(
        eq(taskAttachments.taskId, ctx.task.id),
        sql`${taskAttachments.id} in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
        sql`${taskAttachments.reportId} is null`,
        ctx.mine ? eq(taskAttachments.unitId, ctx.mine.unitId) : sql`true`,
      ),
    )
    .returning({ id: taskAttachments.id });
  if (taken.length !== new Set(ids).size)
    throw new AppError('VALIDATION', '附件不存在、不属于本任务或已被其他报告使用', [
      { field: 'attachmentIds', message: '请重新上传附件' },
    ]);
}

async function addReport(tx: Db, actor: Actor, ctx: TaskContext, input: TaskEventInput, now: Date) {
  const mine = ctx.mine!;
  const { cadence, assignedAt, endsOn } = ctx.task;
  const periodStart =
    cadence && assignedAt
      ? reportPeriodFor(cadence, assignedAt, endsOn, await reportedPeriods(tx, ctx.task.id, mine.unitId), now)
      : null;
  const [report] = await tx
    .insert(taskReports)
    .values({
      taskId: ctx.task.id,
      unitId: mine.unitId,
      periodStart,
      note: input.note?.trim() || null,
      progress: input.progress ?? null,
      figures: input.figures ?? [],
      createdBy: actor.id > 0 ? actor.id : null,
      createdByName: actor.displayName,
      createdByUsername: actor.username,
    })
    .returning({ id: taskReports.id });
  await takeAttachments(tx, ctx, report!.id, input.attachmentIds ?? []);
  return { reportId: report!.id, periodStart };
}

const wasLateNow = (ctx: TaskContext, now: Date) =>
  ctx.task.wasLate || (ctx.task.deadlineAt !== null && ctx.task.deadlineAt.getTime() < now.getTime());

/** What each event does to the task and its assignments, after the table has allowed it. */
async function applyTaskEvent(
  tx: Db,
  actor: Actor,
  ctx: TaskContext,
  transition: TaskTransition,
  input: TaskChange,
): Promise<Applied> {
  const { task, mine } = ctx;
  const now = new Date();
  const event = transition.event;
  const label = `任务「${task.title}」`;
  const base = { regionCode: task.regionCode, unitId: mine?.unitId ?? null };
  const patch: Partial<typeof tasks.$inferInsert> = { updatedAt: now };
  const payload: Record<string, unknown> = {};
  let summary = `${label}${taskEventLabels[event]}`;
  let toState: string | null | undefined;
  const isLead = mine?.role === 'lead';

  switch (event) {
    case 'assign':
      patch.status = 'assigned';
      patch.assignedAt = now;
      if (task.cadence)
        patch.nextReportDueAt = nextMissingDue(task.cadence, now, task.endsOn, new Set(), now);
      await setAssignments(tx, task.id, { status: 'assigned' });
      break;
    case 'sign':
      await setAssignments(tx, task.id, { status: 'signed', signedAt: now }, { id: mine!.id });
      if (isLead) patch.status = 'signed';
      break;
    case 'report': {
      const { reportId, periodStart } = await addReport(tx, actor, ctx, input, now);
      payload.reportId = reportId;
      if (periodStart) payload.periodStart = periodStart;
      if (input.progress !== undefined) payload.progress = input.progress;
      if (input.figures?.length) payload.figures = input.figures;
      if (input.attachmentIds?.length) payload.attachmentIds = input.attachmentIds;
      await setAssignments(
        tx,
        task.id,
        { status: 'in_progress', ...(input.progress !== undefined ? { progress: input.progress } : {}) },
        { id: mine!.id },
      );
      if (isLead) {
        patch.status = 'in_progress';
        if (input.progress !== undefined) patch.progress = input.progress;
      }
      if (task.cadence && task.assignedAt) {
        const reported = await reportedPeriods(tx, task.id, mine!.unitId);
        if (isLead) {
          if (task.nextReportDueAt && task.nextReportDueAt.getTime() < now.getTime()) patch.wasLate = true;
          patch.nextReportDueAt = nextMissingDue(task.cadence, task.assignedAt, task.endsOn, reported, now);
        }
      }
      summary = `${label}报送进展`;
      break;
    }
    case 'submit': {
      if (input.note || input.attachmentIds?.length || input.progress !== undefined) {
        const { reportId } = await addReport(tx, actor, ctx, input, now);
        payload.reportId = reportId;
      }
      if (wasLateNow(ctx, now)) patch.wasLate = true;
      patch.status = 'submitted';
      patch.submittedAt = now;
      patch.progress = input.progress ?? 100;
      await setAssignments(
        tx,
        task.id,
        { status: 'submitted', submittedAt: now, progress: input.progress ?? 100 },
        { id: mine!.id },
      );
      break;
    }
    case 'decline':
      await setAssignments(
        tx,
        task.id,
        { status: 'declined', declinedReason: input.note!.trim() },
        { id: mine!.id },
      );
      if (isLead) patch.status = 'declined';
      summary = `${label}被${mine!.unitName}拒收`;
      break;
    case 'request_extension': {
      if (task.cadence || !task.dueAt) throw refuse('定期报送的任务没有办结期限，不能申请延期');
      if (task.pendingExtensionDueAt) throw refuse('已有一项延期申请待审批');
      if (!input.dueAt)
        throw new AppError('VALIDATION', '请填写申请延至的期限', [{ field: 'dueAt', message: '请填写期限' }]);
      const asked = dueAtInstant(input.dueAt);
      if (asked.getTime() <= task.dueAt.getTime())
        throw new AppError('VALIDATION', '申请的期限应晚于现在的期限', [
          { field: 'dueAt', message: '应晚于现在的期限' },
        ]);
      patch.pendingExtensionDueAt = asked;
      patch.pendingExtensionNote = input.note!.trim();
      payload.dueAt = asked.toISOString();
      payload.currentDueAt = task.dueAt.toISOString();
      break;
    }
    case 'approve_extension':
    case 'refuse_extension': {
      if (!task.pendingExtensionDueAt) throw refuse('没有待审批的延期申请');
      if (event === 'approve_extension') {
        const granted = input.dueAt ? dueAtInstant(input.dueAt) : task.pendingExtensionDueAt;
        if (task.dueAt && granted.getTime() <= task.dueAt.getTime())
          throw new AppError('VALIDATION', '批准的期限应晚于现在的期限', [
            { field: 'dueAt', message: '应晚于现在的期限' },
          ]);
        // Both deadlines are kept: the first one stays in original_due_at for evaluation.
        if (wasLateNow(ctx, now)) patch.wasLate = true;
        patch.originalDueAt = task.originalDueAt ?? task.dueAt;
        patch.dueAt = granted;
        payload.dueAt = granted.toISOString();
        payload.previousDueAt = task.dueAt?.toISOString() ?? null;
      } else payload.askedDueAt = task.pendingExtensionDueAt.toISOString();
      patch.pendingExtensionDueAt = null;
      patch.pendingExtensionNote = null;
      break;
    }
    case 'return':
      patch.status = 'returned';
      await setAssignments(tx, task.id, { status: 'returned' }, { id: ctx.lead.id });
      break;
    case 'complete':
      patch.status = 'done';
      patch.completedAt = now;
      patch.progress = 100;
      if (task.listed) payload.listedUntilDone = true;
      await setAssignments(tx, task.id, { status: 'done' }, { notStatus: ['declined'] });
      break;
    case 'reassign': {
      if (!input.unitId)
        throw new AppError('VALIDATION', '请选择改派的单位', [{ field: 'unitId', message: '请选择单位' }]);
      const declined = ctx.declined!;
      const [unit] = await tx
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(eq(units.id, input.unitId));
      if (!unit)
        throw new AppError('VALIDATION', '改派的单位不存在', [{ field: 'unitId', message: '单位不存在' }]);
      if (ctx.assignments.some((a) => a.unitId === unit.id && a.id !== declined.id))
        throw new AppError('CONFLICT', `${unit.name}已是本任务的承办单位`, [
          { field: 'unitId', message: '已承办' },
        ]);
      await tx.delete(taskAssignments).where(eq(taskAssignments.id, declined.id));
      await tx.insert(taskAssignments).values({
        taskId: task.id,
        unitId: unit.id,
        role: declined.role,
        status: 'assigned',
      });
      if (declined.role === 'lead') {
        patch.leadUnitId = unit.id;
        patch.status = 'assigned';
        toState = 'assigned';
      } else toState = task.status;
      payload.fromUnit = { id: declined.unitId, name: declined.unitName };
      payload.toUnit = unit;
      summary = `${label}由${declined.unitName}改派${unit.name}`;
      break;
    }
    case 'insist': {
      const declined = ctx.declined!;
      await setAssignments(tx, task.id, { status: 'assigned', declinedReason: null }, { id: declined.id });
      if (declined.role === 'lead') {
        patch.status = 'assigned';
        toState = 'assigned';
      } else toState = task.status;
      payload.unit = { id: declined.unitId, name: declined.unitName };
      break;
    }
    case 'remind': {
      patch.reminders = task.reminders + 1;
      patch.lastRemindedAt = now;
      payload.level = reminderLevel(task.reminders + 1);
      payload.count = task.reminders + 1;
      if (input.reminder) Object.assign(payload, input.reminder);
      break;
    }
    case 'list': {
      if (task.listed) throw refuse('任务已挂牌督办');
      const overdueDays = daysOverdue(task.deadlineAt, now);
      const threshold = ctx.listAfterDaysOverdue;
      if (overdueDays < threshold)
        throw refuse(
          overdueDays <= 0
            ? '任务尚未逾期，不能挂牌督办'
            : `任务逾期 ${overdueDays} 天，逾期满 ${threshold} 天才能挂牌督办`,
        );
      const supervisorId = input.supervisorId ?? (actor.role === 'leader' && actor.id > 0 ? actor.id : null);
      if (supervisorId) {
        const [leader] = await tx
          .select({ id: users.id, role: users.role, active: users.active, displayName: users.displayName })
          .from(users)
          .where(eq(users.id, supervisorId));
        if (leader?.role !== 'leader' || !leader.active)
          throw new AppError('VALIDATION', '督办领导应为在用的领导账号', [
            { field: 'supervisorId', message: '请选择领导' },
          ]);
        payload.supervisorName = leader.displayName;
      }
      patch.listed = true;
      patch.listedAt = now;
      patch.noticeNumber = task.noticeNumber ?? (await allocateNoticeNumber(tx, now));
      payload.noticeNumber = patch.noticeNumber;
      patch.supervisorId = supervisorId;
      patch.wasLate = true;
      payload.supervisorId = supervisorId;
      payload.daysOverdue = overdueDays;
      break;
    }
    case 'unlist':
      if (!task.listed) throw refuse('任务没有挂牌督办');
      patch.listed = false;
      patch.escalatedRegionCode = null;
      break;
    case 'cancel':
      patch.status = 'cancelled';
      await setAssignments(tx, task.id, { status: 'cancelled' });
      break;
  }

  const [after] = await tx.update(tasks).set(patch).where(eq(tasks.id, task.id)).returning();
  await copyDeadlineToAssignments(tx, task.id);
  await notifyTaskEvent(tx, { ...ctx, task: after! }, event, payload, input.note?.trim() || null);
  return {
    ...base,
    summary,
    toState: toState !== undefined ? toState : (transition.to ?? null),
    payload,
    before: auditView(task),
    after: auditView(after!),
  };
}

async function reportedPeriods(tx: Db, taskId: number, unitId: number): Promise<Set<string>> {
  const rows = await tx
    .select({ periodStart: taskReports.periodStart })
    .from(taskReports)
    .where(and(eq(taskReports.taskId, taskId), eq(taskReports.unitId, unitId)));
  return new Set(rows.map((r) => r.periodStart).filter((p): p is string => p !== null));
}

/** Whole days past the deadline in Beijing's calendar (0 when not yet due). */
export function daysOverdue(deadline: Date | null, now: Date): number {
  if (!deadline || !Number.isFinite(deadline.getTime()) || deadline.getTime() >= now.getTime()) return 0;
  const day = (d: Date) => Math.floor((d.getTime() + 8 * 3600_000) / 86_400_000);
  return Math.max(1, day(now) - day(deadline));
}

function auditView(row: typeof tasks.$inferSelect): Record<string, unknown> {
  const { deadlineAt: _deadline, ...rest } = row;
  return rest;
}

export const taskMachine: RecordMachine<TaskStatus, TaskEventType, TaskContext, TaskChange> = {
  kind: 'task',
  label: '任务',
  stateLabels: taskStatusLabels,
  eventLabels: taskEventLabels,
  transitions: taskTransitions,
  load: lockTaskInScope,
  stateOf(ctx, transition) {
    if (transition.subject === 'assignment') return ctx.mine?.status ?? null;
    if (transition.subject === 'declined') return ctx.declined ? 'declined' : ctx.task.status;
    return ctx.task.status;
  },
  apply: applyTaskEvent,
};

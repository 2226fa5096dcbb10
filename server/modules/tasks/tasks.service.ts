// Tasks: made by the office (directly or from a meeting's directives), listed and read in scope, moved by events.
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import {
  type Light,
  type Task,
  type TaskCreate,
  type TaskEventInput,
  type TaskEventType,
  type TaskList,
  type TaskListItem,
  type TaskListQuery,
  type TaskStatus,
  type TaskUpdate,
  taskCreateSchema,
} from '../../../shared/contracts/tasks.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { appendRecordEvent, changeRecord } from '../../records/change-record.ts';
import { recordEvents } from '../../records/record-events.table.ts';
import { allowedEvents } from '../../records/transitions.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import { assertWritable, isWithinRegion } from '../auth/scope.ts';
import { directives, meetings } from '../meetings/meetings.table.ts';
import { notifyUnit } from '../notifications/notifications.service.ts';
import { regions } from '../regions/regions.table.ts';
import { supervisionSettings } from '../supervision/supervision.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { beijingDate, dueAtInstant, nextMissingDue } from './tasks.dates.ts';
import { copyDeadlineToAssignments, taskMachine } from './tasks.machine.ts';
import {
  contextOf,
  listAfterDaysOverdue,
  loadAssignments,
  taskScopeFilter,
  taskScopeParts,
} from './tasks.scope.ts';
import { taskAssignments, taskAttachments, taskDirectives, taskReports, tasks } from './tasks.table.ts';

/**
 * The task's own columns, named with their table. Drizzle writes a one-table query's selected columns without it,
 * which inside a subquery would name the subquery's table (task_assignments.id for tasks.id).
 */
const outer = {
  id: sql.raw('"tasks"."id"'),
  leadUnitId: sql.raw('"tasks"."lead_unit_id"'),
  regionCode: sql.raw('"tasks"."region_code"'),
};

const notFound = (id: number) => new AppError('NOT_FOUND', `任务 ${id} 不存在或不在您的管辖范围内`);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// ---------------------------------------------------------------- lights

const openList = sql.raw(`'assigned','signed','in_progress','submitted','returned','declined'`);
const yellowDays = sql`(select ${supervisionSettings.yellowDays} from ${supervisionSettings} where ${supervisionSettings.id} = 1)`;

/**
 * The light, worked out by the database at read time in Beijing's calendar, never stored: red past the deadline
 * (or a missing period's report), yellow due within the settings' days or late and since caught up, green on
 * track, grey for drafts and cancelled tasks. A task submitted on time waits green for the office.
 */
export function lightSql(t: {
  status: SQL | unknown;
  deadlineAt: unknown;
  wasLate: unknown;
  submittedAt: unknown;
  completedAt: unknown;
}): SQL<Light> {
  return sql<Light>`case
    when ${t.status} in ('draft','cancelled') then 'grey'
    when ${t.status} = 'done' then case when ${t.wasLate} or ${t.completedAt} > ${t.deadlineAt} then 'yellow' else 'green' end
    when ${t.status} = 'submitted' then case when ${t.wasLate} or ${t.submittedAt} > ${t.deadlineAt} then 'yellow' else 'green' end
    when ${t.deadlineAt} = 'infinity'::timestamptz then case when ${t.wasLate} then 'yellow' else 'green' end
    when ${t.deadlineAt} < now() then 'red'
    when ${t.wasLate} then 'yellow'
    when (${t.deadlineAt} at time zone 'Asia/Shanghai')::date - (now() at time zone 'Asia/Shanghai')::date <= coalesce(${yellowDays}, 3) then 'yellow'
    else 'green' end`;
}

const taskLight = lightSql(tasks);

/** The caller's unit's assignment, as a list item shows it. */
function myAssignmentOf(actor: Actor): SQL<{ role: 'lead' | 'co'; status: TaskStatus } | null> {
  return sql`(select json_build_object('role', a.role, 'status', a.status) from ${taskAssignments} a where a.task_id = ${outer.id} and a.unit_id = ${actor.unitId})`;
}

/** The filter for one light, written so the open-deadline index can serve red and yellow. */
function lightFilter(light: Light): SQL {
  switch (light) {
    case 'red':
      return sql`${tasks.status} in (${openList}) and ${tasks.status} <> 'submitted' and ${tasks.deadlineAt} < now()`;
    default:
      return sql`${taskLight} = ${light}`;
  }
}

// ---------------------------------------------------------------- list

const leadUnit = sql`(select json_build_object('id', u.id, 'name', u.name) from ${units} u where u.id = ${outer.leadUnitId})`;
const regionName = sql<string>`coalesce((select r.name from ${regions} r where r.code = ${outer.regionCode}), ${outer.regionCode})`;

const listColumns = {
  id: tasks.id,
  title: tasks.title,
  status: tasks.status,
  category: tasks.category,
  priority: tasks.priority,
  regionCode: tasks.regionCode,
  regionName,
  leadUnit: sql<{ id: number; name: string }>`${leadUnit}`,
  dueAt: tasks.dueAt,
  cadence: tasks.cadence,
  nextReportDueAt: tasks.nextReportDueAt,
  deadlineKey: sql<string>`${tasks.deadlineAt}::text`,
  light: taskLight,
  listed: tasks.listed,
  progress: tasks.progress,
  parentId: tasks.parentId,
  meetingId: tasks.meetingId,
  directiveIds: sql<
    number[]
  >`array(select d.directive_id from ${taskDirectives} d where d.task_id = ${outer.id} order by d.directive_id)`,
  updatedAt: tasks.updatedAt,
  createdKey: sql<string>`${tasks.createdAt}::text`,
};

type ListRow = {
  id: number;
  title: string;
  status: TaskListItem['status'];
  category: TaskListItem['category'];
  priority: TaskListItem['priority'];
  regionCode: string;
  regionName: string;
  leadUnit: { id: number; name: string } | string;
  dueAt: Date | null;
  cadence: TaskListItem['cadence'];
  nextReportDueAt: Date | null;
  deadlineKey: string;
  light: Light;
  listed: boolean;
  progress: number | null;
  parentId: number | null;
  meetingId: number | null;
  directiveIds: number[] | string;
  myAssignment?: { role: 'lead' | 'co'; status: TaskStatus } | string | null;
  updatedAt: Date;
  createdKey: string;
};

/** An int[] as either driver hands it over: an array, or PostgreSQL's text form {1,2}. */
function intArray(value: number[] | string | null): number[] {
  if (!value) return [];
  if (Array.isArray(value)) return value.map(Number);
  return value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}

function toListItem(row: ListRow): TaskListItem {
  const lead = typeof row.leadUnit === 'string' ? JSON.parse(row.leadUnit) : row.leadUnit;
  const next = [row.dueAt, row.nextReportDueAt].filter((d): d is Date => d !== null);
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    category: row.category,
    priority: row.priority,
    regionCode: row.regionCode,
    regionName: row.regionName,
    leadUnit: lead,
    dueAt: iso(row.dueAt),
    cadence: row.cadence,
    nextDueAt: next.length ? new Date(Math.min(...next.map((d) => d.getTime()))).toISOString() : null,
    light: row.light,
    listed: row.listed,
    progress: row.progress,
    parentId: row.parentId,
    meetingId: row.meetingId,
    directiveIds: intArray(row.directiveIds),
    myAssignment:
      typeof row.myAssignment === 'string' ? JSON.parse(row.myAssignment) : (row.myAssignment ?? null),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type Cursor = { sort: TaskListQuery['sort']; key: string; id: number };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

function decodeCursor(text: string, sort: TaskListQuery['sort']): Cursor {
  try {
    const [s, key, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [
      string,
      string,
      number,
    ];
    if (
      s !== sort ||
      typeof key !== 'string' ||
      !Number.isInteger(id) ||
      Number.isNaN(Date.parse(key === 'infinity' ? '2000-01-01' : key))
    )
      throw new Error('bad cursor');
    return { sort, key, id };
  } catch {
    throw new AppError('VALIDATION', '翻页标记无效，请回到第一页重新查询', [
      { field: 'cursor', message: '无效' },
    ]);
  }
}

/** What the query asks for, beyond the actor's scope (taskScopeFilter adds that). */
function listFilters(actor: Actor, query: TaskListQuery): SQL[] {
  const filters: SQL[] = [];
  if (query.category) filters.push(eq(tasks.category, query.category));
  if (query.status) filters.push(eq(tasks.status, query.status));
  if (query.state === 'open') filters.push(sql`${tasks.status} not in ('done','cancelled')`);
  if (query.state === 'closed') filters.push(sql`${tasks.status} in ('done','cancelled')`);
  if (query.light) filters.push(lightFilter(query.light));
  if (query.listed) filters.push(eq(tasks.listed, query.listed === 'true'));
  if (query.unitId)
    filters.push(
      sql`exists (select 1 from ${taskAssignments} a where a.task_id = ${tasks.id} and a.unit_id = ${query.unitId})`,
    );
  if (query.mine === 'true')
    filters.push(
      sql`exists (select 1 from ${taskAssignments} a where a.task_id = ${tasks.id} and a.unit_id = ${actor.unitId})`,
    );
  if (query.regionCode) {
    const code = query.regionCode;
    const prefix = code.endsWith('00000000')
      ? code.slice(0, 4)
      : code.endsWith('000000')
        ? code.slice(0, 6)
        : code.endsWith('000') && code.length === 12
          ? code.slice(0, 9)
          : code;
    filters.push(sql`${tasks.regionCode} like ${`${prefix}%`}`);
  }
  if (query.meetingId) filters.push(eq(tasks.meetingId, query.meetingId));
  if (query.parentId) filters.push(eq(tasks.parentId, query.parentId));
  if (query.dueFrom)
    filters.push(sql`${tasks.deadlineAt} >= ${`${query.dueFrom}T00:00:00+08:00`}::timestamptz`);
  if (query.dueTo)
    filters.push(
      sql`${tasks.deadlineAt} < (${`${query.dueTo}T00:00:00+08:00`}::timestamptz + interval '1 day')`,
    );
  if (query.q) filters.push(sql`${tasks.title} ilike ${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return filters;
}

const EXACT_LIMIT = 10_000;

/** Both drivers answer a raw query with `{ rows }`; Drizzle types it per driver. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** `matches` is a query returning one row per matching task: counted exactly up to 10,000 and one more. */
async function countUpToLimit(db: Db, matches: SQL): Promise<number> {
  const result = await db.execute(
    sql`select count(*)::int as n from (${matches} limit ${EXACT_LIMIT + 1}) m`,
  );
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** The planner's estimate of how many rows `matches` returns. */
async function estimateRows(db: Db, matches: SQL): Promise<number> {
  const plan = await db.execute(sql`explain (format json) ${matches}`);
  const raw = rowsOf<{ 'QUERY PLAN': unknown }>(plan)[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(parsed[0]?.Plan['Plan Rows'] ?? 0);
}

/**
 * Conditions on a unit's assignment that follow from the task conditions, so a walk of the unit's assignments in
 * deadline order starts and stays where matching tasks are. The assignment carries a copy of its task's deadline
 * (kept by every deadline change); a draft's assignments are drafts until the task is assigned, which assigns
 * them all; and an assignment is done or cancelled only with its task, which never leaves those states. So the
 * tasks a unit's liaison sees are its assignments that are not drafts (task_assignments_unit_deadline_idx), the
 * open ones among them its assignments neither drafts, done nor cancelled (task_assignments_unit_open_idx).
 * One status condition each, written as the index's: a second one would be read from the table.
 * The task conditions are still applied to the task itself.
 */
function assignmentConditions(query: TaskListQuery): SQL[] {
  const open =
    query.state === 'open' ||
    query.light === 'red' ||
    (query.status !== undefined && query.status !== 'done' && query.status !== 'cancelled');
  const conditions: SQL[] = [
    open ? sql`a.status not in ('draft','done','cancelled')` : sql`a.status <> 'draft'`,
  ];
  if (query.light === 'red') conditions.push(sql`a.deadline_at < now()`);
  if (query.dueFrom) conditions.push(sql`a.deadline_at >= ${`${query.dueFrom}T00:00:00+08:00`}::timestamptz`);
  if (query.dueTo)
    conditions.push(
      sql`a.deadline_at < (${`${query.dueTo}T00:00:00+08:00`}::timestamptz + interval '1 day')`,
    );
  return conditions;
}

type Source = {
  /** The source's first `limit` matches after the cursor, in deadline order: (id, deadline_at). */
  page(cursor: Cursor | null, limit: number): SQL;
  /** Every match, one row each. */
  matches: SQL;
  /** The same rows for the planner's estimate. */
  estimated: SQL;
};

/**
 * Where a deadline-ordered list finds its tasks, one source per part of the actor's scope: the region's tasks off
 * the (deadline, id, region) indexes, the unit's through its assignments by (unit, deadline). A district
 * liaison's two parts are made disjoint (tasks seen through the unit but outside the district), so their pages
 * merge without duplicates and their counts add up, instead of one OR that no index can serve in order.
 */
function deadlineSources(actor: Actor, query: TaskListQuery, filters: SQL[]): Source[] {
  const { regionPrefix, unitId } = taskScopeParts(actor);
  const sources: Source[] = [];
  // Drafts are the office's (taskScopeFilter hides them from units): each source leaves them out before it pages,
  // the region's by the task's status, the unit's by its assignments' (assignmentConditions), so a unit's count
  // needs no task row when nothing else is asked.
  const hidesDrafts = unitId !== null;
  if (regionPrefix !== null) {
    const where = and(
      sql`${tasks.regionCode} like ${regionPrefix}`,
      ...(hidesDrafts ? [sql`${tasks.status} <> 'draft'`] : []),
      ...filters,
    );
    sources.push({
      page: (cursor, limit) =>
        sql`select ${tasks.id} as id, ${tasks.deadlineAt} as deadline_at from ${tasks} where ${where}${
          cursor
            ? sql` and (${tasks.deadlineAt}, ${tasks.id}) > (${cursor.key}::timestamptz, ${cursor.id})`
            : sql``
        } order by ${tasks.deadlineAt}, ${tasks.id} limit ${limit}`,
      matches: sql`select ${tasks.id} from ${tasks} where ${where}`,
      estimated: sql`select ${tasks.id} from ${tasks} where ${where}`,
    });
  }
  if (unitId !== null) {
    const onTask = [
      ...(regionPrefix !== null ? [sql`not (${tasks.regionCode} like ${regionPrefix})`] : []),
      ...filters,
    ];
    const mine = sql`a.unit_id = ${unitId}`;
    const where = and(mine, ...assignmentConditions(query), ...onTask);
    const from = sql`${taskAssignments} a join ${tasks} on ${tasks.id} = a.task_id`;
    // With nothing asked of the task, a unit's count is its assignments' (every assignment has its task).
    const matches = onTask.length
      ? sql`select a.task_id from ${from} where ${where}`
      : sql`select a.task_id from ${taskAssignments} a where ${where}`;
    sources.push({
      page: (cursor, limit) =>
        sql`select a.task_id as id, a.deadline_at from ${onTask.length ? from : sql`${taskAssignments} a`} where ${where}${
          cursor ? sql` and (a.deadline_at, a.task_id) > (${cursor.key}::timestamptz, ${cursor.id})` : sql``
        } order by a.deadline_at, a.task_id limit ${limit}`,
      matches,
      estimated: onTask.length
        ? sql`select a.task_id from ${from} where ${and(mine, sql`a.status <> 'draft'`, ...onTask)}`
        : matches,
    });
  }
  return sources;
}

function unionAll(parts: SQL[]): SQL {
  return parts.length === 1
    ? parts[0]!
    : sql.join(
        parts.map((p) => sql`(${p})`),
        sql` union all `,
      );
}

export async function listTasks(db: Db, actor: Actor, query: TaskListQuery): Promise<TaskList> {
  requirePermission(actor, 'tasks:read');
  const filters = listFilters(actor, query);
  const scoped = [taskScopeFilter(actor), ...filters];
  const keyed: SQL[] = [...scoped];
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const offset = !cursor && query.page ? (query.page - 1) * query.pageSize : 0;
  let order: SQL[];
  let matches = sql`select 1 from ${tasks} where ${and(...scoped)}`;
  let estimated = matches;
  switch (query.sort) {
    case 'created':
      if (cursor)
        keyed.push(sql`(${tasks.createdAt}, ${tasks.id}) < (${cursor.key}::timestamptz, ${cursor.id})`);
      order = [desc(tasks.createdAt), desc(tasks.id)];
      break;
    case 'updated':
      if (cursor)
        keyed.push(sql`(${tasks.updatedAt}, ${tasks.id}) < (${cursor.key}::timestamptz, ${cursor.id})`);
      order = [desc(tasks.updatedAt), desc(tasks.id)];
      break;
    default: {
      if (cursor)
        keyed.push(sql`(${tasks.deadlineAt}, ${tasks.id}) > (${cursor.key}::timestamptz, ${cursor.id})`);
      order = [asc(tasks.deadlineAt), asc(tasks.id)];
      // The page is the one the full conditions give, read only among the sources' first rows: each source's
      // first `limit` after the cursor together hold the first `limit` of all.
      const sources = deadlineSources(actor, query, filters);
      const limit = offset + query.pageSize + 1;
      const candidates =
        sources.length === 1
          ? sources[0]!.page(cursor, limit)
          : sql`select id from (${unionAll(sources.map((s) => s.page(cursor, limit)))}) c order by deadline_at, id limit ${limit}`;
      keyed.push(sql`${tasks.id} in (select id from (${candidates}) p)`);
      matches = unionAll(sources.map((s) => s.matches));
      estimated = unionAll(sources.map((s) => s.estimated));
    }
  }
  const columns = {
    ...listColumns,
    myAssignment: myAssignmentOf(actor),
    ...(query.sort === 'updated' ? { updatedKey: sql<string>`${tasks.updatedAt}::text` } : {}),
  };
  const pageRows = db
    .select(columns)
    .from(tasks)
    .where(and(...keyed))
    .orderBy(...order)
    .limit(query.pageSize + 1)
    .offset(offset)
    .execute();
  const counted = countUpToLimit(db, matches);
  // A full page hints at a long list: its estimate is asked for alongside the count rather than after it (it is
  // only used when the count passes 10,000). The estimate is planned from `estimated`, the same rows without
  // conditions that are there only for an index, which the planner would otherwise count twice.
  const guess = pageRows.then((r) => (r.length > query.pageSize ? estimateRows(db, estimated) : null));
  guess.catch(() => {});
  const [rows, n] = await Promise.all([pageRows, counted]);
  const count =
    n <= EXACT_LIMIT
      ? { total: n, estimate: false }
      : { total: Math.max(n, (await guess) ?? (await estimateRows(db, estimated))), estimate: true };
  const more = rows.length > query.pageSize;
  const page = (more ? rows.slice(0, query.pageSize) : rows) as (ListRow & { updatedKey?: string })[];
  const last = page.at(-1);
  const key = last
    ? query.sort === 'created'
      ? last.createdKey
      : query.sort === 'updated'
        ? last.updatedKey!
        : last.deadlineKey
    : null;
  return {
    items: page.map(toListItem),
    total: count.total,
    totalIsEstimate: count.estimate,
    page: cursor ? null : (query.page ?? 1),
    pageSize: query.pageSize,
    nextCursor: more && last && key ? encodeCursor({ sort: query.sort, key, id: last.id }) : null,
  };
}

// ---------------------------------------------------------------- read one

export async function getTask(db: Db, actor: Actor, id: number): Promise<Task> {
  requirePermission(actor, 'tasks:read');
  const [row] = await db
    .select({ task: tasks, ...listColumns, myAssignment: myAssignmentOf(actor) })
    .from(tasks)
    .where(and(eq(tasks.id, id), taskScopeFilter(actor)));
  if (!row) throw notFound(id);
  const task = row.task;
  const [assignments, events, reports, attachments, linked, children, people, days, escalated, meeting] =
    await Promise.all([
      loadAssignments(db, id),
      db
        .select({ e: recordEvents, unitName: units.name })
        .from(recordEvents)
        .leftJoin(units, eq(units.id, recordEvents.unitId))
        .where(and(eq(recordEvents.recordKind, 'task'), eq(recordEvents.recordId, id)))
        .orderBy(asc(recordEvents.id)),
      db
        .select({ r: taskReports, unitName: units.name })
        .from(taskReports)
        .innerJoin(units, eq(units.id, taskReports.unitId))
        .where(eq(taskReports.taskId, id))
        .orderBy(asc(taskReports.id)),
      db
        .select({
          id: taskAttachments.id,
          reportId: taskAttachments.reportId,
          fileName: taskAttachments.fileName,
          contentType: taskAttachments.contentType,
          size: taskAttachments.size,
          createdAt: taskAttachments.createdAt,
        })
        .from(taskAttachments)
        .where(eq(taskAttachments.taskId, id)),
      db
        .select({
          id: directives.id,
          meetingId: directives.meetingId,
          seq: directives.seq,
          text: directives.text,
        })
        .from(taskDirectives)
        .innerJoin(directives, eq(directives.id, taskDirectives.directiveId))
        .where(eq(taskDirectives.taskId, id))
        .orderBy(asc(directives.meetingId), asc(directives.seq)),
      db
        .select({
          id: tasks.id,
          title: tasks.title,
          status: tasks.status,
          leadUnit: listColumns.leadUnit,
          light: taskLight,
        })
        .from(tasks)
        .where(and(eq(tasks.parentId, id), taskScopeFilter(actor)))
        .orderBy(asc(tasks.regionCode)),
      task.supervisorId
        ? db
            .select({ id: users.id, username: users.username, displayName: users.displayName })
            .from(users)
            .where(eq(users.id, task.supervisorId))
        : Promise.resolve([]),
      listAfterDaysOverdue(db),
      task.escalatedRegionCode
        ? db
            .select({ code: regions.code, name: regions.name })
            .from(regions)
            .where(eq(regions.code, task.escalatedRegionCode))
        : Promise.resolve([]),
      task.meetingId
        ? db.select({ title: meetings.title }).from(meetings).where(eq(meetings.id, task.meetingId))
        : Promise.resolve([]),
    ]);
  const ctx = contextOf(actor, task, assignments, days);
  const taskLightValue = row.light;
  const attachmentsOf = (reportId: number) =>
    attachments
      .filter((a) => a.reportId === reportId)
      .map((a) => ({
        id: a.id,
        fileName: a.fileName,
        contentType: a.contentType,
        size: a.size,
        createdAt: a.createdAt.toISOString(),
      }));
  const item = toListItem(row as unknown as ListRow);
  return {
    ...item,
    description: task.description,
    responsibility: task.responsibility,
    acceptance: task.acceptance,
    originalDueAt: iso(task.originalDueAt),
    endsOn: task.endsOn,
    pendingExtension: task.pendingExtensionDueAt
      ? { dueAt: task.pendingExtensionDueAt.toISOString(), note: task.pendingExtensionNote }
      : null,
    supervisor: people[0] ?? null,
    noticeNumber: task.noticeNumber,
    meetingTitle: meeting[0]?.title ?? null,
    escalatedTo: escalated[0] ?? null,
    assignedAt: iso(task.assignedAt),
    submittedAt: iso(task.submittedAt),
    completedAt: iso(task.completedAt),
    reminders: task.reminders,
    assignments: assignments.map((a) => ({
      id: a.id,
      unit: { id: a.unitId, name: a.unitName },
      role: a.role,
      status: a.status,
      progress: a.progress,
      signedAt: iso(a.signedAt),
      submittedAt: iso(a.submittedAt),
      declinedReason: a.declinedReason,
      light: assignmentLight(a.status, taskLightValue),
    })),
    events: events.map(({ e, unitName }) => ({
      id: e.id,
      type: e.event,
      at: e.at.toISOString(),
      actor: { id: e.actorId, username: e.actorUsername, displayName: e.actorDisplayName },
      unit: e.unitId && unitName ? { id: e.unitId, name: unitName } : null,
      fromState: e.fromState,
      toState: e.toState,
      note: e.note,
      payload: e.payload,
    })),
    reports: reports.map(({ r, unitName }) => ({
      id: r.id,
      unit: { id: r.unitId, name: unitName },
      periodStart: r.periodStart,
      note: r.note,
      progress: r.progress,
      figures: r.figures,
      attachments: attachmentsOf(r.id),
      createdAt: r.createdAt.toISOString(),
      createdBy: { id: r.createdBy, username: r.createdByUsername, displayName: r.createdByName },
    })),
    directives: linked,
    children: children.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      leadUnit: typeof c.leadUnit === 'string' ? JSON.parse(c.leadUnit) : c.leadUnit,
      light: c.light,
    })),
    allowedEvents: allowedEvents(taskMachine, actor, ctx).filter((e) => eventFits(e, ctx)),
    createdAt: task.createdAt.toISOString(),
  };
}

/** An assignment's own light: its task's, except that a unit which has done its part is not chased. */
function assignmentLight(status: Task['status'], taskLight: Light): Light {
  if (status === 'cancelled' || status === 'draft') return 'grey';
  if (status === 'done' || status === 'submitted') return taskLight === 'red' ? 'yellow' : taskLight;
  return taskLight;
}

/** Events the table allows whose extra conditions the record does not meet are not offered either. */
function eventFits(event: TaskEventType, ctx: ReturnType<typeof contextOf>): boolean {
  const { task } = ctx;
  switch (event) {
    case 'request_extension':
      return !task.cadence && task.dueAt !== null && task.pendingExtensionDueAt === null;
    case 'approve_extension':
    case 'refuse_extension':
      return task.pendingExtensionDueAt !== null;
    case 'list':
      return !task.listed && task.deadlineAt !== null && task.deadlineAt.getTime() < Date.now();
    case 'unlist':
      return task.listed;
    default:
      return true;
  }
}

// ---------------------------------------------------------------- events

export async function sendTaskEvent(db: Db, actor: Actor, id: number, input: TaskEventInput): Promise<Task> {
  requirePermission(actor, 'tasks:read');
  await changeRecord(db, actor, taskMachine, id, input.type, input);
  return getTask(db, actor, id);
}

// ---------------------------------------------------------------- create

type UnitRef = { id: number; name: string; kind: string; regionCode: string };

async function unitsByIds(tx: Db, ids: number[]): Promise<Map<number, UnitRef>> {
  if (!ids.length) return new Map();
  const rows = await tx
    .select({ id: units.id, name: units.name, kind: units.kind, regionCode: units.regionCode })
    .from(units)
    .where(inArray(units.id, ids));
  return new Map(rows.map((u) => [u.id, u]));
}

/** The directives a task is made from: accepted ones of a reviewed meeting the actor can see, all of one meeting. */
async function checkDirectives(tx: Db, actor: Actor, ids: number[]): Promise<number | null> {
  if (!ids.length) return null;
  const rows = await tx
    .select({
      id: directives.id,
      status: directives.status,
      meetingId: meetings.id,
      meetingStatus: meetings.status,
      regionCode: meetings.regionCode,
    })
    .from(directives)
    .innerJoin(meetings, eq(meetings.id, directives.meetingId))
    .where(inArray(directives.id, ids));
  for (const id of ids) {
    const d = rows.find((r) => r.id === id);
    if (!d || !isWithinRegion(d.regionCode, actor.scopeRegion.code))
      throw new AppError('VALIDATION', `会议要求 ${id} 不存在`, [
        { field: 'directiveIds', message: `要求 ${id} 不存在` },
      ]);
    if (d.meetingStatus !== 'reviewed' || d.status !== 'accepted')
      throw new AppError('VALIDATION', '只能用审核完成的会议中已采纳的要求生成任务', [
        { field: 'directiveIds', message: `要求 ${id} 未采纳或会议未审核` },
      ]);
  }
  const meetingIds = new Set(rows.map((r) => r.meetingId));
  if (meetingIds.size > 1)
    throw new AppError('VALIDATION', '一项任务的要求应来自同一次会议', [
      { field: 'directiveIds', message: '来自多次会议' },
    ]);
  return rows[0]!.meetingId;
}

async function checkRegion(
  tx: Db,
  actor: Actor,
  code: string,
): Promise<{ code: string; name: string; level: string }> {
  assertWritable(actor, code, '交办任务');
  const [region] = await tx
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(eq(regions.code, code));
  if (!region)
    throw new AppError('VALIDATION', `区域 ${code} 不存在`, [{ field: 'regionCode', message: '区域不存在' }]);
  return region;
}

type Parsed = ReturnType<typeof taskCreateSchema.parse>;

async function insertTask(
  tx: Db,
  actor: Actor,
  input: Parsed & { parentId?: number | null; meetingId?: number | null },
  lead: UnitRef,
  coUnits: UnitRef[],
  now: Date,
): Promise<number> {
  const status: TaskStatus = input.draft ? 'draft' : 'assigned';
  const dueAt = input.dueAt ? dueAtInstant(input.dueAt) : null;
  const assignedAt = input.draft ? null : now;
  const [row] = await tx
    .insert(tasks)
    .values({
      title: input.title,
      description: input.description || null,
      category: input.category,
      responsibility: input.responsibility,
      priority: input.priority,
      acceptance: input.acceptance || null,
      regionCode: input.regionCode,
      leadUnitId: lead.id,
      status,
      dueAt,
      cadence: input.cadence ?? null,
      endsOn: input.endsOn ?? null,
      nextReportDueAt:
        input.cadence && assignedAt
          ? nextMissingDue(input.cadence, assignedAt, input.endsOn ?? null, new Set(), now)
          : null,
      parentId: input.parentId ?? null,
      meetingId: input.meetingId ?? null,
      assignedAt,
      createdBy: actor.id > 0 ? actor.id : null,
    })
    .returning();
  const task = row!;
  await tx
    .insert(taskAssignments)
    .values([
      { taskId: task.id, unitId: lead.id, role: 'lead' as const, status },
      ...coUnits.map((u) => ({ taskId: task.id, unitId: u.id, role: 'co' as const, status })),
    ]);
  await copyDeadlineToAssignments(tx, task.id);
  if (input.directiveIds.length)
    await tx
      .insert(taskDirectives)
      .values(input.directiveIds.map((directiveId) => ({ taskId: task.id, directiveId })));
  await appendRecordEvent(tx, actor, {
    kind: 'task',
    id: task.id,
    event: input.draft ? 'create' : 'assign',
    toState: status,
    payload: {
      leadUnit: { id: lead.id, name: lead.name },
      coUnits: coUnits.map((u) => ({ id: u.id, name: u.name })),
      dueAt: iso(dueAt),
      ...(input.cadence ? { cadence: input.cadence } : {}),
    },
  });
  if (!input.draft)
    for (const unit of [lead, ...coUnits])
      await notifyUnit(tx, unit.id, {
        kind: 'assigned',
        title: `新交办（${unit.id === lead.id ? '牵头' : '配合'}）：任务「${task.title}」`,
        body: task.description,
        link: `/tasks/${task.id}`,
        recordKind: 'task',
        recordId: task.id,
        regionCode: task.regionCode,
      });
  await recordAudit(tx, actor, {
    action: 'create',
    entity: 'task',
    entityId: task.id,
    regionCode: task.regionCode,
    summary: `${input.draft ? '新建' : '交办'}任务「${task.title}」给${lead.name}${coUnits.length ? `，配合：${coUnits.map((u) => u.name).join('、')}` : ''}`,
    after: { ...task, deadlineAt: undefined },
  });
  return task.id;
}

export async function createTask(
  db: Db,
  actor: Actor,
  raw: TaskCreate,
): Promise<{
  id: number;
  subtasks: { id: number; regionCode: string; leadUnit: { id: number; name: string } }[];
}> {
  requirePermission(actor, 'tasks:write');
  const input = taskCreateSchema.parse(raw);
  const now = new Date();
  if (input.dueAt && dueAtInstant(input.dueAt).getTime() < now.getTime())
    throw new AppError(
      'VALIDATION',
      `期限 ${input.dueAt} 已经过去，请选择今天（${beijingDate(now)}）或以后的日期`,
      [{ field: 'dueAt', message: '期限已过' }],
    );
  if (input.endsOn && input.endsOn < beijingDate(now))
    throw new AppError('VALIDATION', '定期报送的截止日期已经过去', [
      { field: 'endsOn', message: '日期已过' },
    ]);
  return db.transaction(async (tx) => {
    const region = await checkRegion(tx, actor, input.regionCode);
    const found = await unitsByIds(tx, [input.leadUnitId, ...input.coUnitIds]);
    const lead = found.get(input.leadUnitId);
    if (!lead)
      throw new AppError('VALIDATION', '牵头单位不存在', [{ field: 'leadUnitId', message: '单位不存在' }]);
    const coUnits = [...new Set(input.coUnitIds)].map((id) => {
      const unit = found.get(id);
      if (!unit)
        throw new AppError('VALIDATION', `配合单位 ${id} 不存在`, [
          { field: 'coUnitIds', message: `单位 ${id} 不存在` },
        ]);
      return unit;
    });
    const meetingId = await checkDirectives(tx, actor, input.directiveIds);
    const id = await insertTask(tx, actor, { ...input, meetingId }, lead, coUnits, now);
    const subtasks: { id: number; regionCode: string; leadUnit: { id: number; name: string } }[] = [];
    if (input.splitByCounty) {
      if (region.level !== 'city')
        throw new AppError('VALIDATION', '只有全市的任务才能分解到各县市区', [
          { field: 'splitByCounty', message: '区域应为全市' },
        ]);
      const districts = await tx
        .select({ id: units.id, name: units.name, kind: units.kind, regionCode: units.regionCode })
        .from(units)
        .where(
          and(eq(units.kind, 'district'), sql`${units.regionCode} like ${`${region.code.slice(0, 4)}%`}`),
        )
        .orderBy(asc(units.regionCode));
      if (!districts.length)
        throw new AppError('VALIDATION', '单位库中没有县市区单位，无法分解', [
          { field: 'splitByCounty', message: '没有县市区单位' },
        ]);
      for (const district of districts) {
        const childId = await insertTask(
          tx,
          actor,
          {
            ...input,
            regionCode: district.regionCode,
            coUnitIds: [],
            parentId: id,
            meetingId,
            directiveIds: input.directiveIds,
            splitByCounty: false,
            responsibility: 'territorial',
          },
          district,
          [],
          now,
        );
        subtasks.push({
          id: childId,
          regionCode: district.regionCode,
          leadUnit: { id: district.id, name: district.name },
        });
      }
    }
    return { id, subtasks };
  });
}

export async function updateTask(db: Db, actor: Actor, id: number, patch: TaskUpdate): Promise<Task> {
  requirePermission(actor, 'tasks:write');
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, id), taskScopeFilter(actor)))
      .for('update');
    if (!before) throw notFound(id);
    if (before.status === 'done' || before.status === 'cancelled')
      throw new AppError('INVALID_TRANSITION', '已办结或已撤销的任务不能修改', [
        { field: 'status', message: before.status },
      ]);
    const [after] = await tx
      .update(tasks)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(tasks.id, id))
      .returning();
    await appendRecordEvent(tx, actor, {
      kind: 'task',
      id,
      event: 'edit',
      toState: before.status,
      payload: { fields: Object.keys(patch) },
    });
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'task',
      entityId: id,
      regionCode: before.regionCode,
      summary: `修改任务「${after!.title}」`,
      before: { ...before, deadlineAt: undefined },
      after: { ...after!, deadlineAt: undefined },
    });
  });
  return getTask(db, actor, id);
}

// ---------------------------------------------------------------- overdue

export type OverdueTask = {
  id: number;
  title: string;
  status: Task['status'];
  regionCode: string;
  regionName: string;
  leadUnit: { id: number; name: string };
  deadlineAt: string;
  daysOverdue: number;
  listed: boolean;
  reminders: number;
};

/**
 * Every open task past its deadline (or missing a period's report) in the actor's scope, most overdue first:
 * what the reminders job, the CLI and the leader's view read. Submitted tasks wait for the office, not the unit.
 */
export async function overdueTasks(db: Db, actor: Actor, limit = 100_000): Promise<OverdueTask[]> {
  requirePermission(actor, 'tasks:read');
  // Names by join rather than one lookup per row: the city's tens of thousands of red tasks are then read in
  // table order and sorted, instead of fetched one by one in deadline order (≈4× faster at 70,000).
  const rows = await db
    .select({
      id: tasks.id,
      title: tasks.title,
      status: tasks.status,
      regionCode: tasks.regionCode,
      regionName: sql<string>`coalesce(${regions.name}, ${tasks.regionCode})`,
      leadUnitId: units.id,
      leadUnitName: units.name,
      // As the ISO text the caller gets, so tens of thousands of rows are not parsed into dates and back.
      deadlineAt: sql<string>`to_char(${tasks.deadlineAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      daysOverdue: sql<number>`((now() at time zone 'Asia/Shanghai')::date - (${tasks.deadlineAt} at time zone 'Asia/Shanghai')::date)`,
      listed: tasks.listed,
      reminders: tasks.reminders,
    })
    .from(tasks)
    .innerJoin(units, eq(units.id, tasks.leadUnitId))
    .leftJoin(regions, eq(regions.code, tasks.regionCode))
    .where(and(lightFilter('red'), taskScopeFilter(actor)))
    .orderBy(asc(tasks.deadlineAt), asc(tasks.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    regionCode: r.regionCode,
    regionName: r.regionName,
    leadUnit: { id: r.leadUnitId, name: r.leadUnitName },
    deadlineAt: r.deadlineAt,
    daysOverdue: Math.max(1, Number(r.daysOverdue)),
    listed: r.listed,
    reminders: r.reminders,
  }));
}

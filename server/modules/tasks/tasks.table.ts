// Tasks: work the HQ gives to units, each unit's assignment in it, the directives it came from, reports and files.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import type {
  AssignmentRole,
  Cadence,
  Priority,
  Responsibility,
  TaskCategory,
  TaskStatus,
} from '../../../shared/contracts/tasks.ts';
import { directives, meetings } from '../meetings/meetings.table.ts';
import { regions } from '../regions/regions.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const statusList = sql.raw(
  ['draft', 'assigned', 'signed', 'in_progress', 'submitted', 'returned', 'declined', 'done', 'cancelled']
    .map((s) => `'${s}'`)
    .join(','),
);

export const tasks = pgTable(
  'tasks',
  {
    id: serial().primaryKey(),
    title: text().notNull(),
    description: text(),
    category: text().$type<TaskCategory>().notNull(),
    responsibility: text().$type<Responsibility>().notNull().default('territorial'),
    priority: text().$type<Priority>().notNull().default('normal'),
    acceptance: text(),
    /** Scope: the region the task is about. */
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    /** The lead unit, kept here too so a list names it without reading assignments. */
    leadUnitId: integer()
      .notNull()
      .references(() => units.id),
    status: text().$type<TaskStatus>().notNull(),
    /** The deadline now in force (after an approved extension), and the one first given: both count. */
    dueAt: timestamp({ withTimezone: true }),
    originalDueAt: timestamp({ withTimezone: true }),
    cadence: jsonb().$type<Cadence>(),
    endsOn: date({ mode: 'string' }),
    /** Cadenced tasks: when the earliest report still missing is (or was) due; kept by every report. */
    nextReportDueAt: timestamp({ withTimezone: true }),
    /** What the list sorts and the lights read: the earlier of the two, never null for the index. */
    deadlineAt: timestamp({ withTimezone: true })
      .notNull()
      .generatedAlwaysAs(sql`coalesce(least(due_at, next_report_due_at), 'infinity'::timestamptz)`),
    /** Set once a deadline or a period's report was missed; a task late and caught up shows yellow. */
    wasLate: boolean().notNull().default(false),
    pendingExtensionDueAt: timestamp({ withTimezone: true }),
    pendingExtensionNote: text(),
    listed: boolean().notNull().default(false),
    listedAt: timestamp({ withTimezone: true }),
    supervisorId: integer().references(() => users.id, { onDelete: 'set null' }),
    /** The 督办通知书's number, given when the task was listed. */
    noticeNumber: text(),
    /** Listed tasks still overdue are escalated one level up the region tree: the region answering now. */
    escalatedRegionCode: text().references(() => regions.code),
    reminders: integer().notNull().default(0),
    lastRemindedAt: timestamp({ withTimezone: true }),
    progress: integer(),
    parentId: integer().references((): never => tasks.id as never, { onDelete: 'cascade' }),
    meetingId: integer().references(() => meetings.id, { onDelete: 'set null' }),
    assignedAt: timestamp({ withTimezone: true }),
    submittedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // With the status, counting a district's tasks (drafts left out for its liaison) needs no table row.
    index('tasks_region_deadline_idx').using(
      'btree',
      sql`${t.regionCode} text_pattern_ops`,
      sql`${t.deadlineAt}`,
      sql`${t.id}`,
      sql`${t.status}`,
    ),
    index('tasks_region_created_idx').using(
      'btree',
      sql`${t.regionCode} text_pattern_ops`,
      sql`${t.createdAt} desc`,
      sql`${t.id} desc`,
    ),
    // Deadline-ordered lists walk these from the cursor; region and status are read from the index, so a
    // district's page (or the HQ's) needs no table row until it has its twenty.
    index('tasks_deadline_idx').using(
      'btree',
      sql`${t.deadlineAt}`,
      sql`${t.id}`,
      sql`${t.regionCode} text_pattern_ops`,
      sql`${t.status}`,
    ),
    // Open tasks (state=open, red, overdue) are a fifth of the table and sort among closed ones with earlier deadlines.
    index('tasks_deadline_open_idx')
      .using(
        'btree',
        sql`${t.deadlineAt}`,
        sql`${t.id}`,
        sql`${t.regionCode} text_pattern_ops`,
        sql`${t.status}`,
      )
      .where(sql`${t.status} not in ('done','cancelled')`),
    // Open tasks by id, for counting a unit's open work: merged with the unit's open assignments in task order.
    index('tasks_open_id_idx')
      .on(t.id, t.deadlineAt, t.regionCode, t.status)
      .where(sql`${t.status} not in ('done','cancelled')`),
    index('tasks_meeting_idx').on(t.meetingId).where(sql`${t.meetingId} is not null`),
    index('tasks_parent_idx').on(t.parentId).where(sql`${t.parentId} is not null`),
    check('tasks_status_check', sql`${t.status} in (${statusList})`),
    check('tasks_category_check', sql`${t.category} in ('epidemic','economy','safety','governance','other')`),
    check('tasks_responsibility_check', sql`${t.responsibility} in ('territorial','functional','principal')`),
    check('tasks_priority_check', sql`${t.priority} in ('normal','high','urgent')`),
    check('tasks_title_not_blank', sql`length(btrim(${t.title})) > 0`),
    check('tasks_due_or_cadence', sql`not (${t.dueAt} is not null and ${t.cadence} is not null)`),
    check('tasks_progress_range', sql`${t.progress} between 0 and 100`),
  ],
);

export const taskAssignments = pgTable(
  'task_assignments',
  {
    id: serial().primaryKey(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    role: text().$type<AssignmentRole>().notNull(),
    status: text().$type<TaskStatus>().notNull(),
    progress: integer(),
    /** The task's sort key, copied so a unit's list pages by its own index (kept by every deadline change). */
    deadlineAt: timestamp({ withTimezone: true }).notNull().default(sql`'infinity'::timestamptz`),
    signedAt: timestamp({ withTimezone: true }),
    submittedAt: timestamp({ withTimezone: true }),
    declinedReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('task_assignments_task_unit_unique').on(t.taskId, t.unitId),
    // A unit's tasks by deadline, as its liaison sees them: drafts (the office's) left out.
    index('task_assignments_unit_deadline_idx')
      .on(t.unitId, t.deadlineAt, t.taskId)
      .where(sql`${t.status} <> 'draft'`),
    // A unit's open work, by deadline and by task: an assignment is done or cancelled only with its task (see
    // assignmentConditions in tasks.service.ts).
    index('task_assignments_unit_open_idx')
      .on(t.unitId, t.deadlineAt, t.taskId)
      .where(sql`${t.status} not in ('draft','done','cancelled')`),
    index('task_assignments_unit_task_open_idx')
      .on(t.unitId, t.taskId)
      .where(sql`${t.status} not in ('draft','done','cancelled')`),
    check('task_assignments_role_check', sql`${t.role} in ('lead','co')`),
    check('task_assignments_status_check', sql`${t.status} in (${statusList})`),
    check('task_assignments_progress_range', sql`${t.progress} between 0 and 100`),
  ],
);

export const taskDirectives = pgTable(
  'task_directives',
  {
    taskId: integer()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    directiveId: integer()
      .notNull()
      .references(() => directives.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.directiveId] }),
    index('task_directives_directive_idx').on(t.directiveId),
  ],
);

export const taskReports = pgTable(
  'task_reports',
  {
    id: serial().primaryKey(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** Cadenced tasks: the first day of the period the report is for. */
    periodStart: date({ mode: 'string' }),
    note: text(),
    progress: integer(),
    figures: jsonb().$type<{ label: string; value: number; unit?: string }[]>().notNull().default([]),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdByName: text().notNull(),
    createdByUsername: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('task_reports_task_idx').on(t.taskId, t.id),
    index('task_reports_period_idx').on(t.taskId, t.unitId, t.periodStart),
    check('task_reports_progress_range', sql`${t.progress} between 0 and 100`),
  ],
);

export const taskAttachments = pgTable(
  'task_attachments',
  {
    id: serial().primaryKey(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    /** Null until a report or submission takes it. */
    reportId: integer().references(() => taskReports.id, { onDelete: 'set null' }),
    unitId: integer().references(() => units.id),
    fileName: text().notNull(),
    /** Read from the bytes, not from what the browser said. */
    contentType: text().notNull(),
    size: integer().notNull(),
    data: bytea().notNull(),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_attachments_task_idx').on(t.taskId)],
);

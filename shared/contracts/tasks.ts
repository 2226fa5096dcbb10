// Task API shapes: work given to units (lead and co-units), its lifecycle events, reports, lights and supervision.
import { z } from 'zod';
import { idQuerySchema, idSchema, requiredText, visibleText } from './common.ts';

export const taskCategoryValues = ['epidemic', 'economy', 'safety', 'governance', 'other'] as const;
export const taskCategorySchema = z.enum(taskCategoryValues);
export type TaskCategory = z.infer<typeof taskCategorySchema>;

/** 属地 (the region answers for it), 属事 (the department whose business it is), 主体 (the enterprise itself). */
export const responsibilityValues = ['territorial', 'functional', 'principal'] as const;
export const responsibilitySchema = z.enum(responsibilityValues);
export type Responsibility = z.infer<typeof responsibilitySchema>;

export const priorityValues = ['normal', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(priorityValues);
export type Priority = z.infer<typeof prioritySchema>;

export const taskStatusValues = [
  'draft',
  'assigned',
  'signed',
  'in_progress',
  'submitted',
  'returned',
  'declined',
  'done',
  'cancelled',
] as const;
export const taskStatusSchema = z.enum(taskStatusValues);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** A task still being worked on: its deadline counts. */
export const activeTaskStatuses = [
  'assigned',
  'signed',
  'in_progress',
  'submitted',
  'returned',
  'declined',
] as const satisfies readonly TaskStatus[];

export const assignmentRoleValues = ['lead', 'co'] as const;
export const assignmentRoleSchema = z.enum(assignmentRoleValues);
export type AssignmentRole = z.infer<typeof assignmentRoleSchema>;

/** green on track; yellow due soon, or late and since caught up; red overdue; grey not running (draft, cancelled). */
export const lightValues = ['green', 'yellow', 'red', 'grey'] as const;
export const lightSchema = z.enum(lightValues);
export type Light = z.infer<typeof lightSchema>;

const dueTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '报送时间应为 HH:MM，例如 17:00')
  .default('17:00');

/**
 * A task reported on every period instead of once: daily, weekly on a weekday (周调度; 1 = Monday … 7 = Sunday)
 * or monthly on a day (a day past the month's end means its last day), each by a time of day in Beijing.
 */
export const cadenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily'), dueTime: dueTimeSchema }),
  z.object({
    kind: z.literal('weekly'),
    weekday: z.number().int().min(1, '星期应为 1–7').max(7, '星期应为 1–7'),
    dueTime: dueTimeSchema,
  }),
  z.object({
    kind: z.literal('monthly'),
    day: z.number().int().min(1, '日期应为 1–31').max(31, '日期应为 1–31'),
    dueTime: dueTimeSchema,
  }),
]);
export type Cadence = z.infer<typeof cadenceSchema>;

/**
 * A deadline as users give it: a date (the end of that day in Beijing) or an instant with its offset
 * (2022-11-30T18:00:00+08:00).
 */
export const dueAtInputSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$/,
    '期限应为日期（2022-11-30）或带时区的时间（2022-11-30T18:00:00+08:00）',
  )
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)), '期限不是有效的日期');

const titleSchema = requiredText('任务标题', 200);
const longText = (label: string, max: number) => visibleText().max(max, `${label}不能超过${max}个字`);

export const taskCreateSchema = z
  .object({
    title: titleSchema,
    description: longText('任务描述', 5000).optional(),
    category: taskCategorySchema,
    responsibility: responsibilitySchema.default('territorial'),
    regionCode: z.string().regex(/^\d{12}(\d{3})?$/, '区划代码应为12位（网格为15位）数字'),
    leadUnitId: idSchema,
    coUnitIds: z.array(idSchema).max(50, '配合单位不能超过50个').default([]),
    dueAt: dueAtInputSchema.optional(),
    cadence: cadenceSchema.optional(),
    /** Cadenced tasks: the last day reports are expected (inclusive); none means until the task is closed. */
    endsOn: z.iso.date().optional(),
    directiveIds: z.array(idSchema).max(50).default([]),
    priority: prioritySchema.default('normal'),
    acceptance: longText('验收标准', 2000).optional(),
    /** Save without sending to the units; the clock starts when it is assigned. */
    draft: z.boolean().default(false),
    /** 各县市区: one sub-task per county-level division, each led by that district's unit. */
    splitByCounty: z.boolean().default(false),
  })
  .refine((t) => !(t.dueAt && t.cadence), { message: '期限和定期报送只能选一种', path: ['cadence'] })
  .refine((t) => !t.coUnitIds.includes(t.leadUnitId), {
    message: '牵头单位不能同时是配合单位',
    path: ['coUnitIds'],
  });
export type TaskCreate = z.input<typeof taskCreateSchema>;

export const taskUpdateSchema = z
  .object({
    title: titleSchema,
    description: longText('任务描述', 5000).nullable(),
    category: taskCategorySchema,
    responsibility: responsibilitySchema,
    priority: prioritySchema,
    acceptance: longText('验收标准', 2000).nullable(),
  })
  .partial();
export type TaskUpdate = z.infer<typeof taskUpdateSchema>;

export const taskEventTypeValues = [
  'assign',
  'sign',
  'report',
  'submit',
  'return',
  'complete',
  'decline',
  'reassign',
  'insist',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'remind',
  'list',
  'unlist',
  'cancel',
] as const;
export const taskEventTypeSchema = z.enum(taskEventTypeValues);
export type TaskEventType = z.infer<typeof taskEventTypeSchema>;

export const taskFigureSchema = z.object({
  label: requiredText('数据项名称', 50),
  value: z.number().finite(),
  unit: visibleText().max(10).optional(),
});

/** One lifecycle event; which extra fields count depends on the type (see the descriptions). */
export const taskEventInputSchema = z.object({
  type: taskEventTypeSchema,
  note: longText('说明', 2000).optional(),
  /** report: percent done, 0–100. */
  progress: z.number().int().min(0, '进度应为 0–100').max(100, '进度应为 0–100').optional(),
  /** report: figures (隔离房间 612 间). */
  figures: z.array(taskFigureSchema).max(30).optional(),
  /** report / submit: attachments uploaded first to /api/tasks/:id/attachments. */
  attachmentIds: z.array(idSchema).max(20).optional(),
  /** request_extension: the deadline asked for; approve_extension: the one granted (defaults to the asked). */
  dueAt: dueAtInputSchema.optional(),
  /** reassign: the unit that takes over the declined assignment. */
  unitId: idSchema.optional(),
  /** list: the leader who supervises the listed task. */
  supervisorId: idSchema.optional(),
});
export type TaskEventInput = z.infer<typeof taskEventInputSchema>;

export const unitRefSchema = z.object({ id: z.number().int(), name: z.string() });
export const actorRefSchema = z.object({
  id: z.number().int().nullable(),
  username: z.string(),
  displayName: z.string(),
});

export const taskListItemSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  status: taskStatusSchema,
  category: taskCategorySchema,
  priority: prioritySchema,
  regionCode: z.string(),
  regionName: z.string(),
  leadUnit: unitRefSchema,
  dueAt: z.string().nullable(),
  cadence: cadenceSchema.nullable(),
  /** The next moment something is due: the deadline, or the earliest period whose report is missing. */
  nextDueAt: z.string().nullable(),
  light: lightSchema,
  listed: z.boolean(),
  progress: z.number().int().nullable(),
  parentId: z.number().int().nullable(),
  meetingId: z.number().int().nullable(),
  /** The meeting directives the task was made from. */
  directiveIds: z.array(z.number().int()),
  /** The caller's unit's own assignment in the task (a co-unit's differs from the task's status), if any. */
  myAssignment: z.object({ role: assignmentRoleSchema, status: taskStatusSchema }).nullable(),
  updatedAt: z.string(),
});
export type TaskListItem = z.infer<typeof taskListItemSchema>;

export const taskListSchema = z.object({
  items: z.array(taskListItemSchema),
  total: z.number().int(),
  /** Whether total is a count (up to 10,000 matches) or the planner's estimate beyond. */
  totalIsEstimate: z.boolean(),
  page: z.number().int().nullable(),
  pageSize: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type TaskList = z.infer<typeof taskListSchema>;

export const taskSortValues = ['due', 'updated', 'created'] as const;

export const taskListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  category: taskCategorySchema.optional(),
  status: taskStatusSchema.optional(),
  /** open = not done and not cancelled. */
  state: z.enum(['open', 'closed']).optional(),
  light: lightSchema.optional(),
  listed: z.enum(['true', 'false']).optional(),
  unitId: idQuerySchema.optional(),
  /** mine = tasks my unit takes part in (lead or co). */
  mine: z.enum(['true', 'false']).optional(),
  regionCode: z
    .string()
    .regex(/^\d{12}(\d{3})?$/, '区划代码应为12位（网格为15位）数字')
    .optional(),
  meetingId: idQuerySchema.optional(),
  parentId: idQuerySchema.optional(),
  dueFrom: z.iso.date().optional(),
  dueTo: z.iso.date().optional(),
  sort: z.enum(taskSortValues).default('due'),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多100条').default(20),
  cursor: z.string().max(200).optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const assignmentSchema = z.object({
  id: z.number().int(),
  unit: unitRefSchema,
  role: assignmentRoleSchema,
  status: taskStatusSchema,
  progress: z.number().int().nullable(),
  signedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  declinedReason: z.string().nullable(),
  light: lightSchema,
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const attachmentSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const taskEventSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  at: z.string(),
  actor: actorRefSchema,
  unit: unitRefSchema.nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  note: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const taskReportSchema = z.object({
  id: z.number().int(),
  unit: unitRefSchema,
  /** Cadenced tasks: the period (its first day) the report is for. */
  periodStart: z.string().nullable(),
  note: z.string().nullable(),
  progress: z.number().int().nullable(),
  figures: z.array(taskFigureSchema),
  attachments: z.array(attachmentSchema),
  createdAt: z.string(),
  createdBy: actorRefSchema,
});
export type TaskReport = z.infer<typeof taskReportSchema>;

export const taskSchema = taskListItemSchema.extend({
  description: z.string().nullable(),
  responsibility: responsibilitySchema,
  acceptance: z.string().nullable(),
  originalDueAt: z.string().nullable(),
  endsOn: z.string().nullable(),
  pendingExtension: z.object({ dueAt: z.string(), note: z.string().nullable() }).nullable(),
  supervisor: actorRefSchema.nullable(),
  /** The 督办通知书's number once listed (宜疫指督〔2022〕12号); the document is at supervision-notice.docx. */
  noticeNumber: z.string().nullable(),
  /** The meeting that deployed it, when made from directives. */
  meetingTitle: z.string().nullable(),
  /** Listed tasks still overdue are escalated one region level up: the region now answering for it. */
  escalatedTo: z.object({ code: z.string(), name: z.string() }).nullable(),
  assignedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  reminders: z.number().int(),
  assignments: z.array(assignmentSchema),
  events: z.array(taskEventSchema),
  reports: z.array(taskReportSchema),
  directives: z.array(
    z.object({ id: z.number().int(), meetingId: z.number().int(), seq: z.number().int(), text: z.string() }),
  ),
  children: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      status: taskStatusSchema,
      leadUnit: unitRefSchema,
      light: lightSchema,
    }),
  ),
  /** The events this caller may send now; the UI shows only these. */
  allowedEvents: z.array(taskEventTypeSchema),
  createdAt: z.string(),
});
export type Task = z.infer<typeof taskSchema>;

export const taskCreatedSchema = taskSchema.extend({
  /** When split by county: the sub-tasks made, one per county-level division. */
  subtasks: z.array(z.object({ id: z.number().int(), regionCode: z.string(), leadUnit: unitRefSchema })),
});

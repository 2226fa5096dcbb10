// Meeting API shapes: recording a meeting, importing its report, and reviewing the directives it deployed.
import { z } from 'zod';
import { beijingToday, idSchema, isCalendarDay, pageOf, requiredText, visibleText } from './common.ts';

export const meetingKindValues = [
  'video_conference',
  'telephone_conference',
  'standing_committee',
  'plenary',
  'hq_meeting',
  'scheduling_meeting',
  'special_meeting',
  'other',
] as const;
export const meetingKindSchema = z.enum(meetingKindValues);
export type MeetingKind = z.infer<typeof meetingKindSchema>;

export const meetingStatusValues = ['draft', 'reviewed'] as const;
export const meetingStatusSchema = z.enum(meetingStatusValues);
export type MeetingStatus = z.infer<typeof meetingStatusSchema>;

export const directiveCategoryValues = ['epidemic', 'economy', 'safety', 'governance', 'other'] as const;
export const directiveCategorySchema = z.enum(directiveCategoryValues);
export type DirectiveCategory = z.infer<typeof directiveCategorySchema>;

export const directiveStatusValues = ['proposed', 'accepted', 'dropped'] as const;
export const directiveStatusSchema = z.enum(directiveStatusValues);
export type DirectiveStatus = z.infer<typeof directiveStatusSchema>;

const regionCodeSchema = z.string().regex(/^\d{12}(\d{3})?$/, '所属区域应为12位区划代码');
const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2022-05-10')
  .refine((v) => {
    const [year, month, day] = v.split('-').map(Number);
    return !/^\d{4}-\d{2}-\d{2}$/.test(v) || isCalendarDay(year!, month!, day!);
  }, '日期不存在');

/**
 * Meetings and reports are records of what already happened: a date after today (Beijing time) is a typo.
 * A date without a year (--05-10) cannot be placed, so it passes.
 */
const notAfterToday =
  (label: string) =>
  (value: string, ctx: z.RefinementCtx<string>): void => {
    const today = beijingToday();
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && value > today)
      ctx.addIssue({ code: 'custom', message: `${label}不能晚于今天（${today}）：${value}` });
  };

/** A report's publication date: a real day, not after today. */
const publishedAtSchema = isoDateSchema.superRefine(notAfterToday('发布日期'));

/** A full date (2022-05-10) or, when the report gives no year, month and day only (--05-10). */
export const meetingDateSchema = z
  .string()
  .trim()
  .regex(/^(\d{4}|-)-\d{2}-\d{2}$/, '会议日期格式应为 2022-05-10，年份不明时写 --05-10')
  .refine((v) => {
    const match = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(v);
    if (!match) return true; // the format message above says it
    const [month, day] = [Number(match[2]), Number(match[3])];
    // Without a year, 2月29日 may still be a real day; 2000 is a leap year.
    return isCalendarDay(match[1] === '-' ? 2000 : Number(match[1]), month, day);
  }, '会议日期不存在')
  .superRefine(notAfterToday('会议日期'));

export const personSchema = z.object({
  name: requiredText('姓名', 20),
  post: visibleText().max(200).nullable().default(null),
});
export type Person = z.infer<typeof personSchema>;

export const venuesSchema = z.object({
  main: visibleText().max(100).nullable().default(null),
  branches: z.array(visibleText().min(1).max(100)).max(200).default([]),
});
export type Venues = z.infer<typeof venuesSchema>;

export const directiveNumberSchema = z.object({ value: z.number(), unit: z.string(), text: z.string() });

/** One change the normaliser made: original[start, end) became `replacement` in the clean text. */
export const textEditSchema = z.object({
  kind: z.enum(['header', 'byline', 'gloss', 'punctuation', 'simplify', 'whitespace', 'unreadable']),
  start: z.number().int(),
  end: z.number().int(),
  replacement: z.string(),
  note: z.string().optional(),
});
export type TextEdit = z.infer<typeof textEditSchema>;

/** Garbled text (mojibake) at clean-text [start, end), with the parser's guess at what it said. */
export const unreadableSpanSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  raw: z.string(),
  suggestion: z.string().optional(),
});

/** Stored with the user's decision: `accepted` means the clean text now holds the suggestion at [start, end). */
export const storedUnreadableSpanSchema = unreadableSpanSchema.extend({
  resolution: z.enum(['pending', 'accepted', 'rejected']),
});
export type StoredUnreadableSpan = z.infer<typeof storedUnreadableSpanSchema>;

export const parsedDirectiveSchema = z.object({
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  category: directiveCategorySchema,
  units: z.array(z.string()),
  regions: z.array(z.string()),
  numbers: z.array(directiveNumberSchema),
  deadline: z.string().nullable(),
});

/** The parser's result for a report; nothing stored. */
export const meetingParseSchema = z.object({
  original: z.string(),
  text: z.string(),
  edits: z.array(textEditSchema),
  meeting: z.object({
    date: z.string().nullable(),
    title: z.string().nullable(),
    kind: meetingKindSchema.nullable(),
    chair: z.array(personSchema),
    speakers: z.array(personSchema),
    attendees: z.array(personSchema),
    publishedAt: z.string().nullable(),
  }),
  directives: z.array(parsedDirectiveSchema),
  unreadable: z.array(unreadableSpanSchema),
  warnings: z.array(z.string()),
});
export type MeetingParse = z.infer<typeof meetingParseSchema>;

/** A stored meeting in the caller's scope with the same title and date as one being imported. */
export const possibleDuplicateSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  dateText: z.string().nullable(),
  regionName: z.string(),
  status: meetingStatusSchema,
  createdAt: z.string(),
});
export type PossibleDuplicate = z.infer<typeof possibleDuplicateSchema>;

/**
 * What `POST /meetings/parse` answers: the parse, and the meetings it may repeat. A real office may hold two
 * meetings of one name on one day, so a duplicate is a warning, never a refusal.
 */
export const meetingPreviewSchema = meetingParseSchema.extend({
  duplicates: z.array(possibleDuplicateSchema),
});
export type MeetingPreview = z.infer<typeof meetingPreviewSchema>;

export const directiveSchema = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  seq: z.number().int(),
  text: z.string(),
  /** Where in the meeting's clean text it came from; null when typed in or edited beyond recognition. */
  spanStart: z.number().int().nullable(),
  spanEnd: z.number().int().nullable(),
  category: directiveCategorySchema,
  units: z.array(z.string()),
  regions: z.array(z.string()),
  numbers: z.array(directiveNumberSchema),
  deadline: z.string().nullable(),
  status: directiveStatusSchema,
  updatedAt: z.string(),
});
export type Directive = z.infer<typeof directiveSchema>;

export const meetingSummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  heldOn: z.string().nullable(),
  dateText: z.string().nullable(),
  kind: meetingKindSchema,
  regionCode: z.string(),
  regionName: z.string(),
  status: meetingStatusSchema,
  directiveCount: z.number().int(),
  acceptedCount: z.number().int(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

export const meetingListSchema = pageOf(meetingSummarySchema);

export const meetingSchema = meetingSummarySchema.extend({
  publishedOn: z.string().nullable(),
  venues: venuesSchema,
  chair: z.array(personSchema),
  speakers: z.array(personSchema),
  attendees: z.array(personSchema),
  conveyed: z.array(z.string()),
  originalText: z.string(),
  cleanText: z.string(),
  edits: z.array(textEditSchema),
  unreadable: z.array(storedUnreadableSpanSchema),
  warnings: z.array(z.string()),
  directives: z.array(directiveSchema),
});
export type Meeting = z.infer<typeof meetingSchema>;

export const meetingListQuerySchema = z.object({
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  kind: meetingKindSchema.optional(),
  status: meetingStatusSchema.optional(),
  regionCode: regionCodeSchema.optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

const peopleSchema = z.array(personSchema).max(500);
const conveyedSchema = z.array(visibleText().min(1).max(200)).max(100);

/** A meeting typed in by hand (no report to import); directives are then added one by one. */
export const meetingCreateSchema = z.object({
  title: requiredText('会议名称', 200),
  date: meetingDateSchema.nullish(),
  kind: meetingKindSchema.default('other'),
  regionCode: regionCodeSchema.optional(),
  venues: venuesSchema.optional(),
  chair: peopleSchema.optional(),
  speakers: peopleSchema.optional(),
  attendees: peopleSchema.optional(),
  conveyed: conveyedSchema.optional(),
  /** Minutes or notes typed in; kept as both the original and the clean text. */
  text: z.string().max(2_000_000).optional(),
});
export type MeetingCreate = z.infer<typeof meetingCreateSchema>;

export const meetingUpdateSchema = z
  .object({
    title: requiredText('会议名称', 200),
    date: meetingDateSchema.nullable(),
    kind: meetingKindSchema,
    regionCode: regionCodeSchema,
    venues: venuesSchema,
    chair: peopleSchema,
    speakers: peopleSchema,
    attendees: peopleSchema,
    conveyed: conveyedSchema,
    /** Only `draft`: reopens a reviewed meeting for changes. Use POST /meetings/:id/review to finish a review. */
    status: z.literal('draft', { error: '只能退回草稿；审核请用“完成审核”' }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' });
export type MeetingUpdate = z.infer<typeof meetingUpdateSchema>;

/** The user's call on one unreadable span of the preview, named by its start in the preview's clean text. */
export const unreadableDecisionSchema = z.object({
  start: z.number().int().min(0),
  accept: z.boolean(),
});

/** Overrides the user may give on import; anything omitted is taken from the parse. */
export const meetingImportOptionsSchema = z.object({
  publishedAt: publishedAtSchema.optional(),
  title: requiredText('会议名称', 200).optional(),
  date: meetingDateSchema.optional(),
  kind: meetingKindSchema.optional(),
  regionCode: regionCodeSchema.optional(),
  unreadable: z.array(unreadableDecisionSchema).max(1000).optional(),
  /** The people and places as the user corrected them in the preview (JSON body only, not the file form). */
  venues: venuesSchema.optional(),
  chair: peopleSchema.optional(),
  speakers: peopleSchema.optional(),
  attendees: peopleSchema.optional(),
  conveyed: conveyedSchema.optional(),
});
export type MeetingImportOptions = z.infer<typeof meetingImportOptionsSchema>;

/** JSON body of parse/import when the report is pasted. */
export const meetingTextBodySchema = meetingImportOptionsSchema.extend({
  text: z.string({ error: '请粘贴会议报道正文' }),
});

/** Query string of parse/import when the body is the file itself (.txt or .docx). */
export const meetingFileQuerySchema = z.object({
  publishedAt: publishedAtSchema.optional(),
  title: visibleText().min(1).max(200).optional(),
  date: meetingDateSchema.optional(),
  kind: meetingKindSchema.optional(),
  regionCode: regionCodeSchema.optional(),
  /** Comma-separated starts of unreadable spans whose suggestion is accepted, e.g. `accept=801,1213`. */
  accept: z
    .string()
    .regex(/^\d+(,\d+)*$/, '应为以逗号分隔的位置')
    .optional(),
  /** Comma-separated starts of unreadable spans to keep marked as unreadable. */
  reject: z
    .string()
    .regex(/^\d+(,\d+)*$/, '应为以逗号分隔的位置')
    .optional(),
});
export type MeetingFileQuery = z.infer<typeof meetingFileQuerySchema>;

export const meetingImportResultSchema = z.object({
  meeting: meetingSchema,
  /** The meeting's warnings, and one more when it may repeat a meeting already stored. */
  warnings: z.array(z.string()),
  duplicates: z.array(possibleDuplicateSchema),
});

const stringListSchema = z.array(visibleText().min(1).max(100)).max(100);

/**
 * A directive is one requirement that tasks will be made from: past 500 characters it is several, and the
 * reviewer should split it. Parsed directives are far shorter (the seeds' longest is under 150).
 */
export const DIRECTIVE_TEXT_MAX = 500;

const directiveTextSchema = visibleText()
  .min(1, '要求内容不能为空')
  .max(DIRECTIVE_TEXT_MAX, {
    error: (issue) =>
      `要求内容不能超过 ${DIRECTIVE_TEXT_MAX} 字（现为 ${String(issue.input).length} 字），过长的请拆分为几条`,
  });

/** A date a deadline names that the calendar does not have: month 13, day 45, or 2022年2月30日. */
export type DeadlineProblem =
  | { kind: 'month'; month: number }
  | { kind: 'day'; day: number }
  | { kind: 'calendar'; year: number; month: number; day: number };

/**
 * Checks each date a deadline names (5月底前, 2022年5月20日前, 2022-05-20); durations such as 45日内 or
 * 3个月内 are not dates and pass.
 */
export function deadlineProblem(text: string): DeadlineProblem | null {
  const dates = [
    ...text.matchAll(/(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?/gu),
    ...text.matchAll(/(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/gu),
  ];
  for (const [, y, m, d] of dates) {
    const month = Number(m);
    if (month < 1 || month > 12) return { kind: 'month', month };
    if (d === undefined) continue;
    const day = Number(d);
    if (day < 1 || day > 31) return { kind: 'day', day };
    if (y !== undefined && !isCalendarDay(Number(y), month, day))
      return { kind: 'calendar', year: Number(y), month, day };
  }
  return null;
}

const deadlineMessages: {
  [K in DeadlineProblem['kind']]: (p: Extract<DeadlineProblem, { kind: K }>) => string;
} = {
  month: (p) => `时限中的月份不对：没有 ${p.month} 月，月份应为 1–12`,
  day: (p) => `时限中的日期不对：没有 ${p.day} 日，日应为 1–31`,
  calendar: (p) => `时限中的日期不存在：${p.year}年没有 ${p.month}月${p.day}日`,
};

export function deadlineMessage(problem: DeadlineProblem): string {
  return (deadlineMessages[problem.kind] as (p: DeadlineProblem) => string)(problem);
}

const deadlineSchema = z
  .string()
  .trim()
  .max(100, '时限不能超过 100 字')
  .superRefine((value, ctx) => {
    const problem = deadlineProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: deadlineMessage(problem) });
  });

export const directiveCreateSchema = z
  .object({
    text: directiveTextSchema.optional(),
    /** Where in the clean text it comes from; the text defaults to that span. */
    span: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }).optional(),
    category: directiveCategorySchema.optional(),
    units: stringListSchema.optional(),
    regions: stringListSchema.optional(),
    numbers: z.array(directiveNumberSchema).max(100).optional(),
    deadline: deadlineSchema.nullable().optional(),
    status: directiveStatusSchema.optional(),
  })
  .refine((v) => v.text !== undefined || v.span !== undefined, {
    message: '请填写要求内容，或在正文中选取一段',
    path: ['text'],
  })
  .refine((v) => !v.span || v.span.end > v.span.start, { message: '选取的范围不正确', path: ['span'] });
export type DirectiveCreate = z.infer<typeof directiveCreateSchema>;

export const directiveUpdateSchema = z
  .object({
    text: directiveTextSchema,
    category: directiveCategorySchema,
    units: stringListSchema,
    regions: stringListSchema,
    numbers: z.array(directiveNumberSchema).max(100),
    deadline: deadlineSchema.nullable(),
    status: directiveStatusSchema,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' });
export type DirectiveUpdate = z.infer<typeof directiveUpdateSchema>;

export const directiveMergeSchema = z.object({
  ids: z.array(idSchema).min(2, '至少选择两条相邻的要求').max(100),
});

/** Each part of a split keeps at least this many characters: one character is not a requirement. */
export const SPLIT_MIN_PART = 2;

export const directiveSplitSchema = z.object({
  /** Character offset in the directive's text where the second part begins. */
  at: z
    .number({ error: '请填写拆分位置' })
    .int('拆分位置应为整数')
    .min(SPLIT_MIN_PART, `拆分位置至少为 ${SPLIT_MIN_PART}：两部分各要至少 ${SPLIT_MIN_PART} 个字`),
});

/** The two parts a split at `at` gives, trimmed of the separators at the cut, as the server stores them. */
export function splitParts(text: string, at: number): [string, string] {
  return [
    text
      .slice(0, at)
      .replace(/[，、；。,;\s]+$/u, '')
      .trim(),
    text
      .slice(at)
      .replace(/^[，、；。,;\s]+/u, '')
      .trim(),
  ];
}

/** Whether a split at `at` leaves both parts long enough; the UI and the server ask the same question. */
export function isSplitPosition(text: string, at: number): boolean {
  const [head, tail] = splitParts(text, at);
  return (
    Number.isInteger(at) &&
    at >= SPLIT_MIN_PART &&
    at <= text.length - SPLIT_MIN_PART &&
    head.length >= SPLIT_MIN_PART &&
    tail.length >= SPLIT_MIN_PART
  );
}

/**
 * The garbled spans still in a directive's text: not replaced by their suggestion, and not edited out by the
 * reviewer. Read from the characters the directive took from the span (by its own span in the clean text), or,
 * for one typed in or rewritten, the whole garbled run. A reviewed directive must hold none (decision 0004).
 */
export function garbledSpansIn(
  directive: { text: string; spanStart: number | null; spanEnd: number | null },
  cleanText: string,
  unreadable: readonly StoredUnreadableSpan[],
): StoredUnreadableSpan[] {
  const { text, spanStart, spanEnd } = directive;
  return unreadable.filter((u) => {
    if (u.resolution === 'accepted') return false;
    const overlaps = spanStart !== null && spanEnd !== null && spanStart < u.end && spanEnd > u.start;
    const piece = overlaps ? cleanText.slice(Math.max(spanStart, u.start), Math.min(spanEnd, u.end)) : u.raw;
    return piece !== '' && text.includes(piece);
  });
}

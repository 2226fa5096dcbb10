// Recording meetings: typed in or imported from a report, then reviewing the directives the parser proposed.
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNull,
  like,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { z } from 'zod';
import { beijingToday } from '../../../shared/contracts/common.ts';
import {
  DIRECTIVE_TEXT_MAX,
  type Directive,
  type DirectiveCreate,
  type DirectiveUpdate,
  garbledSpansIn,
  isSplitPosition,
  type Meeting,
  type MeetingCreate,
  type MeetingImportOptions,
  type MeetingListQuery,
  type MeetingParse,
  type MeetingStatus,
  type MeetingSummary,
  type MeetingUpdate,
  meetingPreviewSchema,
  type PossibleDuplicate,
  SPLIT_MIN_PART,
  type StoredUnreadableSpan,
  splitParts,
  type TextEdit,
} from '../../../shared/contracts/meetings.ts';
import type { Db } from '../../db/client.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { AppError } from '../../errors.ts';
import { type ChangeInput, changeRecord } from '../../records/change-record.ts';
import type { RecordMachine } from '../../records/transitions.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, can, requirePermission } from '../auth/actor.ts';
import { assertWritable, scopeFilter, scopeFilterPrepared, scopeParam } from '../auth/scope.ts';
import { regions } from '../regions/regions.table.ts';
import { users } from '../users/users.table.ts';
import { parseReportAsJson, parseReportInput, type ReportInput } from './meeting-report.pool.ts';
import { findConveyed, findVenues } from './meeting-text.context.ts';
import {
  categoriseDirective,
  findDeadline,
  findNumbers,
  findRegions,
  findUnits,
  missingYearWarning,
} from './meeting-text.extract.ts';
import { unreadableWarning } from './meeting-text.normalise.ts';
import { MeetingTextError } from './meeting-text.parse.ts';
import { directives, meetings } from './meetings.table.ts';

// ---------------------------------------------------------------- parsing a report

export type { ReportInput };

/**
 * Runs the parser (large reports on its worker thread); a report it refuses becomes a 400 with its message,
 * the reason code in the details.
 */
export function parseReport(input: ReportInput, publishedAt?: string): Promise<MeetingParse> {
  return withReportErrors(() => parseReportInput(input, publishedAt));
}

async function withReportErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof MeetingTextError)
      throw new AppError('VALIDATION', err.message, [{ field: 'reason', message: err.code }]);
    throw err;
  }
}

/**
 * The parse preview: nothing is stored, so any logged-in user who may read meetings may try it. It also names
 * the meetings in the caller's scope that the report may repeat (same title and date, as the user corrected
 * them if the request says so). Answered as JSON text: the parse arrives serialised from the worker that made
 * it, and only the duplicates are added here, so a 5 MB report's ≈ 40 MB answer never stalls this thread.
 */
export async function previewReportJson(
  db: Db,
  actor: Actor,
  input: ReportInput,
  options: Pick<MeetingImportOptions, 'publishedAt' | 'title' | 'date'> = {},
): Promise<string> {
  requirePermission(actor, 'meetings:read');
  const parsed = await withReportErrors(() => parseReportAsJson(input, options.publishedAt));
  const duplicates = await findPossibleDuplicates(
    db,
    actor,
    options.title ?? parsed.title,
    options.date ?? parsed.date,
  );
  const encoded = JSON.stringify(z.encode(meetingPreviewSchema.shape.duplicates, duplicates));
  return `${parsed.json.slice(0, -1)},"duplicates":${encoded}}`;
}

/**
 * Stored meetings in the caller's scope with this title and date: importing one report twice should not go
 * unnoticed. A date without a year matches that day in any year, and a full date matches a stored meeting
 * whose year was never confirmed, since either may be the same meeting.
 */
export async function findPossibleDuplicates(
  db: Db,
  actor: Actor,
  title: string | null,
  date: string | null,
): Promise<PossibleDuplicate[]> {
  const name = title?.trim();
  if (!name) return [];
  const sameDay =
    date === null
      ? isNull(meetings.dateText)
      : date.startsWith('--')
        ? like(meetings.dateText, `%${date.slice(1)}`)
        : inArray(meetings.dateText, [date, `-${date.slice(4)}`]);
  const rows = await db
    .select({
      id: meetings.id,
      title: meetings.title,
      dateText: meetings.dateText,
      regionName: regions.name,
      status: meetings.status,
      createdAt: meetings.createdAt,
    })
    .from(meetings)
    .innerJoin(regions, eq(regions.code, meetings.regionCode))
    .where(and(scopeFilter(actor, meetings.regionCode), eq(meetings.title, name), sameDay))
    .orderBy(desc(meetings.id))
    .limit(20);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** The import's note when the meeting may already be stored; the preview lists the same meetings with links. */
export function duplicateWarning(list: readonly PossibleDuplicate[]): string {
  return (
    `已有 ${list.length} 个同名、同日期的会议（编号 ${list.map((m) => m.id).join('、')}），请确认不是重复导入` +
    ` / ${list.length} meeting(s) with the same title and date already stored` +
    ` (id ${list.map((m) => m.id).join(', ')}): check this is not a repeat import`
  );
}

/**
 * Meetings and reports are records of what already happened. The schemas refuse a later date in a request;
 * this also covers the command line and a date the parser read from the report itself.
 */
function assertNotAfterToday(value: string | null | undefined, field: string, label: string): void {
  const today = beijingToday();
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && value > today)
    throw new AppError('VALIDATION', `${label}不能晚于今天（${today}）：${value}，请核对`, [
      { field, message: `${label}不能晚于今天（${today}）` },
    ]);
}

type ParsedDirective = MeetingParse['directives'][number];

/** Where each edit's replacement sits in the clean text. */
function placeEdits(edits: readonly TextEdit[]) {
  let shift = 0;
  return [...edits]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((edit) => {
      const start = edit.start - shift;
      shift += edit.end - edit.start - edit.replacement.length;
      return { edit, start, end: start + edit.replacement.length };
    });
}

/**
 * Replaces clean-text [start, end) and rewrites the edits so that they still turn the original into the
 * new clean text: edits the span touches are folded into one `unreadable` edit over their original range.
 */
function replaceInCleanText(
  edits: readonly TextEdit[],
  clean: string,
  start: number,
  end: number,
  replacement: string,
  note: string,
): TextEdit[] {
  const placed = placeEdits(edits);
  let from = start;
  let to = end;
  let merged = new Set<number>();
  for (let changed = true; changed; ) {
    changed = false;
    placed.forEach((p, i) => {
      if (merged.has(i)) return;
      const overlaps = p.end > p.start ? p.start < to && p.end > from : p.start > from && p.start < to;
      if (!overlaps) return;
      merged = new Set([...merged, i]);
      from = Math.min(from, p.start);
      to = Math.max(to, p.end);
      changed = true;
    });
  }
  let originalFrom = from;
  let originalLength = to - from;
  placed.forEach((p, i) => {
    const delta = p.edit.end - p.edit.start - p.edit.replacement.length;
    if (merged.has(i)) originalLength += delta;
    else if (p.end <= from) originalFrom += delta;
  });
  const folded: TextEdit = {
    kind: 'unreadable',
    start: originalFrom,
    end: originalFrom + originalLength,
    replacement: clean.slice(from, start) + replacement + clean.slice(end, to),
    note,
  };
  return [...placed.filter((_, i) => !merged.has(i)).map((p) => p.edit), folded].sort(
    (a, b) => a.start - b.start || a.end - b.end,
  );
}

/** Moves a clean-text position across the replacement of [start, end) by text `length` characters long. */
function movePosition(position: number, start: number, end: number, length: number, edge: 'start' | 'end') {
  if (position >= end) return position + length - (end - start);
  if (position <= start) return position;
  return edge === 'start' ? start : start + length;
}

/**
 * Applies the user's decisions on the unreadable spans: an accepted suggestion goes into the clean text
 * (directive spans and texts follow); a rejected or undecided span stays in, marked.
 */
export function resolveUnreadable(
  parse: MeetingParse,
  decisions: readonly { start: number; accept: boolean }[],
): { text: string; edits: TextEdit[]; unreadable: StoredUnreadableSpan[]; directives: ParsedDirective[] } {
  const byStart = new Map(decisions.map((d) => [d.start, d.accept]));
  for (const decision of decisions) {
    const span = parse.unreadable.find((u) => u.start === decision.start);
    if (!span)
      throw new AppError('VALIDATION', `正文第 ${decision.start} 个字符处没有待确认的乱码`, [
        { field: 'unreadable', message: `没有从 ${decision.start} 开始的乱码` },
      ]);
    if (decision.accept && !span.suggestion)
      throw new AppError('VALIDATION', `乱码“${span.raw}”没有可采用的建议文字`, [
        { field: 'unreadable', message: `乱码“${span.raw}”没有建议` },
      ]);
  }
  let text = parse.text;
  let edits: TextEdit[] = parse.edits.map((e) => ({ ...e }));
  let found = parse.directives.map((d) => ({ ...d }));
  const unreadable: StoredUnreadableSpan[] = [];
  let shift = 0;
  for (const span of [...parse.unreadable].sort((a, b) => a.start - b.start)) {
    const decision = byStart.get(span.start);
    const start = span.start + shift;
    const end = span.end + shift;
    if (decision !== true || !span.suggestion) {
      const resolution = decision === false ? 'rejected' : 'pending';
      unreadable.push({ ...span, start, end, resolution });
      continue;
    }
    const suggestion = span.suggestion;
    edits = replaceInCleanText(
      edits,
      text,
      start,
      end,
      suggestion,
      `乱码“${span.raw}”采用建议“${suggestion}”`,
    );
    text = text.slice(0, start) + suggestion + text.slice(end);
    unreadable.push({ ...span, start, end: start + suggestion.length, resolution: 'accepted' });
    found = found.map((d) => {
      if (d.end <= start) return d;
      const moved = {
        ...d,
        start: movePosition(d.start, start, end, suggestion.length, 'start'),
        end: movePosition(d.end, start, end, suggestion.length, 'end'),
      };
      return d.start < end ? { ...moved, text: text.slice(moved.start, moved.end) } : moved;
    });
    shift += suggestion.length - (end - start);
  }
  return { text, edits, unreadable, directives: found };
}

// ---------------------------------------------------------------- reading

const summaryColumns = {
  id: meetings.id,
  title: meetings.title,
  heldOn: meetings.heldOn,
  dateText: meetings.dateText,
  kind: meetings.kind,
  regionCode: meetings.regionCode,
  regionName: regions.name,
  status: meetings.status,
  // Qualified by hand: Drizzle renders ${meetings.id} unqualified, which would bind to the subquery's own table.
  directiveCount: sql<number>`(select count(*)::int from directives d where d.meeting_id = "meetings"."id")`,
  acceptedCount: sql<number>`(select count(*)::int from directives d where d.meeting_id = "meetings"."id" and d.status = 'accepted')`,
  createdByName: users.displayName,
  createdAt: meetings.createdAt,
  updatedAt: meetings.updatedAt,
};

function selectSummaries<Extra extends Record<string, SQL.Aliased | SQL>>(db: Db, extra?: Extra) {
  return db
    .select({ ...summaryColumns, ...(extra as Extra) })
    .from(meetings)
    .innerJoin(regions, eq(regions.code, meetings.regionCode))
    .leftJoin(users, eq(users.id, meetings.createdBy));
}

const toSummary = (
  row: Awaited<ReturnType<typeof selectSummaries<Record<never, never>>>>[number],
): MeetingSummary => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const toDirective = (row: typeof directives.$inferSelect): Directive => ({
  id: row.id,
  meetingId: row.meetingId,
  seq: row.seq,
  text: row.text,
  spanStart: row.spanStart,
  spanEnd: row.spanEnd,
  category: row.category,
  units: row.units,
  regions: row.regions,
  numbers: row.numbers,
  deadline: row.deadline,
  status: row.status,
  updatedAt: row.updatedAt.toISOString(),
});

/** `%` and `_` typed by a user are meant literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;

/** The filters a list request may give; which of them it gives picks the prepared statement. */
const listFilters = ['q', 'from', 'to', 'kind', 'status', 'regionCode'] as const;
type ListFilter = (typeof listFilters)[number];

/**
 * One statement per set of filters given: the page and, as an InitPlan run once, the total. Inside the count's
 * subquery Drizzle's "meetings"."…" columns bind to the subquery's own meetings, which is what is meant there.
 */
function preparedMeetingList(db: Db, given: readonly ListFilter[]) {
  const name = `meetings_list_${given.join('_') || 'all'}`;
  return preparedOnce(db, name, (handle) => {
    const p = sql.placeholder;
    const filters: SQL[] = [scopeFilterPrepared(meetings.regionCode)];
    for (const filter of given) {
      if (filter === 'q') {
        const q = or(ilike(meetings.title, p('q')), ilike(meetings.cleanText, p('q')));
        if (q) filters.push(q);
      } else if (filter === 'from') filters.push(gte(meetings.heldOn, p('from')));
      else if (filter === 'to') filters.push(lte(meetings.heldOn, p('to')));
      else if (filter === 'kind') filters.push(eq(meetings.kind, p('kind')));
      else if (filter === 'status') filters.push(eq(meetings.status, p('status')));
      else filters.push(eq(meetings.regionCode, p('regionCode')));
    }
    const where = and(...filters);
    return {
      page: selectSummaries(handle, {
        total: sql<number>`(select count(*)::int from ${meetings} where ${where})`,
      })
        .where(where)
        .orderBy(sql`${meetings.heldOn} desc nulls last`, desc(meetings.id))
        .limit(p('limit'))
        .offset(p('offset'))
        .prepare(name),
      // Only for a page past the end, which has no row to carry the total.
      total: handle.select({ total: count() }).from(meetings).where(where).prepare(`${name}_total`),
    };
  });
}

export async function listMeetings(
  db: Db,
  actor: Actor,
  query: MeetingListQuery,
): Promise<{ items: MeetingSummary[]; total: number }> {
  requirePermission(actor, 'meetings:read');
  const given = listFilters.filter((f) => query[f] !== undefined && query[f] !== '');
  const list = preparedMeetingList(db, given);
  const params = {
    scope: scopeParam(actor),
    q: query.q ? containing(query.q) : undefined,
    from: query.from,
    to: query.to,
    kind: query.kind,
    status: query.status,
    regionCode: query.regionCode,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  };
  const rows = await list.page.execute(params);
  const total = rows[0]?.total ?? (query.page > 1 ? ((await list.total.execute(params))[0]?.total ?? 0) : 0);
  return { items: rows.map(({ total: _total, ...row }) => toSummary(row)), total };
}

const notFound = (id: number) => new AppError('NOT_FOUND', `会议 ${id} 不存在或不在您的管辖范围内`);

export async function getMeeting(db: Db, actor: Actor, id: number): Promise<Meeting> {
  requirePermission(actor, 'meetings:read');
  const [summary] = await selectSummaries(db).where(
    and(eq(meetings.id, id), scopeFilter(actor, meetings.regionCode)),
  );
  if (!summary) throw notFound(id);
  const [[row], list] = await Promise.all([
    db.select().from(meetings).where(eq(meetings.id, id)),
    db.select().from(directives).where(eq(directives.meetingId, id)).orderBy(asc(directives.seq)),
  ]);
  if (!row) throw notFound(id);
  return {
    ...toSummary(summary),
    publishedOn: row.publishedOn,
    venues: row.venues,
    chair: row.chair,
    speakers: row.speakers,
    attendees: row.attendees,
    conveyed: row.conveyed,
    originalText: row.originalText,
    cleanText: row.cleanText,
    edits: row.edits,
    unreadable: row.unreadable,
    warnings: row.warnings,
    directives: list.map(toDirective),
  };
}

/** The directives of one meeting in order, for the export. */
export async function listDirectives(db: Db, actor: Actor, meetingId: number): Promise<Directive[]> {
  return (await getMeeting(db, actor, meetingId)).directives;
}

// ---------------------------------------------------------------- writing meetings

/** 2022-05-10 is a full date; --05-10 (no year) is kept as text only. */
function dateColumns(date: string | null | undefined) {
  if (date === undefined) return {};
  if (date === null) return { heldOn: null, dateText: null };
  return { heldOn: date.startsWith('--') ? null : date, dateText: date };
}

/** What the two state-dependent warnings are computed from: the date as given, and the garbled spans. */
type WarningState = {
  dateText: string | null;
  /** A span straight from the parser has no resolution yet: it counts as pending. */
  unreadable: readonly { start: number; resolution?: StoredUnreadableSpan['resolution'] }[];
};

/** The warnings a meeting's date and garbled spans call for as they stand now. */
function stateWarnings(state: WarningState): string[] {
  const unread = state.unreadable.filter((u) => u.resolution !== 'accepted').length;
  return [
    ...(state.dateText?.startsWith('--') ? [missingYearWarning(state.dateText)] : []),
    ...(unread > 0 ? [unreadableWarning(unread)] : []),
  ];
}

/**
 * A meeting's warnings after its date or its garbled spans changed: the parser's other notes are kept as
 * they were; the missing-year and garbled-text notes are recomputed from `now`. `was` is the state the
 * stored notes were written for. Any earlier form of those two notes is dropped too, so one stored before
 * the server kept them current (a year confirmed later, a count of all spans) is replaced as well.
 */
export function currentWarnings(stored: readonly string[], was: WarningState, now: WarningState): string[] {
  const dates = [was.dateText, now.dateText].filter((d): d is string => d !== null);
  const spans = Math.max(was.unreadable.length, now.unreadable.length);
  const stale = new Set([
    ...dates.map(missingYearWarning),
    ...Array.from({ length: spans }, (_, i) => unreadableWarning(i + 1)),
  ]);
  const derived = stateWarnings(now);
  const kept = stored.filter((w) => !stale.has(w) && !derived.includes(w));
  return [...derived, ...kept];
}

async function checkRegion(tx: Db, actor: Actor, regionCode: string) {
  assertWritable(actor, regionCode, '登记会议');
  const [found] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode));
  if (!found)
    throw new AppError('VALIDATION', `所属区域 ${regionCode} 不存在`, [
      { field: 'regionCode', message: '所属区域不存在' },
    ]);
}

/** The audit log keeps the facts of a meeting, not its (possibly megabytes of) report text. */
function auditView(row: typeof meetings.$inferSelect): Record<string, unknown> {
  const { originalText: _original, cleanText: _clean, edits: _edits, ...facts } = row;
  return facts;
}

/** The CLI acts as user 0, who has no row in users. */
const creatorId = (actor: Actor) => (actor.id > 0 ? actor.id : null);

export async function createMeeting(db: Db, actor: Actor, input: MeetingCreate): Promise<Meeting> {
  requirePermission(actor, 'meetings:write');
  const regionCode = input.regionCode ?? actor.scopeRegion.code;
  const id = await db.transaction(async (tx) => {
    await checkRegion(tx, actor, regionCode);
    const [row] = await tx
      .insert(meetings)
      .values({
        title: input.title,
        ...dateColumns(input.date ?? null),
        kind: input.kind,
        regionCode,
        venues: input.venues ?? { main: null, branches: [] },
        chair: input.chair ?? [],
        speakers: input.speakers ?? [],
        attendees: input.attendees ?? [],
        conveyed: input.conveyed ?? [],
        originalText: input.text ?? '',
        cleanText: input.text ?? '',
        createdBy: creatorId(actor),
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'meeting',
      entityId: row!.id,
      regionCode,
      summary: `登记会议 ${row!.title}`,
      after: auditView(row!),
    });
    return row!.id;
  });
  return getMeeting(db, actor, id);
}

/** 1,000 directives × 10 columns stays well under PostgreSQL's 65,535 parameters to a statement. */
const DIRECTIVE_INSERT_BATCH = 1_000;

/**
 * Parses a report and stores it as a draft meeting with its proposed directives, in one transaction:
 * a report the parser refuses, or a bad override, stores nothing.
 */
export async function importMeeting(
  db: Db,
  actor: Actor,
  input: ReportInput,
  options: MeetingImportOptions,
): Promise<{ meeting: Meeting; warnings: string[]; duplicates: PossibleDuplicate[] }> {
  requirePermission(actor, 'meetings:write');
  const regionCode = options.regionCode ?? actor.scopeRegion.code;
  assertWritable(actor, regionCode, '登记会议');
  assertNotAfterToday(options.publishedAt, 'publishedAt', '发布日期');
  const parse = await parseReport(input, options.publishedAt);
  const resolved = resolveUnreadable(parse, options.unreadable ?? []);
  const title = options.title ?? parse.meeting.title;
  const date = options.date ?? parse.meeting.date;
  assertNotAfterToday(date, 'date', '会议日期');
  const parsed = { dateText: parse.meeting.date, unreadable: parse.unreadable };
  const warnings = currentWarnings(parse.warnings, parsed, {
    dateText: date,
    unreadable: resolved.unreadable,
  });
  if (!title) warnings.push('未识别出会议名称，已暂定为“未命名会议”，请修改 / no title found');
  // Looked up before the insert, which would otherwise find itself.
  const duplicates = await findPossibleDuplicates(db, actor, title ?? '未命名会议', date);
  const id = await db.transaction(async (tx) => {
    await checkRegion(tx, actor, regionCode);
    const [row] = await tx
      .insert(meetings)
      .values({
        title: title ?? '未命名会议',
        ...dateColumns(date),
        publishedOn: parse.meeting.publishedAt,
        kind: options.kind ?? parse.meeting.kind ?? 'other',
        regionCode,
        venues: options.venues ?? findVenues(resolved.text),
        chair: options.chair ?? parse.meeting.chair,
        speakers: options.speakers ?? parse.meeting.speakers,
        attendees: options.attendees ?? parse.meeting.attendees,
        conveyed: options.conveyed ?? findConveyed(resolved.text),
        originalText: parse.original,
        cleanText: resolved.text,
        edits: resolved.edits,
        unreadable: resolved.unreadable,
        warnings,
        createdBy: creatorId(actor),
      })
      .returning();
    // In batches: a 5 MB report proposes tens of thousands of directives, and one statement for all of them
    // would pass PostgreSQL's 65,535 bind parameters (and overflow the query builder's stack first).
    for (let first = 0; first < resolved.directives.length; first += DIRECTIVE_INSERT_BATCH) {
      await tx.insert(directives).values(
        resolved.directives.slice(first, first + DIRECTIVE_INSERT_BATCH).map((d, k) => ({
          meetingId: row!.id,
          seq: first + k + 1,
          text: d.text,
          spanStart: d.start,
          spanEnd: d.end,
          category: d.category,
          units: d.units,
          regions: d.regions,
          numbers: d.numbers,
          deadline: d.deadline,
        })),
      );
    }
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'meeting',
      entityId: row!.id,
      regionCode,
      summary: `导入会议 ${row!.title}（${resolved.directives.length} 条要求）`,
      after: { ...auditView(row!), directiveCount: resolved.directives.length },
    });
    return row!.id;
  });
  // The duplicate note goes with the answer, not into the stored warnings: the other meeting may be deleted.
  return {
    meeting: await getMeeting(db, actor, id),
    warnings: duplicates.length ? [...warnings, duplicateWarning(duplicates)] : warnings,
    duplicates,
  };
}

/** Locks the meeting for a change; outside the caller's scope it does not exist. */
async function lockMeeting(tx: Db, actor: Actor, id: number) {
  const [row] = await tx
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), scopeFilter(actor, meetings.regionCode)))
    .for('update');
  if (!row) throw notFound(id);
  return row;
}

export async function updateMeeting(
  db: Db,
  actor: Actor,
  id: number,
  patch: MeetingUpdate,
): Promise<Meeting> {
  requirePermission(actor, 'meetings:write');
  await db.transaction(async (tx) => {
    let before = await lockMeeting(tx, actor, id);
    const reopening = patch.status === 'draft' && before.status === 'reviewed';
    if (reopening) {
      await changeRecord(tx, actor, meetingMachine, id, 'reopen', {});
      before = await lockMeeting(tx, actor, id);
    }
    if (patch.regionCode) await checkRegion(tx, actor, patch.regionCode);
    const { date, status: _status, ...rest } = patch;
    if (!Object.keys(rest).length && date === undefined) return;
    const warnings =
      date === undefined
        ? before.warnings
        : currentWarnings(before.warnings, before, { dateText: date, unreadable: before.unreadable });
    const [after] = await tx
      .update(meetings)
      .set({ ...rest, ...dateColumns(date), warnings, updatedAt: new Date() })
      .where(eq(meetings.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'meeting',
      entityId: id,
      regionCode: after!.regionCode,
      summary: `修改会议 ${after!.title}`,
      before: auditView(before),
      after: auditView(after!),
    });
  });
  return getMeeting(db, actor, id);
}

export async function deleteMeeting(db: Db, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'meetings:write');
  await db.transaction(async (tx) => {
    const before = await lockMeeting(tx, actor, id);
    await tx.delete(meetings).where(eq(meetings.id, id));
    await recordAudit(tx, actor, {
      action: 'delete',
      entity: 'meeting',
      entityId: id,
      regionCode: before.regionCode,
      summary: `删除会议 ${before.title}`,
      before: auditView(before),
    });
  });
}

// ---------------------------------------------------------------- reviewing directives

type MeetingRow = typeof meetings.$inferSelect;
type DirectiveRow = typeof directives.$inferSelect;

/** Directive changes need the meeting in scope and still in draft: a reviewed meeting is reopened first. */
async function lockDraft(tx: Db, actor: Actor, meetingId: number): Promise<MeetingRow> {
  requirePermission(actor, 'meetings:write');
  const meeting = await lockMeeting(tx, actor, meetingId);
  if (meeting.status === 'reviewed')
    throw new AppError('CONFLICT', '会议要求已审核确认，如需修改请先将会议退回草稿');
  return meeting;
}

async function directivesOf(tx: Db, meetingId: number): Promise<DirectiveRow[]> {
  return tx.select().from(directives).where(eq(directives.meetingId, meetingId)).orderBy(asc(directives.seq));
}

function findDirective(list: DirectiveRow[], id: number): DirectiveRow {
  const found = list.find((d) => d.id === id);
  if (!found) throw new AppError('NOT_FOUND', `这次会议没有编号为 ${id} 的要求`);
  return found;
}

/** Keeps seq 1..n in order after an insert, merge or split. */
async function renumber(tx: Db, meetingId: number): Promise<void> {
  await tx.execute(sql`
    update directives set seq = ordered.position
    from (select id, row_number() over (order by seq, id)::int as position from directives where meeting_id = ${meetingId}) ordered
    where directives.id = ordered.id and directives.seq <> ordered.position`);
}

async function touchMeeting(tx: Db, meetingId: number): Promise<void> {
  await tx.update(meetings).set({ updatedAt: new Date() }).where(eq(meetings.id, meetingId));
}

/** Where `text` sits in the clean text, preferring the directive's old span; null when it is not there. */
function locate(clean: string, text: string, near?: { start: number | null; end: number | null }) {
  if (!text) return null;
  if (near?.start != null && near.end != null) {
    const inside = clean.slice(near.start, near.end).indexOf(text);
    if (inside >= 0) return { start: near.start + inside, end: near.start + inside + text.length };
  }
  const anywhere = clean.indexOf(text);
  return anywhere >= 0 ? { start: anywhere, end: anywhere + text.length } : null;
}

/** What the parser reads from a directive's text: used for directives typed in or split off. */
function readDirective(text: string) {
  const units = findUnits(text);
  return {
    category: categoriseDirective(text, units) ?? 'other',
    units,
    regions: findRegions(text),
    numbers: findNumbers(text),
    deadline: findDeadline(text),
  };
}

async function auditDirective(
  tx: Db,
  actor: Actor,
  meeting: MeetingRow,
  action: 'create' | 'update' | 'delete',
  summary: string,
  entityId: number,
  before?: DirectiveRow | null,
  after?: DirectiveRow | null,
) {
  await recordAudit(tx, actor, {
    action,
    entity: 'directive',
    entityId,
    regionCode: meeting.regionCode,
    summary: `会议“${meeting.title}”：${summary}`,
    before: before ? { ...before } : null,
    after: after ? { ...after } : null,
  });
}

export async function addDirective(
  db: Db,
  actor: Actor,
  meetingId: number,
  input: DirectiveCreate,
): Promise<Directive> {
  return db.transaction(async (tx) => {
    const meeting = await lockDraft(tx, actor, meetingId);
    const clean = meeting.cleanText;
    if (input.span && input.span.end > clean.length)
      throw new AppError('VALIDATION', `选取的范围超出了正文（正文共 ${clean.length} 字）`, [
        { field: 'span', message: '超出正文范围' },
      ]);
    const text = input.text ?? clean.slice(input.span!.start, input.span!.end).trim();
    if (!text) throw new AppError('VALIDATION', '选取的正文是空白', [{ field: 'span', message: '空白' }]);
    if (text.length > DIRECTIVE_TEXT_MAX)
      throw new AppError(
        'VALIDATION',
        `选取的正文共 ${text.length} 字，一条要求不能超过 ${DIRECTIVE_TEXT_MAX} 字：请少选一些，分几条新增`,
        [{ field: 'span', message: `超过 ${DIRECTIVE_TEXT_MAX} 字` }],
      );
    const span = input.span ?? locate(clean, text);
    const list = await directivesOf(tx, meetingId);
    // Placed by where it sits in the text; one without a span goes last.
    const next = span ? list.find((d) => d.spanStart != null && d.spanStart > span.start) : undefined;
    const seq = next ? next.seq : list.length + 1;
    if (next) {
      await tx
        .update(directives)
        .set({ seq: sql`${directives.seq} + 1` })
        .where(and(eq(directives.meetingId, meetingId), gte(directives.seq, seq)));
    }
    const read = readDirective(text);
    const [row] = await tx
      .insert(directives)
      .values({
        meetingId,
        seq,
        text,
        spanStart: span?.start ?? null,
        spanEnd: span?.end ?? null,
        category: input.category ?? read.category,
        units: input.units ?? read.units,
        regions: input.regions ?? read.regions,
        numbers: input.numbers ?? read.numbers,
        deadline: input.deadline === undefined ? read.deadline : input.deadline,
        status: input.status ?? 'proposed',
      })
      .returning();
    await renumber(tx, meetingId);
    await touchMeeting(tx, meetingId);
    await auditDirective(tx, actor, meeting, 'create', `新增第 ${seq} 条要求`, row!.id, null, row);
    return toDirective({ ...row!, seq });
  });
}

export async function updateDirective(
  db: Db,
  actor: Actor,
  meetingId: number,
  directiveId: number,
  patch: DirectiveUpdate,
): Promise<Directive> {
  return db.transaction(async (tx) => {
    const meeting = await lockDraft(tx, actor, meetingId);
    const before = findDirective(await directivesOf(tx, meetingId), directiveId);
    const span =
      patch.text !== undefined && patch.text !== before.text
        ? locate(meeting.cleanText, patch.text, { start: before.spanStart, end: before.spanEnd })
        : undefined;
    const [after] = await tx
      .update(directives)
      .set({
        ...patch,
        ...(span === undefined ? {} : { spanStart: span?.start ?? null, spanEnd: span?.end ?? null }),
        updatedAt: new Date(),
      })
      .where(eq(directives.id, directiveId))
      .returning();
    await touchMeeting(tx, meetingId);
    const what =
      Object.keys(patch).length === 1 && patch.status
        ? { accepted: '接受', dropped: '舍弃', proposed: '重新待定' }[patch.status]
        : '修改';
    await auditDirective(
      tx,
      actor,
      meeting,
      'update',
      `${what}第 ${before.seq} 条要求`,
      directiveId,
      before,
      after,
    );
    return toDirective(after!);
  });
}

const unionOf = <T>(lists: T[][], key: (item: T) => string) => {
  const seen = new Map<string, T>();
  for (const item of lists.flat()) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
};

/** Joins directive texts; a separator only where the earlier one has no closing punctuation. */
function joinTexts(texts: string[]): string {
  return texts.reduce(
    (out, text) => (out === '' || /[。；！？;]$/u.test(out) ? out + text : `${out}；${text}`),
    '',
  );
}

/** Merges adjacent directives into the first: texts joined, span from the first start to the last end. */
export async function mergeDirectives(
  db: Db,
  actor: Actor,
  meetingId: number,
  ids: number[],
): Promise<Directive> {
  return db.transaction(async (tx) => {
    const meeting = await lockDraft(tx, actor, meetingId);
    const list = await directivesOf(tx, meetingId);
    const chosen = [...new Set(ids)].map((id) => findDirective(list, id)).sort((a, b) => a.seq - b.seq);
    if (chosen.length < 2) throw new AppError('VALIDATION', '至少选择两条相邻的要求');
    const gap = chosen.findIndex((d, i) => i > 0 && d.seq !== chosen[i - 1]!.seq + 1);
    if (gap > 0)
      throw new AppError(
        'VALIDATION',
        `只能合并相邻的要求：第 ${chosen[gap - 1]!.seq} 条和第 ${chosen[gap]!.seq} 条之间还有其他要求`,
        [{ field: 'ids', message: '要求不相邻' }],
      );
    const [first, ...others] = chosen as [DirectiveRow, ...DirectiveRow[]];
    const spanned = chosen.every((d) => d.spanStart != null && d.spanEnd != null);
    const deadlines = chosen.map((d) => d.deadline).filter((d): d is string => d !== null);
    const text = joinTexts(chosen.map((d) => d.text));
    // The same limit as an edit, or the merged directive could not be edited afterwards.
    if (text.length > DIRECTIVE_TEXT_MAX)
      throw new AppError(
        'VALIDATION',
        `合并后的要求共 ${text.length} 字，超过了一条要求 ${DIRECTIVE_TEXT_MAX} 字的上限：请少合并几条，或先删减文字`,
        [{ field: 'ids', message: `合并后超过 ${DIRECTIVE_TEXT_MAX} 字` }],
      );
    const [after] = await tx
      .update(directives)
      .set({
        text,
        spanStart: spanned ? Math.min(...chosen.map((d) => d.spanStart!)) : null,
        spanEnd: spanned ? Math.max(...chosen.map((d) => d.spanEnd!)) : null,
        units: unionOf(
          chosen.map((d) => d.units),
          (u) => u,
        ),
        regions: unionOf(
          chosen.map((d) => d.regions),
          (r) => r,
        ),
        numbers: unionOf(
          chosen.map((d) => d.numbers),
          (n) => n.text,
        ),
        deadline: deadlines.length ? unionOf([deadlines], (d) => d).join('；') : null,
        status: 'proposed',
        updatedAt: new Date(),
      })
      .where(eq(directives.id, first.id))
      .returning();
    await tx.delete(directives).where(
      inArray(
        directives.id,
        others.map((d) => d.id),
      ),
    );
    await renumber(tx, meetingId);
    await touchMeeting(tx, meetingId);
    await auditDirective(
      tx,
      actor,
      meeting,
      'update',
      `合并第 ${first.seq}–${chosen.at(-1)!.seq} 条要求`,
      first.id,
      first,
      after,
    );
    for (const gone of others)
      await auditDirective(
        tx,
        actor,
        meeting,
        'delete',
        `第 ${gone.seq} 条并入第 ${first.seq} 条`,
        gone.id,
        gone,
      );
    return toDirective(after!);
  });
}

/**
 * What one part of a split keeps of the original: its category (the reviewer may have chosen it), the units,
 * regions and numbers that part names, and the deadline if the part states it. A part naming none of the
 * original's units (or regions) keeps them all, so no part is left without whoever is responsible; a deadline
 * neither part states (typed in by the reviewer) stays with both.
 */
function splitFacts(original: DirectiveRow, part: string, other: string) {
  const keep = (list: string[]) => {
    const named = list.filter((item) => part.includes(item));
    return named.length ? named : list;
  };
  const deadline = original.deadline;
  return {
    category: original.category,
    units: keep(original.units),
    regions: keep(original.regions),
    numbers: original.numbers.filter((n) => part.includes(n.text)),
    deadline:
      deadline === null || part.includes(deadline) || !other.includes(deadline)
        ? deadline
        : findDeadline(part),
  };
}

/** Splits a directive at a character offset of its text into two consecutive directives. */
export async function splitDirective(
  db: Db,
  actor: Actor,
  meetingId: number,
  directiveId: number,
  at: number,
): Promise<Directive[]> {
  return db.transaction(async (tx) => {
    const meeting = await lockDraft(tx, actor, meetingId);
    const before = findDirective(await directivesOf(tx, meetingId), directiveId);
    const length = before.text.length;
    const [head, tail] = splitParts(before.text, at);
    if (!isSplitPosition(before.text, at)) {
      const last = length - SPLIT_MIN_PART;
      throw new AppError(
        'VALIDATION',
        last < SPLIT_MIN_PART
          ? `这条要求只有 ${length} 字，不能再拆分`
          : `拆分位置 ${at} 不行：两部分各要至少 ${SPLIT_MIN_PART} 个字（标点不算），位置应在 ${SPLIT_MIN_PART} 到 ${last} 之间（这条要求共 ${length} 字）`,
        [{ field: 'at', message: `拆分位置应在 ${SPLIT_MIN_PART}–${Math.max(SPLIT_MIN_PART, last)} 之间` }],
      );
    }
    const near = { start: before.spanStart, end: before.spanEnd };
    const headSpan = before.spanStart == null ? null : locate(meeting.cleanText, head, near);
    const tailSpan = before.spanStart == null ? null : locate(meeting.cleanText, tail, near);
    const [first] = await tx
      .update(directives)
      .set({
        text: head,
        spanStart: headSpan?.start ?? null,
        spanEnd: headSpan?.end ?? null,
        ...splitFacts(before, head, tail),
        status: 'proposed',
        updatedAt: new Date(),
      })
      .where(eq(directives.id, directiveId))
      .returning();
    await tx
      .update(directives)
      .set({ seq: sql`${directives.seq} + 1` })
      .where(and(eq(directives.meetingId, meetingId), sql`${directives.seq} > ${before.seq}`));
    const [second] = await tx
      .insert(directives)
      .values({
        meetingId,
        seq: before.seq + 1,
        text: tail,
        spanStart: tailSpan?.start ?? null,
        spanEnd: tailSpan?.end ?? null,
        ...splitFacts(before, tail, head),
      })
      .returning();
    await renumber(tx, meetingId);
    await touchMeeting(tx, meetingId);
    await auditDirective(
      tx,
      actor,
      meeting,
      'update',
      `拆分第 ${before.seq} 条要求`,
      directiveId,
      before,
      first,
    );
    await auditDirective(
      tx,
      actor,
      meeting,
      'create',
      `由第 ${before.seq} 条拆出第 ${before.seq + 1} 条要求`,
      second!.id,
      null,
      second,
    );
    return [toDirective(first!), toDirective(second!)];
  });
}

/** Accepts every directive still proposed, in one change with one audit entry; answers all the directives. */
export async function acceptRemainingDirectives(
  db: Db,
  actor: Actor,
  meetingId: number,
): Promise<Directive[]> {
  return db.transaction(async (tx) => {
    const meeting = await lockDraft(tx, actor, meetingId);
    const proposed = (await directivesOf(tx, meetingId)).filter((d) => d.status === 'proposed');
    if (proposed.length) {
      await tx
        .update(directives)
        .set({ status: 'accepted', updatedAt: new Date() })
        .where(
          inArray(
            directives.id,
            proposed.map((d) => d.id),
          ),
        );
      await touchMeeting(tx, meetingId);
      await recordAudit(tx, actor, {
        action: 'update',
        entity: 'meeting',
        entityId: meetingId,
        regionCode: meeting.regionCode,
        summary: `会议“${meeting.title}”：采纳剩余 ${proposed.length} 条要求`,
        before: { accepted: [], proposed: proposed.map((d) => ({ id: d.id, seq: d.seq })) },
        after: { accepted: proposed.map((d) => ({ id: d.id, seq: d.seq })), proposed: [] },
      });
    }
    return (await directivesOf(tx, meetingId)).map(toDirective);
  });
}

/**
 * A stored meeting with a suggestion taken: the clean text holds the suggestion, the edits fold over it (as on
 * import), later spans move, and each directive that held the garble holds the suggestion instead. A directive
 * still as the report had it is read again from the text; one the reviewer edited has the garbled run replaced
 * wherever its text still holds it, and keeps its span (moved).
 */
function takeSuggestion(meeting: MeetingRow, span: StoredUnreadableSpan, list: readonly DirectiveRow[]) {
  const { start, end, raw } = span;
  const suggestion = span.suggestion!;
  const clean = meeting.cleanText;
  const text = clean.slice(0, start) + suggestion + clean.slice(end);
  const edits = replaceInCleanText(
    meeting.edits,
    clean,
    start,
    end,
    suggestion,
    `乱码“${raw}”采用建议“${suggestion}”`,
  );
  const shift = suggestion.length - (end - start);
  const unreadable = meeting.unreadable.map((u): StoredUnreadableSpan => {
    if (u.start === start) return { ...u, end: start + suggestion.length, resolution: 'accepted' };
    return u.start >= end ? { ...u, start: u.start + shift, end: u.end + shift } : u;
  });
  const changed = list.flatMap((d) => {
    let { spanStart, spanEnd } = d;
    let changedText = d.text.replaceAll(raw, suggestion);
    if (d.spanStart !== null && d.spanEnd !== null) {
      spanStart = movePosition(d.spanStart, start, end, suggestion.length, 'start');
      spanEnd = movePosition(d.spanEnd, start, end, suggestion.length, 'end');
      const asInReport = clean.slice(d.spanStart, d.spanEnd) === d.text;
      if (asInReport && d.spanStart < end && d.spanEnd > start) changedText = text.slice(spanStart, spanEnd);
    }
    if (changedText === d.text && spanStart === d.spanStart && spanEnd === d.spanEnd) return [];
    return [{ before: d, text: changedText, spanStart, spanEnd }];
  });
  return { text, edits, unreadable, changed };
}

/**
 * The reviewer's call on a garbled span of a stored meeting, as on import (`{ start, accept }`, the start in the
 * meeting's clean text as it is now). Taking the suggestion is final: the garble is gone from the text, and a
 * wrong suggestion is corrected by editing the directive. Keeping the mark records that the reviewer saw it.
 */
export async function decideUnreadable(
  db: Db,
  actor: Actor,
  meetingId: number,
  decision: { start: number; accept: boolean },
): Promise<Meeting> {
  await db.transaction(async (tx) => {
    const meeting = await lockDraft(tx, actor, meetingId);
    const span = meeting.unreadable.find((u) => u.start === decision.start);
    if (!span)
      throw new AppError('VALIDATION', `正文第 ${decision.start} 个字符处没有乱码，请刷新页面后重试`, [
        { field: 'start', message: `没有从 ${decision.start} 开始的乱码` },
      ]);
    if (span.resolution === 'accepted')
      throw new AppError(
        'CONFLICT',
        `乱码“${span.raw}”已采用建议“${span.suggestion ?? ''}”，不能撤回；如建议不对，请编辑相关要求的文字`,
      );
    if (!decision.accept) {
      if (span.resolution === 'rejected') return;
      const unreadable = meeting.unreadable.map(
        (u): StoredUnreadableSpan => (u === span ? { ...u, resolution: 'rejected' } : u),
      );
      await tx.update(meetings).set({ unreadable, updatedAt: new Date() }).where(eq(meetings.id, meetingId));
      await recordAudit(tx, actor, {
        action: 'update',
        entity: 'meeting',
        entityId: meetingId,
        regionCode: meeting.regionCode,
        summary: `会议“${meeting.title}”：乱码“${span.raw}”不采用建议，保留标记`,
        before: { unreadable: span },
        after: { unreadable: { ...span, resolution: 'rejected' } },
      });
      return;
    }
    if (!span.suggestion)
      throw new AppError('VALIDATION', `乱码“${span.raw}”没有可采用的建议文字，请编辑相关要求改正`, [
        { field: 'accept', message: `乱码“${span.raw}”没有建议` },
      ]);
    if (meeting.cleanText.slice(span.start, span.end) !== span.raw)
      throw new AppError(
        'CONFLICT',
        `正文中第 ${span.start} 个字符处已不是乱码“${span.raw}”，请刷新页面后重试`,
      );
    const taken = takeSuggestion(meeting, span, await directivesOf(tx, meetingId));
    const warnings = currentWarnings(meeting.warnings, meeting, {
      dateText: meeting.dateText,
      unreadable: taken.unreadable,
    });
    await tx
      .update(meetings)
      .set({
        cleanText: taken.text,
        edits: taken.edits,
        unreadable: taken.unreadable,
        warnings,
        updatedAt: new Date(),
      })
      .where(eq(meetings.id, meetingId));
    for (const change of taken.changed) {
      await tx
        .update(directives)
        .set({
          text: change.text,
          spanStart: change.spanStart,
          spanEnd: change.spanEnd,
          ...(change.text === change.before.text ? {} : { updatedAt: new Date() }),
        })
        .where(eq(directives.id, change.before.id));
    }
    const rewritten = taken.changed.filter((c) => c.text !== c.before.text);
    const view = (list: { id: number; seq: number; text: string }[]) =>
      list.map(({ id, seq, text }) => ({ id, seq, text }));
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'meeting',
      entityId: meetingId,
      regionCode: meeting.regionCode,
      summary:
        `会议“${meeting.title}”：乱码“${span.raw}”采用建议“${span.suggestion}”` +
        (rewritten.length ? `，第 ${rewritten.map((c) => c.before.seq).join('、')} 条要求随之改正` : ''),
      before: { unreadable: span, directives: view(rewritten.map((c) => c.before)) },
      after: {
        unreadable: taken.unreadable.find((u) => u.start === span.start),
        directives: view(rewritten.map((c) => ({ ...c.before, text: c.text }))),
      },
    });
  });
  return getMeeting(db, actor, meetingId);
}

// ---------------------------------------------------------------- the meeting's lifecycle

type MeetingEvent = 'review' | 'reopen';

/** Reviewing every directive is what finishes a meeting; reopening lets staff change a reviewed one. */
export const meetingMachine: RecordMachine<MeetingStatus, MeetingEvent, MeetingRow, ChangeInput> = {
  kind: 'meeting',
  label: '会议',
  stateLabels: { draft: '草稿', reviewed: '已审核' },
  eventLabels: { review: '完成审核', reopen: '退回草稿' },
  transitions: [
    {
      event: 'review',
      from: ['draft'],
      to: 'reviewed',
      who: '指挥部管理员、工作人员',
      may: (actor) => can(actor, 'meetings:write'),
    },
    {
      event: 'reopen',
      from: ['reviewed'],
      to: 'draft',
      who: '指挥部管理员、工作人员',
      may: (actor) => can(actor, 'meetings:write'),
    },
  ],
  load: (tx, actor, id) =>
    lockMeeting(tx, actor, id).catch((err) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }),
  stateOf: (meeting) => meeting.status,
  async apply(tx, _actor, meeting, transition) {
    if (transition.event === 'review') await checkReviewFinished(tx, meeting);
    const [after] = await tx
      .update(meetings)
      .set({ status: transition.to ?? meeting.status, updatedAt: new Date() })
      .where(eq(meetings.id, meeting.id))
      .returning();
    return {
      regionCode: meeting.regionCode,
      summary:
        transition.event === 'review'
          ? `会议 ${meeting.title} 的要求审核完成`
          : `会议 ${meeting.title} 退回草稿`,
      before: auditView(meeting),
      after: auditView(after!),
    };
  },
};

/**
 * A review is finished when every directive has been accepted or dropped, and no accepted one still holds
 * garbled text (tasks are made from them): the reviewer takes the suggestion or corrects the text by hand.
 */
async function checkReviewFinished(tx: Db, meeting: MeetingRow): Promise<void> {
  const meetingId = meeting.id;
  const list = await directivesOf(tx, meetingId);
  const pending = list.filter((d) => d.status === 'proposed');
  if (pending.length) {
    const shown = pending.slice(0, 20).map((d) => `第 ${d.seq} 条`);
    throw new AppError(
      'VALIDATION',
      `还有 ${pending.length} 条要求尚未决定采纳与否：${shown.join('、')}${pending.length > 20 ? '等' : ''}`,
      pending.map((d) => ({
        field: `directives.${d.id}`,
        message: `第 ${d.seq} 条“${d.text.length > 30 ? `${d.text.slice(0, 30)}…` : d.text}”尚未决定采纳与否`,
      })),
    );
  }
  const garbled = list
    .filter((d) => d.status === 'accepted')
    .map((d) => ({ directive: d, spans: garbledSpansIn(d, meeting.cleanText, meeting.unreadable) }))
    .filter((g) => g.spans.length > 0);
  if (garbled.length) {
    const seqs = garbled.map((g) => `第 ${g.directive.seq} 条`).join('、');
    throw new AppError(
      'CONFLICT',
      `${seqs}要求已采纳，但文字中仍有无法识别的乱码，不能完成审核：请采用乱码的建议文字，或编辑要求改正乱码`,
      garbled.map(({ directive, spans }) => ({
        field: `directives.${directive.id}`,
        message: `第 ${directive.seq} 条含乱码${spans
          .map(
            (u) =>
              `“${u.raw}”${u.suggestion ? `（建议改为“${u.suggestion}”）` : '（无建议，请对照原文改正）'}`,
          )
          .join('、')}`,
      })),
    );
  }
}

export async function markReviewed(db: Db, actor: Actor, meetingId: number): Promise<Meeting> {
  await changeRecord(db, actor, meetingMachine, meetingId, 'review', {});
  return getMeeting(db, actor, meetingId);
}

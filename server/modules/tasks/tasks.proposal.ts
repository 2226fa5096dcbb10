// 转为任务: what a reviewed meeting's accepted directive proposes for its task — units read from the text against the
// unit list (by rules from each unit's official name, so another city's list works too), a deadline or cadence
// read from Chinese date phrases, a title — each with a reason in Chinese, because staff decide, not the parser.
import { isCalendarDay } from '../../../shared/contracts/common.ts';
import type { TaskProposal } from '../../../shared/contracts/task-proposals.ts';
import type { Cadence, Responsibility, TaskCategory } from '../../../shared/contracts/tasks.ts';
import type { UnitKind } from '../../../shared/contracts/units.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import { isWithinRegion, subtreePrefix } from '../auth/scope.ts';
import { getMeeting } from '../meetings/meetings.service.ts';
import { getRegion, listChildRegions } from '../regions/regions.service.ts';
import { listUnits } from '../units/units.service.ts';

// ================================================================ numbers and days

const HAN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
/** A number as reports write it: 15, 十五, 二十八, 两, 一百零五, or a year digit by digit (二〇二二). */
const NUM = '(\\d{1,4}|[零〇一二两三四五六七八九十百]{1,5})';

function numberFrom(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[零〇一二两三四五六七八九十百]+$/u.test(text)) return null;
  if (!/[十百]/u.test(text)) return Number([...text].map((c) => HAN_DIGITS[c]).join(''));
  let total = 0;
  let current = 0;
  for (const ch of text) {
    const digit = HAN_DIGITS[ch];
    if (digit !== undefined) current = digit;
    else {
      // 十五: a bare 十 is ten.
      total += (current || 1) * (ch === '十' ? 10 : 100);
      current = 0;
    }
  }
  return total + current;
}

type Day = { y: number; m: number; d: number };
const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
function dayOf(iso: string): Day {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
}
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthEnd = (y: number, m: number) => dayText(y, m, lastDayOf(y, m));
function addDays(iso: string, n: number): string {
  const { y, m, d } = dayOf(iso);
  return new Date(Date.UTC(y, m - 1, d) + n * 86_400_000).toISOString().slice(0, 10);
}
function addMonths(iso: string, n: number): string {
  const { y, m, d } = dayOf(iso);
  const months = y * 12 + (m - 1) + n;
  const ny = Math.floor(months / 12);
  const nm = (months % 12) + 1;
  return dayText(ny, nm, Math.min(d, lastDayOf(ny, nm)));
}
/** 1 = Monday … 7 = Sunday, the numbering of cadences. */
function weekdayOf(iso: string): number {
  const { y, m, d } = dayOf(iso);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const weekdayNames = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/**
 * 春节 from the Chinese calendar ICU ships with Node (no table of dates to keep up to date). Null when this Node
 * was built without it, so 春节前 is then left to staff rather than guessed.
 */
function springFestivalOnOrAfter(iso: string): string | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-u-ca-chinese', {
      timeZone: 'UTC',
      month: 'numeric',
      day: 'numeric',
    });
  } catch {
    return null;
  }
  if (format.resolvedOptions().calendar !== 'chinese') return null;
  for (let year = dayOf(iso).y; year <= dayOf(iso).y + 1; year++) {
    // 春节 falls between 21 January and 20 February.
    for (let day = dayText(year, 1, 20); day <= dayText(year, 2, 21); day = addDays(day, 1)) {
      const parts = format.formatToParts(new Date(`${day}T00:00:00Z`));
      const month = parts.find((p) => p.type === 'month')?.value;
      const date = parts.find((p) => p.type === 'day')?.value;
      if (month === '1' && date === '1' && day >= iso) return day;
    }
  }
  return null;
}

// ================================================================ deadlines and cadences

type DateHit = {
  start: number;
  end: number;
  phrase: string;
  /** The Beijing date it names; null when it needs the meeting's date and there is none. */
  dueAt: string | null;
  note?: string;
  /** Set when the phrase names a day the calendar does not have (2月30日). */
  impossible?: string;
};
type DateHitValue = Omit<DateHit, 'start' | 'end' | 'phrase'> | null;
type CadenceHit = { start: number; end: number; phrase: string; cadence: Cadence; note?: string };

/** A date is a deadline only with a word saying so: 前, 之前, 完成 after it or 截至, 于, 在 before it. */
const DEADLINE_AFTER = /^\s*(?:前|之前|以前|止|为止|内|之内|以内|完成|到位|结束)/u;
const DEADLINE_BEFORE = /(?:截至|截止|截止到|到|至|于|在|不晚于|最迟|限)\s*$/u;

const FULL_DATE = new RegExp(
  `(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*${NUM}\\s*月\\s*(?:${NUM}\\s*[日号]|(底|末|份|上旬|中旬|下旬))`,
  'gu',
);
const MONTH_DAY = new RegExp(`${NUM}\\s*月\\s*${NUM}\\s*[日号]`, 'gu');
const MONTH_PART = new RegExp(`${NUM}\\s*月\\s*(底|末|份|上旬|中旬|下旬|内)`, 'gu');
const YEAR_END_WITH_YEAR = /(\d{4})\s*年\s*(?:度\s*)?(?:底|末|内)/gu;
const THIS_MONTH =
  /(?:本|当|这个)月(?:底|末|内)|(?<![\d〇零一二两三四五六七八九十百个年本当下上每])月(?:底|末)(?:前|之前)|(?<![\d〇零一二两三四五六七八九十百个年本当下上每])月内/gu;
const NEXT_MONTH = /下个?月(?:底|末|内)/gu;
const WEEK = /(本|下|这)(?:周|星期)(?:(内)|(末)|([一二三四五六日天1-7]))/gu;
const BARE_WEEKDAY = /(?<![每本下上这])(?:周|星期)([一二三四五六日天])(?:前|之前|以前)/gu;
const DURATION = new RegExp(
  `(?<![\\d月年第每])(${NUM.slice(1, -1)}|半)\\s*(个)?\\s*(小时|日|天|周|星期|月|年|工作日)\\s*(?:内|之内|以内)`,
  'gu',
);
const YEAR_END = /(?<![去前\d])(明|今|本|当)?年(?:度)?(?:底|末)/gu;
const WITHIN_YEAR = /(?<![\d〇零一二两三四五六七八九十百个半去前后上下每])(明|今|本|当)?年(?:度)?内/gu;
const HALF_YEAR = /(上|下)半年/gu;
const QUARTER = /(?:第)?([一二三四1-4])季度(?:末)?|首季度?/gu;
const SPRING_FESTIVAL = /春节(?:前|之前|以前)/gu;
const IMMEDIATE = /即日起|立即|马上|即刻|第一时间/u;

const DAILY =
  /每日|每天|一日一报|日调度|日报(?=[告制表送])|(?<=[行实执落建和及一]|^|[^\p{Script=Han}])日报/gu;
const WEEKLY = new RegExp(
  '每(?:周|星期)(?:([一二三四五六日天1-7])(?![次个天]))?|周调度|一周一报|周报(?=[告制表送])|' +
    '(?<=[行实执落建和及一]|^|[^\\p{Script=Han}])周报',
  'gu',
);
const MONTHLY = new RegExp(
  `每月(?:${NUM}\\s*[日号]|(底|末))?|月调度|一月一报|月报(?=[告制表送])|(?<=[行实执落建和及一]|^|[^\\p{Script=Han}])月报`,
  'gu',
);
const TIME_OF_DAY =
  /(上午|中午|下午|晚上|晚)?\s*(\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*(?:时|点|:|：)\s*(\d{1,2}|半|[零一二三四五六七八九十]{1,3})?/u;

/** A day read without a year: the meeting's year, or the next when it has already passed by the meeting. */
function nextOccurrence(meetingDate: string, m: number, d: number | 'end'): { due: string; rolled: boolean } {
  const meeting = dayOf(meetingDate);
  const inYear = (y: number) => (d === 'end' ? monthEnd(y, m) : dayText(y, m, d));
  const rolled = d === 'end' ? m < meeting.m : inYear(meeting.y) < meetingDate;
  return { due: inYear(rolled ? meeting.y + 1 : meeting.y), rolled };
}

function isDeadlineDate(text: string, start: number, end: number): boolean {
  return DEADLINE_AFTER.test(text.slice(end, end + 6)) || DEADLINE_BEFORE.test(text.slice(0, start));
}

const partDay = (part: string, y: number, m: number): number =>
  part === '上旬' ? 10 : part === '中旬' ? 20 : lastDayOf(y, m);

function findDateHits(text: string, meetingDate: string | null): DateHit[] {
  const hits: DateHit[] = [];
  const add = (match: RegExpMatchArray, hit: Omit<DateHit, 'start' | 'end' | 'phrase'>) => {
    const start = match.index ?? 0;
    // The reason quotes 5月底前, not 5月底.
    const end =
      start +
      match[0].length +
      (/^(?:之前|以前|前)/u.exec(text.slice(start + match[0].length))?.[0].length ?? 0);
    hits.push({ start, end, phrase: text.slice(start, end), ...hit });
  };
  const impossible = (match: RegExpMatchArray, what: string) =>
    add(match, { dueAt: null, impossible: `“${match[0]}”${what}` });
  const needsMeeting = { dueAt: null, note: '会议日期不明，无法推算' };

  for (const match of text.matchAll(FULL_DATE)) {
    const start = match.index ?? 0;
    if (!isDeadlineDate(text, start, start + match[0].length)) continue;
    const y = numberFrom(match[1]!);
    const m = numberFrom(match[2]!);
    if (y === null || m === null) continue;
    if (m < 1 || m > 12) {
      impossible(match, `没有${m}月`);
      continue;
    }
    if (match[4]) {
      add(match, { dueAt: match[4] === '份' ? monthEnd(y, m) : dayText(y, m, partDay(match[4], y, m)) });
      continue;
    }
    const d = numberFrom(match[3]!);
    if (d === null) continue;
    if (!isCalendarDay(y, m, d)) impossible(match, '不是日历上的日子');
    else add(match, { dueAt: dayText(y, m, d) });
  }

  for (const match of text.matchAll(MONTH_DAY)) {
    const start = match.index ?? 0;
    if (!isDeadlineDate(text, start, start + match[0].length)) continue;
    const m = numberFrom(match[1]!);
    const d = numberFrom(match[2]!);
    if (m === null || d === null) continue;
    // Checked against a leap year first: 2月29日 is refused only in the year it lands in.
    if (m < 1 || m > 12 || !isCalendarDay(2024, m, d)) {
      impossible(match, '不是日历上的日子');
      continue;
    }
    if (!meetingDate) {
      add(match, needsMeeting);
      continue;
    }
    const { due, rolled } = nextOccurrence(meetingDate, m, d);
    const { y } = dayOf(due);
    if (!isCalendarDay(y, m, d)) impossible(match, `：${y}年没有${m}月${d}日`);
    else add(match, { dueAt: due, note: rolled ? `会议时已过${m}月${d}日，按次年` : undefined });
  }

  for (const match of text.matchAll(MONTH_PART)) {
    const start = match.index ?? 0;
    const part = match[2]!;
    // 11月底 reads as a deadline on its own; 5月份 and 5月中旬 need a word saying so.
    if (!['底', '末', '内'].includes(part) && !isDeadlineDate(text, start, start + match[0].length)) continue;
    const m = numberFrom(match[1]!);
    if (m === null) continue;
    if (m < 1 || m > 12) {
      impossible(match, `没有${m}月`);
      continue;
    }
    if (!meetingDate) {
      add(match, needsMeeting);
      continue;
    }
    const { due, rolled } = nextOccurrence(meetingDate, m, 'end');
    const { y } = dayOf(due);
    add(match, {
      dueAt: part === '上旬' || part === '中旬' ? dayText(y, m, partDay(part, y, m)) : due,
      note: [
        rolled ? `会议时已过${m}月，按次年` : '',
        part === '上旬' || part === '中旬' ? `${part}按${partDay(part, y, m)}日` : '',
      ]
        .filter(Boolean)
        .join('；'),
    });
  }

  for (const match of text.matchAll(YEAR_END_WITH_YEAR)) add(match, { dueAt: `${match[1]}-12-31` });

  const relative = (pattern: RegExp, due: (match: RegExpMatchArray, meeting: string) => DateHitValue) => {
    for (const match of text.matchAll(pattern)) {
      if (!meetingDate) {
        add(match, needsMeeting);
        continue;
      }
      const value = due(match, meetingDate);
      if (value) add(match, value);
    }
  };

  relative(THIS_MONTH, (_, meeting) => ({ dueAt: monthEnd(dayOf(meeting).y, dayOf(meeting).m) }));
  relative(NEXT_MONTH, (_, meeting) => {
    const next = addMonths(`${meeting.slice(0, 8)}01`, 1);
    return { dueAt: monthEnd(dayOf(next).y, dayOf(next).m) };
  });
  relative(WEEK, (match, meeting) => {
    const monday = addDays(meeting, 1 - weekdayOf(meeting));
    const weekStart = match[1] === '下' ? addDays(monday, 7) : monday;
    const weekday = match[2] || match[3] ? 7 : (WEEKDAY[match[4]!] ?? Number(match[4]));
    const due = addDays(weekStart, weekday - 1);
    // 本周五 said on a Saturday names a day already gone: a slip, not a deadline.
    if (due < meeting) return { dueAt: null, note: '会议时这一天已过' };
    return { dueAt: due, note: '每周从周一算起' };
  });
  relative(BARE_WEEKDAY, (match, meeting) => {
    const weekday = WEEKDAY[match[1]!]!;
    return { dueAt: addDays(meeting, (weekday - weekdayOf(meeting) + 7) % 7), note: '会议后最近的这一天' };
  });
  relative(DURATION, (match, meeting) => {
    const amount = match[1] === '半' ? 0.5 : numberFrom(match[1]!);
    const unit = match[3]!;
    if (amount === null || amount <= 0) return null;
    // 3月内 is March; only 3个月内 (or 半月内) is three months.
    if (unit === '月' && !match[2] && match[1] !== '半') return null;
    const from = `自会议日 ${meeting} 起算`;
    if (unit === '小时')
      return { dueAt: addDays(meeting, Math.ceil(amount / 24)), note: `按整天计，${from}` };
    if (unit === '日' || unit === '天') return { dueAt: addDays(meeting, Math.ceil(amount)), note: from };
    if (unit === '周' || unit === '星期')
      return { dueAt: addDays(meeting, Math.ceil(amount * 7)), note: from };
    if (unit === '月') {
      return amount === 0.5
        ? { dueAt: addDays(meeting, 15), note: `半个月按15天，${from}` }
        : { dueAt: addMonths(meeting, amount), note: from };
    }
    if (unit === '年') return { dueAt: addMonths(meeting, amount * 12), note: from };
    // 工作日: weekends are skipped; public holidays are not known here.
    let due = meeting;
    for (let left = Math.ceil(amount); left > 0; ) {
      due = addDays(due, 1);
      if (weekdayOf(due) <= 5) left--;
    }
    return { dueAt: due, note: `只跳过周六、周日，未计节假日，${from}` };
  });
  relative(YEAR_END, (match, meeting) => ({
    dueAt: `${dayOf(meeting).y + (match[1] === '明' ? 1 : 0)}-12-31`,
  }));
  relative(WITHIN_YEAR, (match, meeting) => ({
    dueAt: `${dayOf(meeting).y + (match[1] === '明' ? 1 : 0)}-12-31`,
  }));
  relative(HALF_YEAR, (match, meeting) => {
    const { due, rolled } = nextOccurrence(meeting, match[1] === '上' ? 6 : 12, 'end');
    return { dueAt: due, note: rolled ? '会议时上半年已过，按次年' : undefined };
  });
  relative(QUARTER, (match, meeting) => {
    const q = match[1] ? (numberFrom(match[1]) ?? 1) : 1;
    const { due, rolled } = nextOccurrence(meeting, q * 3, 'end');
    return { dueAt: due, note: rolled ? '会议时这一季度已过，按次年' : undefined };
  });
  relative(SPRING_FESTIVAL, (_, meeting) => {
    const festival = springFestivalOnOrAfter(addDays(meeting, 1));
    if (!festival) return { dueAt: null, note: '无法推算春节日期' };
    return { dueAt: addDays(festival, -1), note: `春节为 ${festival}，期限为除夕` };
  });
  return hits;
}

function readTime(text: string, from: number): { dueTime: string; phrase: string } | null {
  const window = text.slice(from, from + 16).split(/[，。；]/u)[0] ?? '';
  const match = TIME_OF_DAY.exec(window);
  if (!match) return null;
  let hour = numberFrom(match[2]!);
  const minute = match[3] === '半' ? 30 : match[3] ? numberFrom(match[3]) : 0;
  if (hour === null || minute === null) return null;
  if ((match[1] === '下午' || match[1] === '晚上' || match[1] === '晚') && hour < 12) hour += 12;
  if (hour === 24 && minute === 0) return { dueTime: '23:59', phrase: match[0] };
  if (hour > 23 || minute > 59) return null;
  return { dueTime: `${pad(hour)}:${pad(minute)}`, phrase: match[0] };
}

function findCadenceHits(text: string): CadenceHit[] {
  const hits: CadenceHit[] = [];
  const add = (match: RegExpMatchArray, cadence: (dueTime: string) => Cadence, note?: string) => {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const time = readTime(text, end);
    hits.push({
      start,
      end,
      phrase:
        match[0] +
        (time ? text.slice(end, end + text.slice(end).indexOf(time.phrase) + time.phrase.length) : ''),
      cadence: cadence(time?.dueTime ?? '17:00'),
      note: [note, time ? '' : '未说明时间，按 17:00'].filter(Boolean).join('；'),
    });
  };
  for (const match of text.matchAll(DAILY)) add(match, (dueTime) => ({ kind: 'daily', dueTime }));
  for (const match of text.matchAll(WEEKLY)) {
    const weekday = match[1] ? (WEEKDAY[match[1]] ?? Number(match[1])) : null;
    add(
      match,
      (dueTime) => ({ kind: 'weekly', weekday: weekday ?? 1, dueTime }),
      weekday ? undefined : '未说明星期几，按周一',
    );
  }
  for (const match of text.matchAll(MONTHLY)) {
    const day = match[1] ? numberFrom(match[1]) : match[2] ? 31 : null;
    if (day !== null && (day < 1 || day > 31)) continue;
    add(
      match,
      (dueTime) => ({ kind: 'monthly', day: day ?? 31, dueTime }),
      day === null ? '未说明日期，按月末' : day === 31 ? '月末（小月为最后一天）' : undefined,
    );
  }
  return hits;
}

/** Longest first, then earliest: a phrase inside a longer one (月底前 in 11月底前) is not read twice. */
function withoutOverlaps<T extends { start: number; end: number }>(hits: T[]): T[] {
  const kept: T[] = [];
  const ordered = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const hit of ordered) if (!kept.some((k) => hit.start < k.end && k.start < hit.end)) kept.push(hit);
  return kept.sort((a, b) => a.start - b.start);
}

const toAscii = (text: string) =>
  text.replace(/[０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export type DeadlineReading = {
  result: { dueAt: string } | { cadence: Cadence } | null;
  /** One line per phrase read, in Chinese, for the proposal's reasons. */
  reasons: string[];
};

const cadenceText = (c: Cadence): string =>
  c.kind === 'daily'
    ? `每天 ${c.dueTime} 前报送`
    : c.kind === 'weekly'
      ? `每${weekdayNames[c.weekday]} ${c.dueTime} 前报送`
      : `每月${c.day >= 31 ? '最后一天' : `${c.day}日`} ${c.dueTime} 前报送`;

/**
 * Reads a deadline or a reporting cadence from a directive's text and says why. A date wins over a cadence (the
 * task's commitment); of several dates the latest is the task's. Any impossible date (2月30日) refuses the whole
 * reading: a typo in the report is for staff to resolve, not to round.
 */
export function readDeadline(text: string, meetingDate: string | null): DeadlineReading {
  const plain = toAscii(text);
  const all = withoutOverlaps<DateHit | CadenceHit>([
    ...findDateHits(plain, meetingDate),
    ...findCadenceHits(plain),
  ]);
  const dates = all.filter((h): h is DateHit => 'dueAt' in h);
  const cadences = all.filter((h): h is CadenceHit => 'cadence' in h);
  const bad = dates.find((h) => h.impossible);
  if (bad) return { result: null, reasons: [`${bad.impossible}，未设期限，请核对原文`] };
  const explain = (h: { phrase: string; note?: string }, value: string) =>
    `${h.phrase} → ${value}${h.note ? `（${h.note}）` : ''}`;

  const dated = dates.filter((h): h is DateHit & { dueAt: string } => h.dueAt !== null);
  const undated = dates.filter((h) => h.dueAt === null).map((h) => `${h.phrase}：${h.note}，请填写期限`);
  if (dated.length > 0) {
    const latest = dated.reduce((a, b) => (b.dueAt > a.dueAt ? b : a));
    const reasons = [explain(latest, latest.dueAt)];
    const others = dated.filter((h) => h !== latest).map((h) => `“${h.phrase}”`);
    if (others.length) reasons.push(`另有时限${others.join('、')}，任务按最晚的期限`);
    if (cadences[0])
      reasons.push(`另有报送要求“${cadences[0].phrase}”，任务按期限办理；需要定期报送时请改为定期任务`);
    return { result: { dueAt: latest.dueAt }, reasons: [...reasons, ...undated] };
  }
  const cadence = cadences[0];
  if (cadence)
    return {
      result: { cadence: cadence.cadence },
      reasons: [explain(cadence, cadenceText(cadence.cadence))],
    };
  if (undated.length) return { result: null, reasons: undated };
  const immediate = IMMEDIATE.exec(plain);
  if (immediate) return { result: null, reasons: [`“${immediate[0]}”：没有截止日期，请填写期限`] };
  return { result: null, reasons: ['文中没有期限或报送频次，请填写'] };
}

/** The deadline or cadence a directive's text gives: a Beijing date, a cadence, or null (staff decide). */
export function deadlineFromText(
  text: string,
  meetingDate: string | null,
): { dueAt: string } | { cadence: Cadence } | null {
  return readDeadline(text, meetingDate).result;
}

// ================================================================ units named in the text

export type UnitForProposal = {
  id: number;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  regionCode: string;
};

export type UnitMatch = {
  unit: UnitForProposal;
  /** The words of the text that named it. */
  phrase: string;
  /** Where the phrase starts in the text. */
  start: number;
  /** Set when the unit was not named but included by a collective phrase (各县市区 → every district unit). */
  collective?: 'counties';
};

/**
 * How a form may stand in the text:
 * - `full`: the name, the short name, or a form starting with the unit's own region (宜昌市卫健委, 市卫健委);
 * - `organ`: a department name without its region (卫健委) — refused after another region's mark (区卫健局, 省卫健委);
 * - `bare`: a core without organ word (卫健, 公安) — only in a list that ends in 部门 (卫健、住建等部门) or before
 *   牵头/负责/配合; `listOnly` cores (交通) only in such a list;
 * - `levelBare`: 市卫健, 市公安 — not inside a word (城市交通, 全市应急);
 * - `place`: a district's name (西陵区, 长阳县) — not when an organ of that district follows (宜都市卫健局);
 * - `placeBare`: 西陵, 长阳 — only standing alone (长阳、五峰), not inside a word (西陵峡).
 */
type FormMode = 'full' | 'organ' | 'bare' | 'listOnly' | 'levelBare' | 'place' | 'placeBare';
/** rank: 0 the stored name or short name; 1 from the name in full; 2 a usual abbreviation; 3 a looser one. */
type Form = { text: string; rank: number; mode: FormMode };

/** Organ words a name ends in, longest first, with the forms reports write them in and a looser cross form. */
const ORGAN_SUFFIXES: [suffix: string, forms: string[], loose: string[]][] = [
  ['委员会', ['委员会', '委'], ['局']],
  ['管理局', ['管理局', '局'], []],
  ['办公室', ['办公室', '办'], []],
  ['局', ['局'], ['委']],
  ['委', ['委', '委员会'], ['局']],
  ['办', ['办', '办公室'], []],
  ['中心', ['中心'], []],
  ['部', ['部'], []],
  ['厅', ['厅'], []],
  ['院', ['院'], []],
  ['站', ['站'], []],
  ['所', ['所'], []],
  ['队', ['队'], []],
  ['处', ['处'], []],
];

/** A name's region mark: 宜昌市 (市), 中共宜昌市委 (市委), 西陵区 (区), 长阳土家族自治县 (县). */
const REGION_PREFIX =
  /^(中共)?([\p{Script=Han}]{2,4}?(?:(?:[\p{Script=Han}]{1,3}族)+自治)?(?:市|州|县|区|旗))(委)?(?=[\p{Script=Han}]{2})/u;
const GOVERNMENT = /(?:人民政府|政府)$/u;
const AUTONOMOUS = /^([\p{Script=Han}]{2,4}?)(?:[\p{Script=Han}]{1,3}族)+自治(县|州|旗)$/u;

/** Two-character words of a core, when it is made of them (卫生健康 → 卫生, 健康). */
const wordsOf = (core: string): string[] | null =>
  core.length >= 4 && core.length % 2 === 0 ? (core.match(/../gu) ?? null) : null;

type CoreVariant = { text: string; rank: number; bare: 'yes' | 'list' | 'no' };

/**
 * The ways reports shorten a core, by rule: 卫生健康 → 卫健 (first character of each word), 疾病预防控制 → 疾控 (first
 * and last word), 发展和改革 → 发改, 住房和城乡建设 → 住建 (first characters of the parts, or of the first part and
 * the last part's last word), 市场监督管理 → 市场监管, and the first word or part alone (交通运输 → 交通,
 * 水利和湖泊 → 水利), which is looser.
 */
function coreVariants(core: string): CoreVariant[] {
  const out: CoreVariant[] = [];
  const add = (text: string, rank: number, bare: CoreVariant['bare']) => {
    if (text.length < 2) return;
    const seen = out.find((v) => v.text === text);
    if (!seen) out.push({ text, rank, bare });
    else if (rank < seen.rank) Object.assign(seen, { rank, bare });
  };
  const derive = (c: string, base: number) => {
    add(c, base, 'yes');
    const parts = c.split(/和|与|及/u).filter(Boolean);
    if (parts.length >= 2) {
      const last = parts[parts.length - 1]!;
      add(parts.join(''), 2, 'list');
      add(parts.map((p) => p[0]).join(''), 2, 'yes');
      add(parts[0]![0]! + (last.length >= 4 ? last.slice(-2)[0]! : last[0]!), 2, 'yes');
      add(parts[0]!, 3, 'list');
      return;
    }
    const words = wordsOf(c);
    if (!words) return;
    add(words.map((w) => w[0]).join(''), 2, 'yes');
    if (words.length >= 3) {
      add(words[0]![0]! + words[words.length - 1]![0]!, 2, 'yes');
      // 城市管理执法 → 城管
      add(words[0]![0]! + words[1]![0]!, 2, 'yes');
    }
    add(words[0]!, 3, 'list');
  };
  derive(core, 1);
  if (core.includes('监督管理')) derive(core.replace('监督管理', '监管'), 2);
  // 疫情防控指挥部 → 指挥部, 防控指挥部: only ever with an organ word or the region's mark (see unitForms).
  const body = /^(.+?)(指挥部|领导小组)$/u.exec(core);
  if (body) {
    add(body[2]!, 2, 'no');
    if (body[1]!.length >= 2) add(body[1]!.slice(-2) + body[2]!, 2, 'no');
  }
  return out;
}

type UnitForms = { unit: UnitForProposal; index: number; forms: Form[]; placeName: string | null };

/** The region mark of each name, kept only when several units share it or the unit is a department. */
function regionMarks(
  registry: readonly UnitForProposal[],
): Map<number, { mark: string; level: string; party: string }> {
  const counts = new Map<string, number>();
  const found = registry.map((unit) => {
    const match = REGION_PREFIX.exec(unit.name);
    if (match) counts.set(match[2]!, (counts.get(match[2]!) ?? 0) + 1);
    return match;
  });
  const marks = new Map<number, { mark: string; level: string; party: string }>();
  registry.forEach((unit, i) => {
    const match = found[i];
    if (!match || unit.kind === 'district' || unit.kind === 'working_group') return;
    if ((counts.get(match[2]!) ?? 0) < 2 && unit.kind !== 'department' && unit.kind !== 'hq_office') return;
    const region = match[2]!;
    marks.set(i, {
      mark: match[0],
      level: region.slice(-1) + (match[3] ?? ''),
      party: (match[1] ?? '') + region + (match[3] ?? ''),
    });
  });
  return marks;
}

function organForms(unit: UnitForProposal, mark: { mark: string; level: string } | undefined): Form[] {
  const forms: Form[] = [];
  const add = (text: string, rank: number, mode: FormMode) => {
    if (text.length < 2) return;
    const seen = forms.find((f) => f.text === text);
    if (!seen) forms.push({ text, rank, mode });
    else if (rank < seen.rank) Object.assign(seen, { rank, mode });
  };
  add(unit.name, 0, 'full');
  if (unit.shortName) add(unit.shortName, 0, 'full');
  if (unit.kind === 'working_group') {
    // 市指挥部医疗救治组 is one name: the group, not the HQ and then a group.
    add(`指挥部${unit.name}`, 0, 'full');
    return forms;
  }
  if (unit.kind === 'enterprise') {
    add(unit.name.replace(/(?:股份有限公司|有限责任公司|有限公司|公司)$/u, ''), 1, 'organ');
    return forms;
  }
  const rest = mark ? unit.name.slice(mark.mark.length) : unit.name.replace(/^中共/u, '');
  const level = mark?.level ?? '';
  const withLevel = (text: string, rank: number) => {
    if (level) add(level + text, rank, 'full');
    if (mark) add(mark.mark + text, rank, 'full');
  };
  // A short name written with the region's mark (市卫健委) also stands without it (卫健委).
  if (unit.shortName && level && unit.shortName.startsWith(level) && unit.shortName.length > level.length + 1)
    add(unit.shortName.slice(level.length), 1, 'organ');
  add(rest, 1, 'organ');
  withLevel(rest, 1);
  for (const [suffix, written, loose] of ORGAN_SUFFIXES) {
    if (!rest.endsWith(suffix) || rest.length <= suffix.length) continue;
    const core = rest.slice(0, -suffix.length);
    for (const variant of coreVariants(core)) {
      const organOnly = variant.bare === 'no';
      for (const [i, s] of written.entries()) {
        const rank = Math.max(variant.rank, i === 0 ? 1 : 2);
        add(variant.text + s, rank, 'organ');
        withLevel(variant.text + s, rank);
      }
      for (const s of loose) {
        add(variant.text + s, 3, 'organ');
        withLevel(variant.text + s, 3);
      }
      if (organOnly) {
        // 市指挥部 names the HQ; 指挥部 alone could be anyone's (现场指挥部).
        if (unit.kind === 'hq_office' && level) add(level + variant.text, 2, 'full');
        continue;
      }
      if (unit.kind === 'hq_office') {
        // The HQ's office speaks for the HQ: 市疫情防控指挥部要… is a task for the office.
        add(variant.text, variant.rank, 'organ');
        withLevel(variant.text, variant.rank);
        continue;
      }
      add(`${variant.text}部门`, Math.max(variant.rank, 2), 'organ');
      withLevel(`${variant.text}部门`, Math.max(variant.rank, 2));
      if (variant.bare === 'yes') {
        add(variant.text, Math.max(variant.rank, 2), 'bare');
        if (level) add(level + variant.text, Math.max(variant.rank, 2), 'levelBare');
      } else add(variant.text, 3, 'listOnly');
    }
  }
  return forms;
}

/** A district unit's region name: 西陵区人民政府 → 西陵区, 宜昌市长阳土家族自治县人民政府 → 长阳土家族自治县. */
function placeNameOf(unit: UnitForProposal): string {
  const name = (unit.shortName ?? unit.name).replace(GOVERNMENT, '') || unit.name;
  const inCity = /^[\p{Script=Han}]{2,4}?[市州](?=[\p{Script=Han}]{2,}[区县市旗]$)/u.exec(name);
  return inCity ? name.slice(inCity[0].length) : name;
}

function districtForms(unit: UnitForProposal, place: string): Form[] {
  const forms: Form[] = [{ text: unit.name, rank: 0, mode: 'full' }];
  const add = (text: string, rank: number, mode: FormMode) => {
    if (text.length >= 2 && !forms.some((f) => f.text === text)) forms.push({ text, rank, mode });
  };
  if (unit.shortName) add(unit.shortName, 0, 'place');
  const spoken = AUTONOMOUS.exec(place);
  const names = spoken ? [place, spoken[1]! + spoken[2]!] : [place];
  for (const [i, name] of names.entries()) {
    add(name, i === 0 ? 1 : 2, 'place');
    for (const body of ['人民政府', '政府', '委', '党委', '党委政府', '党委和政府'])
      add(name + body, i === 0 ? 1 : 2, 'full');
  }
  const bare = spoken ? spoken[1]! : place.length >= 3 ? place.slice(0, -1) : null;
  if (bare) add(bare, 2, 'placeBare');
  return forms;
}

const formsCache = new WeakMap<readonly UnitForProposal[], UnitForms[]>();

function formsOf(registry: readonly UnitForProposal[]): UnitForms[] {
  const cached = formsCache.get(registry);
  if (cached) return cached;
  const marks = regionMarks(registry);
  const all = registry.map((unit, index) => {
    if (unit.kind === 'district') {
      const place = placeNameOf(unit);
      return { unit, index, forms: districtForms(unit, place), placeName: place };
    }
    return { unit, index, forms: organForms(unit, marks.get(index)), placeName: null };
  });
  formsCache.set(registry, all);
  return all;
}

// ---------------------------------------------------------------- collective phrases

export type CollectiveKind =
  | 'counties'
  | 'urban_districts'
  | 'departments'
  | 'working_groups'
  | 'townships'
  | 'enterprises';

const COLLECTIVES: [CollectiveKind, RegExp][] = [
  [
    'counties',
    /各县[（(]市、区[)）]|各县[（(]市[)）]区|各县[（(]区[)）]|各区[（(]县、市[)）]|各区[（(]县[)）]|各县市区|各县区市|各区县市|各市县区|各县市|各县区|各区县|各地区|各地(?!方)|各县(?!级)|各级党委和政府|各级党委政府|各级政府/gu,
  ],
  ['urban_districts', /各区(?![域块段])/gu],
  [
    'departments',
    /各相关部门|各有关部门|市直各部门|市直各单位|市直有关部门|各成员单位|各部门各单位|各级各部门|各部门|各单位|有关部门|相关部门|各有关单位|有关单位|相关单位/gu,
  ],
  ['working_groups', /各专项工作组|各工作小组|各工作组|各工作专班|各专班|各专项组/gu],
  ['townships', /各乡镇[（(]街道[)）]|各镇[（(]街道[)）]|各乡镇街道|各乡镇|各街道|各镇|各社区|各村/gu],
  ['enterprises', /各类企业|各企业|各市场主体/gu],
];

export type CollectivePhrase = { phrase: string; start: number; kind: CollectiveKind };

/** 各县市区, 各相关部门, 各乡镇…: words that name a set of units rather than one. */
export function findCollectivePhrases(text: string): CollectivePhrase[] {
  const found: (CollectivePhrase & { end: number })[] = [];
  for (const [kind, pattern] of COLLECTIVES)
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      found.push({ phrase: match[0], start, end: start + match[0].length, kind });
    }
  return withoutOverlaps(found).map(({ end: _end, ...phrase }) => phrase);
}

// ---------------------------------------------------------------- where a form may stand

const isHan = (ch: string | undefined) => ch !== undefined && /\p{Script=Han}/u.test(ch);
/** 宣传部署 is not 宣传部, 疫情防控组织 not 疫情防控组. */
const GLUE: Record<string, RegExp> = {
  组: /^[织成建合]/u,
  局: /^[面势限部]/u,
  委: /^[托派屈]/u,
  部: /^[署分队位件]/u,
  办: /^[理法好事实文会]/u,
  心: /^城/u,
};
/** A list of units that ends in 部门 (卫健、住建等部门), after a bare core. */
const LIST_OF_UNITS =
  /^(?:[、和及与][\p{Script=Han}]{1,10}?)*(?:等有关|等相关|等)(?:部门|单位|系统)|^(?:[、和及与][\p{Script=Han}]{1,10}?)+(?:部门|单位|系统)/u;
const ROLE_AFTER = /^(?:牵头|负责|会同|配合|协同|协助|联合)/u;
const AFTER_LEVEL_BARE = /^(?:要|牵头|负责|会同|配合|协同|协助|联合|等|和|与|及|为|在|对)/u;
/** An organ of that district follows its name: 宜都市卫健局, 西陵区人民医院. */
const ORGAN_AFTER_PLACE =
  /^(?:[^要在的对把将和与及从向为是，。；、]{0,8}?)(?:局|委员会|中心|办公室|医院|院|所|站)/u;

/** Where the text has a place and a form starts with its last character: 宜都市卫健局 is not 市卫健局. */
function afterPlace(text: string, start: number, form: Form, places: readonly string[]): boolean {
  const upTo = text.slice(0, start + 1);
  return places.some((p) => p.length > 1 && p.endsWith(form.text[0]!) && upTo.endsWith(p));
}

function standsHere(
  text: string,
  start: number,
  form: Form,
  hasLevel: boolean,
  places: readonly string[],
): boolean {
  const end = start + form.text.length;
  const prev = text[start - 1];
  const next = text[end];
  const after = text.slice(end, end + 20);
  const glue = GLUE[form.text.slice(-1)];
  if (glue?.test(after)) return false;
  const prevFree = !isHan(prev) || /[由和及与请]/u.test(prev!);
  switch (form.mode) {
    case 'full':
      return form.rank === 0 || !afterPlace(text, start, form, places);
    case 'organ':
      if (/(?:国家|中央|全国|国务院)$/u.test(text.slice(0, start))) return false;
      return !(prev && (hasLevel ? /[市区县州省旗委]/u : /[区县州省旗]/u).test(prev));
    case 'bare':
      return prevFree && (LIST_OF_UNITS.test(after) || ROLE_AFTER.test(after));
    case 'listOnly':
      return prevFree && LIST_OF_UNITS.test(after);
    case 'levelBare':
      if (afterPlace(text, start, form, places)) return false;
      return (
        !(prev && /[城全本该各都省县区州每]/u.test(prev)) && (!isHan(next) || AFTER_LEVEL_BARE.test(after))
      );
    case 'place':
      return !ORGAN_AFTER_PLACE.test(after);
    case 'placeBare':
      return (
        (!isHan(prev) || /[由和与及对在到至]/u.test(prev!)) &&
        (!isHan(next) || /^[、和与及等两三四要]/u.test(after))
      );
  }
}

type Candidate = { start: number; end: number; rank: number; near: number; index: number; units: UnitForms };

/**
 * The units a text names, in text order: full names, stored short names and the short forms derived from the
 * official name by rule (see coreVariants); the longest phrase wins and phrases do not overlap. 各县市区 and the
 * like include every district unit (各区: the urban districts only), flagged `collective`; 各相关部门 is not
 * expanded (findCollectivePhrases tells it). `near` (a region code) settles a phrase two units share (区卫健局
 * when the list has several districts' bureaus) in favour of the unit of that region.
 */
export function matchUnits(text: string, registry: UnitForProposal[], near?: string): UnitMatch[] {
  const plain = toAscii(text);
  const all = formsOf(registry);
  const marks = regionMarks(registry);
  const places = all.flatMap((u) => (u.placeName ? [u.placeName] : []));
  const candidates: Candidate[] = [];
  const nearness = (unit: UnitForProposal) =>
    !near ? 0 : unit.regionCode === near ? 0 : isWithinRegion(near, unit.regionCode) ? 1 : 2;
  for (const units of all) {
    const hasLevel = units.unit.kind === 'district' || marks.has(units.index);
    for (const form of units.forms) {
      for (let at = plain.indexOf(form.text); at !== -1; at = plain.indexOf(form.text, at + 1)) {
        if (!standsHere(plain, at, form, hasLevel, places)) continue;
        candidates.push({
          start: at,
          end: at + form.text.length,
          rank: form.rank,
          near: nearness(units.unit),
          index: units.index,
          units,
        });
      }
    }
  }
  const collectives = findCollectivePhrases(plain).filter(
    (c) => c.kind === 'counties' || c.kind === 'urban_districts',
  );
  type Span = { start: number; end: number };
  const taken: Span[] = [];
  const overlaps = (s: Span) => taken.some((t) => s.start < t.end && t.start < s.end);
  const chosen: UnitMatch[] = [];
  // Collective phrases first: 各区 is never 区 + something.
  for (const c of collectives) {
    const span = { start: c.start, end: c.start + c.phrase.length };
    taken.push(span);
    for (const { unit, placeName } of all) {
      if (unit.kind !== 'district') continue;
      if (c.kind === 'urban_districts' && !placeName?.endsWith('区')) continue;
      chosen.push({ unit, phrase: c.phrase, start: c.start, collective: 'counties' });
    }
  }
  candidates.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      a.rank - b.rank ||
      a.near - b.near ||
      a.start - b.start ||
      a.index - b.index,
  );
  for (const c of candidates) {
    if (overlaps(c)) continue;
    taken.push(c);
    chosen.push({ unit: c.units.unit, phrase: plain.slice(c.start, c.end), start: c.start });
  }
  return chosen.sort((a, b) => a.start - b.start);
}

// ================================================================ the proposal

const TITLE_MAX = 40;
const LEADING_WORDS =
  /^(?:要求|全力以赴地?|全力|坚持不懈地?|坚持|切实|进一步|着力|扎实|认真|务必|必须|持续|大力|积极|始终|不断|坚决|抓紧|尽快|迅速|立即|即日起|要)/u;
const LEADING_DEADLINE = new RegExp(
  `^(?:在|于)?(?:(?:\\d{4}年)?${NUM}月(?:${NUM}[日号]|底|末|中旬|上旬|下旬)?|本月底?|月底|年底|本周[一二三四五六日]?|${NUM}(?:个)?(?:小时|日|天|周|个月))(?:前|之前|以前|内)?`,
  'u',
);
/** A clause that frames the work rather than naming it: 在…前提下, 按照…原则, 以…为…. */
const FRAMING =
  /^(?:在.*(?:前提下|基础上|同时|过程中|期间)|(?:严格)?(?:按照|根据|依据|对照).*(?:标准|原则|要求|部署|规定|精神|思路)|围绕.*|立足.*|以.+)$/u;
/** Who is told: 市卫健局要…, 各地各部门要… — dropped from the title, the units show it. */
const SUBJECT =
  /^[^，；。]{0,24}(?:局|委|部门|单位|政府|党委|组|办|中心|企业|镇|乡|街道|区|县|市|领导|干部|指挥部|各地)(?:[（(][^）)]{1,8}[）)])?(?:要|须|必须|务必|应当)(?!求)/u;

function stripLead(clause: string): string {
  let c = clause.trim().replace(SUBJECT, '');
  for (let before = ''; before !== c; ) {
    before = c;
    c = c.replace(LEADING_WORDS, '').replace(LEADING_DEADLINE, '').trim();
  }
  return c;
}

/** A short title: the first clause that says what to do, without 要/切实/…, at most 40 characters; never empty. */
const ROLE_ONLY = /^(?:由)?[^，,]{1,40}?(?:牵头|配合|协同|协助|参与|负责|会同[^，,]{0,20})$/u;

export function proposeTitle(text: string): string {
  const clauses = toAscii(text)
    .split(/[，；。！？,;]/u)
    .map((c) => c.trim())
    .filter(Boolean);
  let title = '';
  for (const [i, clause] of clauses.entries()) {
    const stripped = stripLead(clause);
    if (!stripped) continue;
    if (FRAMING.test(stripped) && i < clauses.length - 1) continue;
    // 由市卫健委牵头，市公安局配合，…完成… : who does it is in the units, the title says what is done.
    if (ROLE_ONLY.test(stripped) && i < clauses.length - 1) continue;
    title = stripped;
    break;
  }
  if (!title) title = text.trim() || '会议部署的任务';
  return title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title;
}

export type DirectiveForProposal = {
  id: number;
  text: string;
  category: TaskCategory;
  units: string[];
  regions: string[];
  deadline: string | null;
};
export type MeetingForProposal = { heldOn: string | null; regionCode: string; title: string };
export type RegionForProposal = { code: string; name: string; level: string };

type Role = 'lead' | 'co' | 'subject' | null;
const LEAD_AFTER = /^(?:要|应当|须)?(?:牵头|负责|为牵头单位|为责任单位|是责任单位|是牵头单位)/u;
const LEAD_BEFORE = /(?:牵头单位|责任单位|主责单位|牵头部门|责任部门|牵头)[：:为是\s]*$/u;
const BY_BEFORE = /由$/u;
const BY_AFTER = /^(?:牵头|负责|统筹|组织)/u;
const CO_AFTER = /^(?:要|应当|须)?(?:配合|协同|协助|参与|共同|为配合单位)/u;
const CO_BEFORE = /(?:(?:配合单位|协办单位|协同单位|参与单位)[：:为是\s]*|会同|协同|联合|配合|协助|商请)$/u;
const SUBJECT_AFTER = /^(?:要|应当|须|必须|务必)/u;
const SAME_LIST = /^(?:、|,|和|及|与|以及)$/u;

/** Groups units written one after another (市公安局、市交通运输局配合) and reads each group's role from its words. */
function rolesOf(text: string, matches: UnitMatch[]): Role[] {
  const roles: Role[] = matches.map(() => null);
  let i = 0;
  while (i < matches.length) {
    let j = i;
    while (j + 1 < matches.length) {
      const end = matches[j]!.start + matches[j]!.phrase.length;
      if (!SAME_LIST.test(text.slice(end, matches[j + 1]!.start))) break;
      j++;
    }
    const last = matches[j]!;
    const before = text.slice(Math.max(0, matches[i]!.start - 10), matches[i]!.start);
    const after = text.slice(last.start + last.phrase.length, last.start + last.phrase.length + 12);
    const role: Role =
      LEAD_AFTER.test(after) || LEAD_BEFORE.test(before) || (BY_BEFORE.test(before) && BY_AFTER.test(after))
        ? 'lead'
        : CO_AFTER.test(after) || CO_BEFORE.test(before)
          ? 'co'
          : SUBJECT_AFTER.test(after)
            ? 'subject'
            : null;
    for (let k = i; k <= j; k++) roles[k] = role === 'lead' && k > i ? 'co' : role;
    i = j + 1;
  }
  return roles;
}

const ref = (unit: UnitForProposal) => ({ id: unit.id, name: unit.name });
const countyCodeOf = (code: string) => `${code.slice(0, 6)}000000`;

/**
 * The task a directive proposes, with `reasons` saying in Chinese why each field is what it is. Pure: the caller
 * gives the unit list and the regions (the meeting's region and, for a city meeting, its counties).
 */
export function proposeTask(
  directive: DirectiveForProposal,
  meeting: MeetingForProposal,
  registry: UnitForProposal[],
  regionsByCode: Map<string, RegionForProposal>,
): TaskProposal {
  const text = toAscii(directive.text);
  const reasons: string[] = [];
  const meetingRegion = regionsByCode.get(meeting.regionCode);
  const all = matchUnits(text, registry, meeting.regionCode);
  const named = all.filter((m) => !m.collective);
  const collectives = findCollectivePhrases(text);

  // Units: what each phrase was read as.
  const shown = new Set<number>();
  for (const m of named) {
    if (shown.has(m.unit.id)) continue;
    shown.add(m.unit.id);
    reasons.push(m.phrase === m.unit.name ? `${m.phrase}：单位库中的单位` : `${m.phrase} → ${m.unit.name}`);
  }

  // Lead and co-units.
  const roles = rolesOf(text, named);
  const pick = (test: (m: UnitMatch, role: Role) => boolean) =>
    named.find((m, i) => test(m, roles[i] ?? null));
  let lead: UnitMatch | undefined = pick((_, role) => role === 'lead');
  let why = '文中写明牵头或负责';
  if (!lead) {
    lead = pick((_, role) => role === 'subject');
    why = '句子的主语';
  }
  if (!lead) {
    lead = pick((m, role) => role !== 'co' && m.unit.kind === 'department');
    why = '文中第一个提到的部门';
  }
  if (!lead) {
    lead = pick((_, role) => role !== 'co');
    why = '文中提到的单位';
  }
  const leadUnit = lead?.unit ?? null;
  if (leadUnit) reasons.push(`牵头单位：${leadUnit.name}（${why}“${lead!.phrase}”）`);
  else reasons.push('文中没有能对应到单位库的牵头单位，请选择');

  // 各县市区: one sub-task per county-level unit below the meeting's region.
  const countyPhrases = collectives.filter((c) => c.kind === 'counties' || c.kind === 'urban_districts');
  const countyIds = new Set<number>();
  const countyUnits = all
    .filter((m) => m.collective === 'counties')
    .map((m) => m.unit)
    .filter((u) => u.regionCode !== meeting.regionCode && isWithinRegion(u.regionCode, meeting.regionCode))
    .filter((u) => !countyIds.has(u.id) && countyIds.add(u.id));
  const splitByCounty = countyUnits.length > 0;
  if (splitByCounty) {
    reasons.push(
      `${countyPhrases.map((c) => `“${c.phrase}”`).join('、')} → 分解为 ${countyUnits.length} 个子任务，每个县市区一个：${countyUnits.map((u) => u.name).join('、')}`,
    );
    if (countyPhrases.some((c) => c.kind === 'urban_districts')) reasons.push('“各区”只含区，不含县和县级市');
  } else if (countyPhrases.length > 0) {
    const where = meetingRegion?.name ?? '会议所属区域';
    reasons.push(
      `“${countyPhrases[0]!.phrase}”：${where}之下没有县市区一级的单位，未分解；任务在乡镇（街道）一级时请选择承办单位`,
    );
  }

  const coIds = new Set<number>([...(leadUnit ? [leadUnit.id] : []), ...countyIds]);
  const coUnits = named.map((m) => m.unit).filter((u) => !coIds.has(u.id) && coIds.add(u.id));
  if (coUnits.length) reasons.push(`配合单位：${coUnits.map((u) => u.name).join('、')}`);

  const notes: Record<CollectiveKind, (p: string) => string> = {
    counties: () => '',
    urban_districts: () => '',
    departments: (p) => `“${p}”未展开为全部部门，请选择配合单位`,
    working_groups: (p) => `“${p}”未展开为全部工作组，请选择`,
    townships: (p) => `“${p}”：单位库中没有乡镇（街道）一级的单位，请选择承办单位`,
    enterprises: (p) => `“${p}”：由企业自身负责，请选择涉及的企业`,
  };
  for (const kind of ['departments', 'working_groups', 'townships', 'enterprises'] as const) {
    const first = collectives.find((c) => c.kind === kind);
    if (first) reasons.push(notes[kind](first.phrase));
  }

  // Phrases the meeting parser took for units that match nothing in the list (区经信局 with only city bureaus).
  for (const phrase of directive.units) {
    // 各级党政领导干部 and the like are people or sets, told apart above.
    if (phrase.startsWith('各') || findCollectivePhrases(phrase).some((c) => c.phrase === phrase)) continue;
    const at = text.indexOf(phrase);
    if (at === -1) continue;
    const covered = all.some((m) => m.start < at + phrase.length && at < m.start + m.phrase.length);
    if (!covered) reasons.push(`“${phrase}”在单位库中没有对应的单位，请选择`);
  }

  // A county's meeting saying 市卫健局 may mean the county-level city's own bureau, which the list may lack.
  if (meetingRegion?.level === 'county') {
    const level = meetingRegion.name.slice(-1);
    for (const m of named) {
      if (m.unit.kind === 'district' || !m.phrase.startsWith(level)) continue;
      if (m.unit.regionCode === meeting.regionCode || !isWithinRegion(meeting.regionCode, m.unit.regionCode))
        continue;
      reasons.push(
        `会议属${meetingRegion.name}：“${m.phrase}”也可能指${meetingRegion.name}的单位，单位库中对应的是${m.unit.name}，请核对`,
      );
    }
  }

  // Responsibility.
  let responsibility: Responsibility = 'functional';
  let because = '由部门按职责办理';
  const subject = text.split(/[，；。]/u)[0]?.split(/要|须|应当/u)[0] ?? '';
  if (text.includes('主体责任')) [responsibility, because] = ['principal', '文中“主体责任”'];
  else if (text.includes('属地')) [responsibility, because] = ['territorial', '文中“属地”'];
  else if (text.includes('属事')) [responsibility, because] = ['functional', '文中“属事”'];
  else if (splitByCounty) [responsibility, because] = ['territorial', '分解到各县市区'];
  else if (leadUnit?.kind === 'district') [responsibility, because] = ['territorial', '由县市区牵头'];
  else if (leadUnit?.kind === 'enterprise' || /企业|公司|集团/u.test(subject))
    [responsibility, because] = ['principal', '由企业办理'];
  const responsibilityNames: Record<Responsibility, string> = {
    territorial: '属地责任',
    functional: '属事责任',
    principal: '主体责任',
  };
  reasons.push(`责任类型：${responsibilityNames[responsibility]}（${because}）`);

  // Region: the one district the text names, else the meeting's.
  const districtCodes = new Set<string>();
  if (!splitByCounty) {
    for (const m of named)
      if (m.unit.regionCode.length === 12 && subtreePrefix(m.unit.regionCode).length >= 6)
        districtCodes.add(countyCodeOf(m.unit.regionCode));
    for (const region of regionsByCode.values())
      if (region.level === 'county' && text.includes(region.name)) districtCodes.add(region.code);
  }
  const inMeeting = [...districtCodes].filter(
    (code) => code !== meeting.regionCode && isWithinRegion(code, meeting.regionCode),
  );
  let regionCode = meeting.regionCode;
  if (inMeeting.length === 1) {
    regionCode = inMeeting[0]!;
    reasons.push(
      `所属区域：${regionsByCode.get(regionCode)?.name ?? regionCode}（文中只点名了这一个县市区）`,
    );
  } else {
    const many = inMeeting.length > 1 ? '文中点名了多个县市区，' : '';
    reasons.push(`所属区域：${many}按会议所属区域（${meetingRegion?.name ?? meeting.regionCode}）`);
  }

  // Deadline: the reviewer's 时限 first (it may be corrected), then the text.
  let reading = directive.deadline ? readDeadline(directive.deadline, meeting.heldOn) : null;
  if (!reading?.result) {
    const fromText = readDeadline(text, meeting.heldOn);
    reading = reading && !fromText.result ? { result: null, reasons: [...reading.reasons] } : fromText;
  }
  reasons.push(...reading.reasons.map((r) => (r.startsWith('文中') || r.startsWith('“') ? r : `期限：${r}`)));
  const result = reading.result;

  return {
    directiveId: directive.id,
    title: proposeTitle(text),
    description: directive.text,
    category: directive.category,
    responsibility,
    regionCode,
    leadUnit: leadUnit ? ref(leadUnit) : null,
    coUnits: coUnits.map(ref),
    splitByCounty,
    countyUnits: countyUnits.map((u) => ({ ...ref(u), regionCode: u.regionCode })),
    dueAt: result && 'dueAt' in result ? result.dueAt : null,
    cadence: result && 'cadence' in result ? result.cadence : null,
    reasons,
  };
}

// ================================================================ the service

/** Every unit the caller may see, for matching: the list is paged at 500, so read it to its end. */
async function unitRegistry(db: Db, actor: Actor): Promise<UnitForProposal[]> {
  const registry: UnitForProposal[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listUnits(db, actor, { page, pageSize: 500 });
    for (const u of items)
      registry.push({
        id: u.id,
        name: u.name,
        shortName: u.shortName,
        kind: u.kind,
        regionCode: u.regionCode,
      });
    if (items.length < 500 || registry.length >= total) return registry;
  }
}

/** The meeting's region, the regions above it the caller may see, and a city's counties. */
async function regionsAround(
  db: Db,
  actor: Actor,
  regionCode: string,
): Promise<Map<string, RegionForProposal>> {
  const region = await getRegion(db, actor, regionCode);
  const byCode = new Map<string, RegionForProposal>(region.path.map((r) => [r.code, r]));
  byCode.set(region.code, { code: region.code, name: region.name, level: region.level });
  if (region.level === 'city')
    for (const child of await listChildRegions(db, actor, region.code))
      byCode.set(child.code, { code: child.code, name: child.name, level: child.level });
  return byCode;
}

/**
 * 转为任务 for a reviewed meeting: one proposal per accepted directive, in the meeting's order. Nothing is stored;
 * staff correct the proposal and create the task. 404 outside the caller's scope, 409 before the review is done.
 */
export async function proposeMeetingTasks(db: Db, actor: Actor, meetingId: number): Promise<TaskProposal[]> {
  requirePermission(actor, 'tasks:write');
  const meeting = await getMeeting(db, actor, meetingId);
  if (meeting.status !== 'reviewed')
    throw new AppError('CONFLICT', `会议“${meeting.title}”尚未完成审核，审核完成后才能把要求转为任务`);
  const [registry, regionsByCode] = await Promise.all([
    unitRegistry(db, actor),
    regionsAround(db, actor, meeting.regionCode),
  ]);
  return meeting.directives
    .filter((d) => d.status === 'accepted')
    .map((d) =>
      proposeTask(
        {
          id: d.id,
          text: d.text,
          category: d.category,
          units: d.units,
          regions: d.regions,
          deadline: d.deadline,
        },
        { heldOn: meeting.heldOn, regionCode: meeting.regionCode, title: meeting.title },
        registry,
        regionsByCode,
      ),
    );
}

// The reporting periods of a cadenced task (daily, weekly 周调度, monthly) and when each period's report is due,
// in Beijing time: which report is missing, which period a report belongs to, and the next due moment.
import type { Cadence } from '../../../shared/contracts/tasks.ts';

/** One period a cadenced task is reported on: its first and last Beijing day, and the instant its report is due. */
export interface Period {
  /** First day, YYYY-MM-DD in Beijing: the key a report is filed under (task_reports.period_start). */
  start: string;
  /** Last day, inclusive. */
  end: string;
  dueAt: Date;
}

// Beijing keeps UTC+8 all year (no daylight saving since 1991), so every calculation is done on instants shifted
// by a fixed 8 hours and read with UTC getters: the machine's own time zone never enters.
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since 1970-01-01 of the Beijing calendar day an instant falls on. */
function beijingDayNumber(at: Date): number {
  return Math.floor((at.getTime() + BEIJING_OFFSET_MS) / DAY_MS);
}

function dayNumberOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

function dayString(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function minutesOf(dueTime: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(dueTime);
  if (!match) throw new RangeError(`not an HH:MM time: ${dueTime}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The instant a Beijing wall-clock time happens: that day at that minute, minus the 8 hours Beijing is ahead. */
function beijingInstant(dayNumber: number, minutes: number): Date {
  return new Date(dayNumber * DAY_MS + minutes * 60_000 - BEIJING_OFFSET_MS);
}

interface DayPeriod {
  startDay: number;
  endDay: number;
  dueDay: number;
  dueAt: Date;
}

/** The period that holds a Beijing day. Every period holds its own due day, so periods are ordered by due too. */
function periodHolding(cadence: Cadence, day: number): DayPeriod {
  const minutes = minutesOf(cadence.dueTime);
  let startDay: number;
  let endDay: number;
  let dueDay: number;
  if (cadence.kind === 'daily') {
    startDay = day;
    endDay = day;
    dueDay = day;
  } else if (cadence.kind === 'weekly') {
    // 1970-01-01 was a Thursday (ISO weekday 4); weeks run Monday (1) to Sunday (7) as offices count them.
    const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1;
    startDay = day - (isoWeekday - 1);
    endDay = startDay + 6;
    dueDay = startDay + cadence.weekday - 1;
  } else {
    const date = new Date(day * DAY_MS);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    startDay = Date.UTC(year, month, 1) / DAY_MS;
    endDay = Date.UTC(year, month + 1, 0) / DAY_MS;
    // Day 31 in a 30-day month or in February means the month's last day (28 or 29).
    dueDay = Math.min(startDay + cadence.day - 1, endDay);
  }
  return { startDay, endDay, dueDay, dueAt: beijingInstant(dueDay, minutes) };
}

function toPeriod(p: DayPeriod): Period {
  return { start: dayString(p.startDay), end: dayString(p.endDay), dueAt: p.dueAt };
}

/**
 * The periods whose report is expected, in order: from the period holding `startsAt` (when the task was
 * assigned) while the due day is not after `endsOn` (the last day reports are expected). A period whose report
 * was due before the task existed is not expected: assigned on Wednesday 18:00, a daily task due 17:00 first
 * wants Thursday's report, so nobody is late for a day they never had.
 */
function* expectedPeriods(cadence: Cadence, startsAt: Date, endsOn: string | null): Generator<DayPeriod> {
  const lastDueDay = endsOn === null ? Number.POSITIVE_INFINITY : dayNumberOf(endsOn);
  let period = periodHolding(cadence, beijingDayNumber(startsAt));
  while (period.dueDay <= lastDueDay) {
    if (period.dueAt.getTime() >= startsAt.getTime()) yield period;
    period = periodHolding(cadence, period.endDay + 1);
  }
}

/**
 * The expected periods (see above) that have begun by `until` (their first day is on or before until's Beijing
 * day), so the current period is included even while its report is not yet due. For a calendar of reports due,
 * pass a later `until`; to count missing reports, keep those with `dueAt <= now`.
 */
export function periodsBetween(
  cadence: Cadence,
  startsAt: Date,
  endsOn: string | null,
  until: Date,
): Period[] {
  const lastDay = beijingDayNumber(until);
  const periods: Period[] = [];
  for (const period of expectedPeriods(cadence, startsAt, endsOn)) {
    if (period.startDay > lastDay) break;
    periods.push(toPeriod(period));
  }
  return periods;
}

/**
 * The period an instant falls in (by its Beijing day): where a report made at that moment is filed. A daily task's
 * report at 2022-11-30T16:30Z is Beijing 1 December 00:30 and belongs to 1 December, not to 30 November.
 */
export function periodOf(cadence: Cadence, at: Date): Period {
  return toPeriod(periodHolding(cadence, beijingDayNumber(at)));
}

/**
 * The period holding a Beijing day (YYYY-MM-DD): to check a period a report names explicitly (a late report for
 * last week), `periodOfDay(cadence, periodStart).start === periodStart`.
 */
export function periodOfDay(cadence: Cadence, day: string): Period {
  return toPeriod(periodHolding(cadence, dayNumberOf(day)));
}

/**
 * The due instant of the earliest expected period without a report: in the past, that report is overdue; in the
 * future (every past period reported), it is the next one due. Null when the cadence has ended (`endsOn`) and
 * every expected period is reported. Reports keyed to periods that have not begun by `now` do not count: nobody
 * reports on a week before it starts, so such a key is a filing mistake, not a report.
 */
export function nextMissingDue(
  cadence: Cadence,
  startsAt: Date,
  endsOn: string | null,
  reportedPeriodStarts: ReadonlySet<string>,
  now: Date,
): Date | null {
  const today = beijingDayNumber(now);
  // Ends at the latest with the first period that begins after today, so an endless cadence ends too.
  for (const period of expectedPeriods(cadence, startsAt, endsOn)) {
    if (period.startDay > today || !reportedPeriodStarts.has(dayString(period.startDay))) return period.dueAt;
  }
  return null;
}

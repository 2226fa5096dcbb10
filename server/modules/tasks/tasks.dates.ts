// Deadlines as users give them, read in Beijing time (UTC+8 all year), and the report periods of cadenced tasks.
import type { Cadence } from '../../../shared/contracts/tasks.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** A date alone means the end of that day in Beijing; an instant keeps its own offset. */
export function dueAtInstant(input: string): Date {
  if (input.length === 10) return new Date(`${input}T23:59:59+08:00`);
  return new Date(input);
}

/** The Beijing calendar day of an instant, as YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING).toISOString().slice(0, 10);
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}
function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
function atBeijing(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}
function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export type Period = { start: string; end: string; dueAt: Date };

/** The report period an instant falls in (Beijing calendar): a day, a Monday–Sunday week or a month. */
export function periodAt(cadence: Cadence, at: Date): Period {
  const today = beijingDate(at);
  if (cadence.kind === 'daily') return { start: today, end: today, dueAt: atBeijing(today, cadence.dueTime) };
  if (cadence.kind === 'weekly') {
    const n = dayNumber(today);
    const weekday = ((new Date(n * DAY).getUTCDay() + 6) % 7) + 1; // 1 = Monday
    const monday = n - (weekday - 1);
    const due = dateOfDay(monday + cadence.weekday - 1);
    return { start: dateOfDay(monday), end: dateOfDay(monday + 6), dueAt: atBeijing(due, cadence.dueTime) };
  }
  const [y, m] = today.split('-').map(Number) as [number, number];
  const last = lastDayOfMonth(y, m);
  const mm = String(m).padStart(2, '0');
  const dueDay = String(Math.min(cadence.day, last)).padStart(2, '0');
  return {
    start: `${y}-${mm}-01`,
    end: `${y}-${mm}-${last}`,
    dueAt: atBeijing(`${y}-${mm}-${dueDay}`, cadence.dueTime),
  };
}

/** The period after the one that holds `at`. */
function nextPeriod(cadence: Cadence, period: Period): Period {
  return periodAt(cadence, new Date(Date.parse(`${period.end}T12:00:00+08:00`) + DAY));
}

export function periodStartOf(cadence: Cadence, at: Date): string {
  return periodAt(cadence, at).start;
}

/**
 * When the earliest report still missing is (or was) due: periods whose due time came before the task existed
 * are not expected. Null when the cadence has ended and every period is reported.
 */
export function settleCadence(
  cadence: Cadence,
  startsAt: Date,
  endsOn: string | null,
  reported: ReadonlySet<string>,
  now: Date,
): Date | null {
  let period = periodAt(cadence, startsAt);
  if (period.dueAt.getTime() < startsAt.getTime()) period = nextPeriod(cadence, period);
  for (let guard = 0; guard < 5000; guard++) {
    if (endsOn && period.start > endsOn) return null;
    if (!reported.has(period.start)) return period.dueAt;
    if (period.dueAt.getTime() > now.getTime() + 400 * DAY) return period.dueAt;
    period = nextPeriod(cadence, period);
  }
  return period.dueAt;
}

/**
 * The period a report now is for: the earliest one still missing (a late report catches it up), or the current
 * period when nothing is missing up to now.
 */
export function reportPeriodFor(
  cadence: Cadence,
  startsAt: Date,
  endsOn: string | null,
  reported: ReadonlySet<string>,
  now: Date,
): string {
  const current = periodAt(cadence, now);
  let period = periodAt(cadence, startsAt);
  if (period.dueAt.getTime() < startsAt.getTime()) period = nextPeriod(cadence, period);
  for (let guard = 0; guard < 5000 && period.start <= current.start; guard++) {
    if (endsOn && period.start > endsOn) break;
    if (!reported.has(period.start)) return period.start;
    period = nextPeriod(cadence, period);
  }
  return current.start;
}

// Deadlines as users give them, read in Beijing time (UTC+8 all year), and which period a cadenced report fills.
import type { Cadence } from '../../../shared/contracts/tasks.ts';
import { periodOf, periodsBetween } from './tasks.cadence.ts';

export { nextMissingDue } from './tasks.cadence.ts';

/** A date alone means the end of that day in Beijing; an instant keeps its own offset. */
export function dueAtInstant(input: string): Date {
  if (input.length === 10) return new Date(`${input}T23:59:59+08:00`);
  return new Date(input);
}

/** The Beijing calendar day of an instant, as YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The period a report made now is for: the earliest expected one still missing (a late report catches it up and
 * the task stays yellow), or the current period when nothing is missing up to now.
 */
export function reportPeriodFor(
  cadence: Cadence,
  startsAt: Date,
  endsOn: string | null,
  reported: ReadonlySet<string>,
  now: Date,
): string {
  const missing = periodsBetween(cadence, startsAt, endsOn, now).find((p) => !reported.has(p.start));
  return missing?.start ?? periodOf(cadence, now).start;
}

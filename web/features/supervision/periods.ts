// The periods the ranking is read for, as Beijing calendar days: this week (Monday to Sunday), month, quarter, year.
import dayjs, { type Dayjs } from 'dayjs';
import { beijingDay } from '../../lib/format.ts';

export const periodKinds = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];
export type Period = { from: string; to: string };

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/** Today in Beijing, whatever the browser's zone: the office's day decides which week or month it is. */
export function beijingToday(): Dayjs {
  return dayjs(beijingDay(new Date()) ?? undefined);
}

export function periodOf(kind: PeriodKind, today: Dayjs = beijingToday()): Period {
  switch (kind) {
    case 'week': {
      // dayjs counts Sunday as 0; the office's week starts on Monday.
      const monday = today.subtract((today.day() + 6) % 7, 'day');
      return { from: day(monday), to: day(monday.add(6, 'day')) };
    }
    case 'month':
      return { from: day(today.startOf('month')), to: day(today.endOf('month')) };
    case 'quarter': {
      const first = today.startOf('month').month(Math.floor(today.month() / 3) * 3);
      return { from: day(first), to: day(first.add(2, 'month').endOf('month')) };
    }
    case 'year':
      return { from: day(today.startOf('year')), to: day(today.endOf('year')) };
  }
}

/** Which quick period a range is, if it is one (the button shown pressed). */
export function kindOf(period: Period, today: Dayjs = beijingToday()): PeriodKind | null {
  return (
    periodKinds.find((k) => {
      const p = periodOf(k, today);
      return p.from === period.from && p.to === period.to;
    }) ?? null
  );
}

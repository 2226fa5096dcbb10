// Cadenced tasks' periods in Beijing time: a report belongs to the Beijing day it is made on, weeks run Monday to
// Sunday, a monthly day past the month's end is its last day, and the machine's own time zone changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cadence } from '../../../shared/contracts/tasks.ts';
import { nextMissingDue, periodOf, periodOfDay, periodsBetween } from './tasks.cadence.ts';

const daily2330: Cadence = { kind: 'daily', dueTime: '23:30' };
const daily1700: Cadence = { kind: 'daily', dueTime: '17:00' };
const sunday1700: Cadence = { kind: 'weekly', weekday: 7, dueTime: '17:00' };
const friday1200: Cadence = { kind: 'weekly', weekday: 5, dueTime: '12:00' };
const monday0900: Cadence = { kind: 'weekly', weekday: 1, dueTime: '09:00' };
const monthly31: Cadence = { kind: 'monthly', day: 31, dueTime: '17:00' };

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const spans = (periods: { start: string; end: string; dueAt: Date }[]) =>
  periods.map((p) => `${p.start}..${p.end} due ${p.dueAt.toISOString()}`);

// A machine in Los Angeles (behind UTC, with daylight saving) or on Kiritimati (UTC+14, a day ahead of Beijing
// for some hours) must file the same report under the same Beijing day as a server in Shanghai.
describe.each(['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])(
  'machine time zone %s',
  (zone) => {
    const before = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = zone;
    });
    afterAll(() => {
      // Assigning undefined would set the text "undefined", which Node reads as UTC.
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    });

    it('runs in that zone (the local clock really differs)', () => {
      const offset = new Date('2022-11-30T16:30:00Z').getTimezoneOffset();
      expect(offset).toBe(
        { 'Asia/Shanghai': -480, UTC: 0, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840 }[zone],
      );
    });

    it('files a report made after midnight Beijing time under the new day, across a month end', () => {
      // 23:30 Beijing is 15:30 UTC; 16:30Z on 30 November is already 00:30 on 1 December in Beijing.
      expect(periodOf(daily2330, at('2022-11-30T16:30:00Z'))).toEqual({
        start: '2022-12-01',
        end: '2022-12-01',
        dueAt: at('2022-12-01T15:30:00Z'),
      });
      // One minute before Beijing midnight is still the 30th, and its report was due half an hour earlier.
      expect(periodOf(daily2330, at('2022-11-30T15:59:00Z'))).toEqual({
        start: '2022-11-30',
        end: '2022-11-30',
        dueAt: at('2022-11-30T15:30:00Z'),
      });
    });

    it('lists daily periods across a year end, the current day included before its report is due', () => {
      const periods = periodsBetween(daily2330, at('2022-12-30T01:00:00Z'), null, at('2023-01-02T03:00:00Z'));
      expect(spans(periods)).toEqual([
        '2022-12-30..2022-12-30 due 2022-12-30T15:30:00.000Z',
        '2022-12-31..2022-12-31 due 2022-12-31T15:30:00.000Z',
        '2023-01-01..2023-01-01 due 2023-01-01T15:30:00.000Z',
        '2023-01-02..2023-01-02 due 2023-01-02T15:30:00.000Z',
      ]);
    });

    it('runs weeks Monday to Sunday, due on Sunday, across a month end and a year end', () => {
      // Thursday 1 December 2022 (Beijing) lies in the week of Monday 28 November.
      expect(periodOf(sunday1700, at('2022-12-01T02:00:00Z'))).toEqual({
        start: '2022-11-28',
        end: '2022-12-04',
        dueAt: at('2022-12-04T09:00:00Z'),
      });
      // Sunday 1 January 2023 23:59 Beijing still closes the week begun on 26 December; a minute later is a new week.
      expect(periodOf(sunday1700, at('2023-01-01T15:59:00Z')).start).toBe('2022-12-26');
      expect(periodOf(sunday1700, at('2023-01-01T16:00:00Z')).start).toBe('2023-01-02');
      const weeks = periodsBetween(sunday1700, at('2022-11-21T01:00:00Z'), null, at('2023-01-03T00:00:00Z'));
      expect(weeks.map((w) => `${w.start}..${w.end}`)).toEqual([
        '2022-11-21..2022-11-27',
        '2022-11-28..2022-12-04',
        '2022-12-05..2022-12-11',
        '2022-12-12..2022-12-18',
        '2022-12-19..2022-12-25',
        '2022-12-26..2023-01-01',
        '2023-01-02..2023-01-08',
      ]);
      expect(weeks[5]?.dueAt).toEqual(at('2023-01-01T09:00:00Z'));
    });

    it('due day 31 of a month is the last day: 28 February 2023, 29 February 2024, 30 April', () => {
      const months = periodsBetween(monthly31, at('2023-01-05T00:00:00Z'), null, at('2023-04-10T00:00:00Z'));
      expect(spans(months)).toEqual([
        '2023-01-01..2023-01-31 due 2023-01-31T09:00:00.000Z',
        '2023-02-01..2023-02-28 due 2023-02-28T09:00:00.000Z',
        '2023-03-01..2023-03-31 due 2023-03-31T09:00:00.000Z',
        '2023-04-01..2023-04-30 due 2023-04-30T09:00:00.000Z',
      ]);
      expect(periodOf(monthly31, at('2024-02-10T00:00:00Z'))).toEqual({
        start: '2024-02-01',
        end: '2024-02-29',
        dueAt: at('2024-02-29T09:00:00Z'),
      });
      // 31 December 2022 16:00Z is 1 January 2023 in Beijing: January's period.
      expect(periodOf(monthly31, at('2022-12-31T16:00:00Z')).start).toBe('2023-01-01');
      expect(
        periodOf({ kind: 'monthly', day: 15, dueTime: '10:00' }, at('2023-02-20T00:00:00Z')).dueAt,
      ).toEqual(at('2023-02-15T02:00:00Z'));
    });
  },
);

describe('which periods are expected', () => {
  it('does not expect a report that was due before the task was assigned', () => {
    // Assigned 30 November 18:00 Beijing (10:00Z), after that day's 17:00: the first report due is 1 December's.
    const periods = periodsBetween(daily1700, at('2022-11-30T10:00:00Z'), null, at('2022-12-01T10:00:00Z'));
    expect(periods.map((p) => p.start)).toEqual(['2022-12-01']);
    // Assigned at 16:00 Beijing the same day: that day's report is still expected.
    expect(
      periodsBetween(daily1700, at('2022-11-30T08:00:00Z'), null, at('2022-11-30T08:00:00Z')),
    ).toHaveLength(1);
    // A Monday-09:00 weekly task assigned on Tuesday first reports the following Monday.
    const weeks = periodsBetween(monday0900, at('2022-11-29T02:00:00Z'), null, at('2022-12-06T00:00:00Z'));
    expect(weeks.map((w) => w.start)).toEqual(['2022-12-05']);
    expect(weeks[0]?.dueAt).toEqual(at('2022-12-05T01:00:00Z'));
  });

  it('stops at the end date: a period due after it is not expected, the end day itself is', () => {
    const daily = periodsBetween(
      daily1700,
      at('2022-11-28T00:00:00Z'),
      '2022-11-30',
      at('2022-12-31T00:00:00Z'),
    );
    expect(daily.map((p) => p.start)).toEqual(['2022-11-28', '2022-11-29', '2022-11-30']);
    // Weekly on Friday, ending Wednesday 7 December: the week of 5 December is due on the 9th, after the end.
    const weekly = periodsBetween(
      friday1200,
      at('2022-11-21T00:00:00Z'),
      '2022-12-07',
      at('2022-12-31T00:00:00Z'),
    );
    expect(weekly.map((p) => p.start)).toEqual(['2022-11-21', '2022-11-28']);
    expect(
      periodsBetween(daily1700, at('2022-12-05T00:00:00Z'), '2022-12-01', at('2022-12-31T00:00:00Z')),
    ).toEqual([]);
  });

  it("names the period a late report is for by its first day; a day inside a week is not that week's first day", () => {
    expect(periodOfDay(sunday1700, '2022-12-01').start).toBe('2022-11-28');
    expect(periodOfDay(sunday1700, '2022-11-28').start).toBe('2022-11-28');
    expect(periodOfDay(monthly31, '2024-02-29')).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
      dueAt: at('2024-02-29T09:00:00Z'),
    });
  });
});

describe('next missing report', () => {
  const startsAt = at('2022-11-28T01:00:00Z'); // Monday 28 November 09:00 Beijing
  const now = at('2022-12-01T12:00:00Z'); // Thursday 1 December 20:00 Beijing, after that day's 17:00

  it('is the earliest period without a report, even when later ones are in', () => {
    const reported = new Set(['2022-11-28', '2022-11-30', '2022-12-01']);
    expect(iso(nextMissingDue(daily1700, startsAt, null, reported, now))).toBe('2022-11-29T09:00:00.000Z');
  });

  it('is the next one due once every past period is reported, the current one included when it is early', () => {
    const upToYesterday = new Set(['2022-11-28', '2022-11-29', '2022-11-30']);
    const beforeDue = at('2022-12-01T06:00:00Z'); // 14:00 Beijing: today's report is not due yet
    expect(iso(nextMissingDue(daily1700, startsAt, null, upToYesterday, beforeDue))).toBe(
      '2022-12-01T09:00:00.000Z',
    );
    const upToToday = new Set([...upToYesterday, '2022-12-01']);
    expect(iso(nextMissingDue(daily1700, startsAt, null, upToToday, beforeDue))).toBe(
      '2022-12-02T09:00:00.000Z',
    );
  });

  it('is null when the cadence has ended and every period is reported, and the missing one when not', () => {
    const all = new Set(['2022-11-28', '2022-11-29', '2022-11-30']);
    expect(nextMissingDue(daily1700, startsAt, '2022-11-30', all, now)).toBeNull();
    all.delete('2022-11-30');
    expect(iso(nextMissingDue(daily1700, startsAt, '2022-11-30', all, now))).toBe('2022-11-30T09:00:00.000Z');
  });

  it('does not count a report keyed to a period that has not begun', () => {
    const reported = new Set(['2022-11-28', '2022-11-29', '2022-11-30', '2022-12-01', '2022-12-02']);
    expect(iso(nextMissingDue(daily1700, startsAt, null, reported, now))).toBe('2022-12-02T09:00:00.000Z');
  });

  it('skips a week whose report was due before the task was assigned, across a month end', () => {
    // Assigned Sunday 27 November 18:00 Beijing, after that week's 17:00 due: the first week owed is 28 Nov – 4 Dec.
    const sundayEvening = at('2022-11-27T10:00:00Z');
    expect(iso(nextMissingDue(sunday1700, sundayEvening, null, new Set(), now))).toBe(
      '2022-12-04T09:00:00.000Z',
    );
    expect(iso(nextMissingDue(sunday1700, sundayEvening, null, new Set(['2022-11-28']), now))).toBe(
      '2022-12-11T09:00:00.000Z',
    );
  });
});

// The meeting rules the server and the web share: directive text and deadlines, split positions, garbled text
// left in a directive, and dates that may not lie after today in Beijing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { beijingToday, isCalendarDay } from './common.ts';
import {
  DIRECTIVE_TEXT_MAX,
  deadlineMessage,
  deadlineProblem,
  directiveUpdateSchema,
  garbledSpansIn,
  isSplitPosition,
  meetingDateSchema,
  meetingImportOptionsSchema,
  type StoredUnreadableSpan,
  splitParts,
} from './meetings.ts';

const firstIssue = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => result.error?.issues[0];

describe('directive text and deadline', () => {
  it('takes up to 500 characters of text and says the limit and the length past it', () => {
    expect(directiveUpdateSchema.safeParse({ text: '要'.repeat(DIRECTIVE_TEXT_MAX) }).success).toBe(true);
    expect(firstIssue(directiveUpdateSchema.safeParse({ text: '要'.repeat(3001) }))).toMatchObject({
      path: ['text'],
      message: '要求内容不能超过 500 字（现为 3001 字），过长的请拆分为几条',
    });
  });

  it('finds a month or day that does not exist, and a day the calendar lacks when the year is given', () => {
    expect(deadlineProblem('2022年13月45日前')).toEqual({ kind: 'month', month: 13 });
    expect(deadlineProblem('5月45日前')).toEqual({ kind: 'day', day: 45 });
    expect(deadlineProblem('5月0日')).toEqual({ kind: 'day', day: 0 });
    expect(deadlineProblem('2022年2月29日前')).toEqual({ kind: 'calendar', year: 2022, month: 2, day: 29 });
    expect(deadlineProblem('2022-04-31')).toEqual({ kind: 'calendar', year: 2022, month: 4, day: 31 });
    expect(deadlineProblem('6月底前完成，12月31日前验收')).toBeNull();
    // Without a year, 2月29日 may be a real day; durations are not dates.
    for (const fine of ['2月29日前', '2024年2月29日', '45日内', '3个月内', '每周', '即日起', '5月底前'])
      expect(deadlineProblem(fine), fine).toBeNull();
    expect(deadlineMessage({ kind: 'month', month: 13 })).toBe('时限中的月份不对：没有 13 月，月份应为 1–12');
    expect(firstIssue(directiveUpdateSchema.safeParse({ deadline: '2022年13月45日前' }))?.path).toEqual([
      'deadline',
    ]);
    expect(directiveUpdateSchema.safeParse({ deadline: null }).success).toBe(true);
  });
});

describe('split position', () => {
  it('needs at least 2 characters on each side, separators at the cut not counted', () => {
    const text = '要加快疫苗接种，守牢安全底线';
    expect(splitParts(text, 8)).toEqual(['要加快疫苗接种', '守牢安全底线']);
    expect(splitParts(text, 7)).toEqual(['要加快疫苗接种', '守牢安全底线']);
    expect(isSplitPosition(text, 8)).toBe(true);
    for (const at of [0, 1, 13, 14, 9999, 2.5, Number.NaN])
      expect(isSplitPosition(text, at), String(at)).toBe(false);
    expect(isSplitPosition('甲，乙丙', 2)).toBe(false);
    expect(isSplitPosition('要抓', 1)).toBe(false);
  });
});

describe('garbled text in a directive', () => {
  const clean = '要树立精准思维，实打?qū)嵣钊胍痪€摸情况，强研判';
  const start = clean.indexOf('?');
  const span = (resolution: StoredUnreadableSpan['resolution']): StoredUnreadableSpan => ({
    start,
    end: start + 9,
    raw: '?qū)嵣钊胍痪€',
    suggestion: '实深入一线',
    resolution,
  });
  const directive = { text: clean, spanStart: 0, spanEnd: clean.length };

  it('counts an undecided or rejected span the text still holds, not an accepted one', () => {
    expect(garbledSpansIn(directive, clean, [span('pending')])).toHaveLength(1);
    expect(garbledSpansIn(directive, clean, [span('rejected')])).toHaveLength(1);
    expect(garbledSpansIn(directive, clean, [span('accepted')])).toHaveLength(0);
  });

  it('lets a reviewer’s correction or a directive elsewhere in the text go', () => {
    const corrected = { ...directive, text: clean.replace('?qū)嵣钊胍痪€', '实深入一线') };
    expect(garbledSpansIn(corrected, clean, [span('pending')])).toHaveLength(0);
    const before = { text: '要树立精准思维', spanStart: 0, spanEnd: 7 };
    expect(garbledSpansIn(before, clean, [span('pending')])).toHaveLength(0);
  });

  it('reads the part of the span a directive took, and the whole run for one without a span', () => {
    const cut = start + 4;
    const head = { text: clean.slice(0, cut), spanStart: 0, spanEnd: cut };
    expect(garbledSpansIn(head, clean, [span('pending')])).toHaveLength(1);
    const typed = { text: `各地要实打${span('pending').raw}`, spanStart: null, spanEnd: null };
    expect(garbledSpansIn(typed, clean, [span('pending')])).toHaveLength(1);
  });
});

describe('dates after today', () => {
  afterEach(() => vi.useRealTimers());

  it('counts today in Beijing, eight hours ahead of UTC all year', () => {
    expect(beijingToday(new Date('2022-05-09T15:59:59Z'))).toBe('2022-05-09');
    expect(beijingToday(new Date('2022-05-09T16:00:00Z'))).toBe('2022-05-10');
    expect(isCalendarDay(2024, 2, 29)).toBe(true);
    expect(isCalendarDay(2022, 2, 29)).toBe(false);
  });

  it('refuses a meeting or publication date after today, and takes today and a date without a year', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2022-05-09T16:30:00Z')); // 00:30 on 10 May in Beijing
    expect(meetingDateSchema.safeParse('2022-05-10').success).toBe(true);
    expect(firstIssue(meetingDateSchema.safeParse('2022-05-11'))?.message).toBe(
      '会议日期不能晚于今天（2022-05-10）：2022-05-11',
    );
    expect(meetingDateSchema.safeParse('--12-31').success).toBe(true);
    expect(firstIssue(meetingImportOptionsSchema.safeParse({ publishedAt: '2022-05-11' }))).toMatchObject({
      path: ['publishedAt'],
      message: '发布日期不能晚于今天（2022-05-10）：2022-05-11',
    });
  });

  it('refuses a day the calendar does not have', () => {
    expect(firstIssue(meetingDateSchema.safeParse('2022-02-30'))?.message).toBe('会议日期不存在');
    expect(firstIssue(meetingDateSchema.safeParse('--02-30'))?.message).toBe('会议日期不存在');
    expect(meetingDateSchema.safeParse('--02-29').success).toBe(true);
    expect(firstIssue(meetingImportOptionsSchema.safeParse({ publishedAt: '2022-02-30' }))?.message).toBe(
      '日期不存在',
    );
  });
});

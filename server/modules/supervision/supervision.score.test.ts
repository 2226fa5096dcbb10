// The evaluation as the office reads it: scores worked out by hand from the weights, shared ranks, units without
// tasks last, and who lands on the red and black lists; plus the ranking query and settings the API takes.
import { describe, expect, it } from 'vitest';
import {
  defaultSupervisionSettings,
  mergeSupervisionSettings,
  rankingQuerySchema,
  rankingSchema,
  supervisionSettingsSchema,
  supervisionSettingsUpdateSchema,
} from '../../../shared/contracts/supervision.ts';
import { type RankingRules, rankUnits, scoreUnit, type UnitTally } from './supervision.score.ts';

let nextId = 1;
const tally = (name: string, figures: Partial<UnitTally> = {}): UnitTally => ({
  unit: { id: nextId++, name },
  unitKind: name.endsWith('区') ? 'district' : 'department',
  tasks: 0,
  onTime: 0,
  overdue: 0,
  returned: 0,
  declined: 0,
  daysLateTotal: 0,
  lateCount: 0,
  ...figures,
});

const rules: RankingRules = { ...defaultSupervisionSettings };

/*
 * Default weights: on-time ×1, 5 per overdue, 2 per return, 3 per decline, 1 per average day late.
 *   市卫健委  10 tasks, 10 on time                              100 × 10/10                         = 100
 *   市商务局   4 tasks,  4 on time, 3 returned                   100 − 3×2                           =  94
 *   伍家岗区   5 tasks,  4 on time                               100 × 4/5                           =  80
 *   西陵区     5 tasks,  4 on time                               100 × 4/5                           =  80
 *   市住建局   8 tasks,  7 on time, 1 overdue, 1 returned, 3 days late over 1 late task
 *                                                              87.5 − 5 − 2 − 3/1                  =  77.5
 *   夷陵区     6 tasks,  3 on time, 3 overdue, 1 declined, 12 days late over 3
 *                                                              50 − 15 − 3 − 12/3                  =  28
 *   猇亭区     3 tasks,  0 on time, 3 overdue, 2 returned, 2 declined, 90 days late over 3
 *                                                              0 − 15 − 4 − 6 − 30 = −55, floored  =   0
 *   点军区     no tasks: not rated, last
 * Ranks 1, 2, 3, 3, 5, 6, 7, then 8. 红榜 (≥ 90, no overdue, 3 places): 卫健委 and 商务局 only — 80 is below 90.
 * 黑榜 (overdue or < 60, the worst 3): 猇亭区, 夷陵区, then 住建局 (77.5, but one task overdue).
 */
const city = () => [
  tally('西陵区', { tasks: 5, onTime: 4 }),
  tally('市住建局', { tasks: 8, onTime: 7, overdue: 1, returned: 1, daysLateTotal: 3, lateCount: 1 }),
  tally('点军区'),
  tally('猇亭区', { tasks: 3, overdue: 3, returned: 2, declined: 2, daysLateTotal: 90, lateCount: 3 }),
  tally('市卫健委', { tasks: 10, onTime: 10 }),
  tally('夷陵区', { tasks: 6, onTime: 3, overdue: 3, declined: 1, daysLateTotal: 12, lateCount: 3 }),
  tally('伍家岗区', { tasks: 5, onTime: 4 }),
  tally('市商务局', { tasks: 4, onTime: 4, returned: 3 }),
];

const table = (items: ReturnType<typeof rankUnits>) =>
  items.map((i) => [i.rank, i.unit.name, i.score, i.list ?? '']);

describe('evaluation ranking', () => {
  it('scores, ranks and lists the units as worked out by hand', () => {
    const items = rankUnits(city(), rules);
    expect(table(items)).toEqual([
      [1, '市卫健委', 100, 'red'],
      [2, '市商务局', 94, 'red'],
      [3, '伍家岗区', 80, ''],
      [3, '西陵区', 80, ''],
      [5, '市住建局', 77.5, 'black'],
      [6, '夷陵区', 28, 'black'],
      [7, '猇亭区', 0, 'black'],
      [8, '点军区', 100, ''],
    ]);
    const byName = Object.fromEntries(items.map((i) => [i.unit.name, i]));
    expect(byName.市住建局).toMatchObject({
      onTimeRate: 0.875,
      avgDaysLate: 3,
      rated: true,
      tasks: 8,
      onTime: 7,
    });
    expect(byName.夷陵区).toMatchObject({ onTimeRate: 0.5, avgDaysLate: 4 });
    expect(byName.猇亭区).toMatchObject({ onTimeRate: 0, avgDaysLate: 30 });
    // No tasks: the contract wants a number, so the rate is 1, but the unit is not compared with the others.
    expect(byName.点军区).toMatchObject({ onTimeRate: 1, avgDaysLate: 0, rated: false, list: null });
    expect(() =>
      rankingSchema.parse({ from: '2022-11-01', to: '2022-11-30', weights: rules.weights, items }),
    ).not.toThrow();
  });

  it('follows the weights the office sets', () => {
    // Two points per average day late: 夷陵区 50 − 15 − 3 − 4×2 = 24; 猇亭区 stays at 0; 住建局 87.5 − 5 − 2 − 6 = 74.5.
    const weights = { ...rules.weights, daysLate: 2 };
    const items = rankUnits(city(), { ...rules, weights });
    const score = (name: string) => items.find((i) => i.unit.name === name)?.score;
    expect(score('夷陵区')).toBe(24);
    expect(score('市住建局')).toBe(74.5);
    // Returns cost nothing: 商务局 scores 100 and ties 卫健委 for first place (a tie reads in pinyin order).
    const lenient = rankUnits(city(), { ...rules, weights: { ...rules.weights, returned: 0 } });
    expect(table(lenient).slice(0, 3)).toEqual([
      [1, '市商务局', 100, 'red'],
      [1, '市卫健委', 100, 'red'],
      [3, '伍家岗区', 80, ''],
    ]);
  });

  it('rounds once, at the end, to one decimal', () => {
    // 100 × 1/3 − 2×5 − (7/2)×1 = 33.333… − 10 − 3.5 = 19.833… → 19.8; the average 3.5 is shown as it is.
    const unit = tally('市应急局', { tasks: 3, onTime: 1, overdue: 2, daysLateTotal: 7, lateCount: 2 });
    expect(scoreUnit(unit, rules.weights)).toEqual({
      onTimeRate: 1 / 3,
      avgDaysLate: 3.5,
      score: 19.8,
      rated: true,
    });
    // 10 days over 3 late tasks is 3.3 days on average.
    expect(
      scoreUnit(tally('市交通局', { tasks: 3, daysLateTotal: 10, lateCount: 3 }), rules.weights).avgDaysLate,
    ).toBe(3.3);
  });

  it('keeps a unit with an overdue task off the red list however high it scores, and does not split a tie', () => {
    // 19 of 20 on time and one overdue: 95 − 5 = 90, at the red line, but overdue.
    const units = [
      tally('市公安局', { tasks: 20, onTime: 19, overdue: 1, daysLateTotal: 0, lateCount: 1 }),
      tally('市教育局', { tasks: 2, onTime: 2 }),
      tally('市民政局', { tasks: 7, onTime: 7 }),
      tally('市财政局', { tasks: 10, onTime: 9 }),
    ];
    const items = rankUnits(units, { ...rules, redListSize: 1, blackListSize: 0 });
    expect(table(items)).toEqual([
      [1, '市教育局', 100, 'red'],
      [1, '市民政局', 100, 'red'],
      [3, '市公安局', 90, ''],
      [3, '市财政局', 90, ''],
    ]);
  });

  it('names on the black list only units behind, the worst first, as many as it has places', () => {
    const units = [
      tally('市卫健委', { tasks: 10, onTime: 10 }),
      tally('西陵区', { tasks: 10, onTime: 5 }), // 50, below 60
      tally('伍家岗区', { tasks: 10, onTime: 9 }), // 90, nothing overdue
      tally('夷陵区', { tasks: 10, onTime: 3 }), // 30
    ];
    const one = rankUnits(units, { ...rules, blackListSize: 1 });
    expect(one.filter((i) => i.list === 'black').map((i) => i.unit.name)).toEqual(['夷陵区']);
    const three = rankUnits(units, { ...rules, blackListSize: 3 });
    expect(three.filter((i) => i.list === 'black').map((i) => i.unit.name)).toEqual(['西陵区', '夷陵区']);
    expect(rankUnits(units, { ...rules, redListSize: 0 }).some((i) => i.list === 'red')).toBe(false);
  });

  it('ranks nobody when no unit had tasks, and answers an empty list with an empty ranking', () => {
    expect(rankUnits([], rules)).toEqual([]);
    const idle = rankUnits([tally('点军区'), tally('猇亭区')], rules);
    expect(idle.map((i) => [i.rank, i.rated, i.list])).toEqual([
      [1, false, null],
      [1, false, null],
    ]);
  });
});

describe('ranking query and settings', () => {
  const firstMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
    r.error?.issues[0]?.message;

  it('takes a period of real dates that does not end before it starts', () => {
    expect(rankingQuerySchema.parse({ from: '2022-11-01', to: '2022-11-30', unitKind: 'district' })).toEqual({
      from: '2022-11-01',
      to: '2022-11-30',
      unitKind: 'district',
    });
    expect(rankingQuerySchema.safeParse({ from: '2022-11-30', to: '2022-11-30' }).success).toBe(true);
    expect(firstMessage(rankingQuerySchema.safeParse({ from: '2022-12-01', to: '2022-11-30' }))).toBe(
      '结束日期不能早于开始日期',
    );
    expect(firstMessage(rankingQuerySchema.safeParse({ from: '2022-02-29', to: '2022-03-31' }))).toBe(
      '开始日期应为有效日期，例如 2022-11-01',
    );
    expect(
      rankingQuerySchema.safeParse({ from: '2022-11-01', to: '2022-11-30', unitKind: 'enterprise' }).success,
    ).toBe(false);
  });

  it('ships defaults, and refuses a change that would put the black line above the red one', () => {
    expect(defaultSupervisionSettings).toEqual({
      yellowDays: 3,
      listAfterDaysOverdue: 3,
      weights: { onTimeRate: 1, overdue: 5, returned: 2, declined: 3, daysLate: 1 },
      redListSize: 3,
      blackListSize: 3,
      redMinScore: 90,
      blackBelowScore: 60,
    });
    const change = supervisionSettingsUpdateSchema.parse({ weights: { overdue: 10 }, yellowDays: 5 });
    expect(change).toEqual({ weights: { overdue: 10 }, yellowDays: 5 });
    const merged = mergeSupervisionSettings(defaultSupervisionSettings, change);
    expect(merged.success && merged.data.weights).toEqual({
      onTimeRate: 1,
      overdue: 10,
      returned: 2,
      declined: 3,
      daysLate: 1,
    });
    expect(firstMessage(mergeSupervisionSettings(defaultSupervisionSettings, { blackBelowScore: 95 }))).toBe(
      '黑榜分数线不能高于红榜最低分',
    );
    expect(firstMessage(supervisionSettingsUpdateSchema.safeParse({ yellowDays: 31 }))).toBe(
      '黄灯天数应为 0–30',
    );
    expect(firstMessage(supervisionSettingsUpdateSchema.safeParse({ weights: { overdue: -1 } }))).toBe(
      '逾期扣分不能为负数',
    );
    expect(supervisionSettingsSchema.safeParse({ redListSize: 2.5 }).success).toBe(false);
  });
});

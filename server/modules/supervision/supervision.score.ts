// The evaluation of units (考评): a score per unit from its tasks' figures and the office's weights, the ranking,
// and the red and black lists (红黑榜) read out at the HQ's meetings.
import type {
  EvaluationWeights,
  RankingItem,
  RankingList,
  SupervisionSettings,
} from '../../../shared/contracts/supervision.ts';
import type { UnitKind } from '../../../shared/contracts/units.ts';

/**
 * What a unit did in the period, counted by the service: `tasks` its assignments that count in the period,
 * `onTime` those finished by their deadline, `overdue` those still open past it or finished after it,
 * `returned` submissions the office sent back, `declined` assignments it refused, and over the late ones
 * (`lateCount` of them) the days late added up (`daysLateTotal`).
 */
export interface UnitTally {
  unit: { id: number; name: string };
  unitKind: UnitKind;
  tasks: number;
  onTime: number;
  overdue: number;
  returned: number;
  declined: number;
  daysLateTotal: number;
  lateCount: number;
}

export type RankingRules = Pick<
  SupervisionSettings,
  'weights' | 'redListSize' | 'blackListSize' | 'redMinScore' | 'blackBelowScore'
>;

/** One decimal, as shown; the tiny nudge keeps 72.25 (stored as 72.24999…) rounding up as a person would. */
function oneDecimal(value: number): number {
  return Math.round((value + 1e-9) * 10) / 10;
}

/**
 * score = 100 × onTimeRate × w.onTimeRate − overdue × w.overdue − returned × w.returned − declined × w.declined
 * − avgDaysLate × w.daysLate, floored at 0, rounded once at the end to one decimal (from the exact rate and
 * average, so the figures shown rounded may differ from a hand sum by 0.1).
 * Penalties count tasks, not rates, as the office's rules do (每逾期一项扣5分): a unit with many tasks late loses
 * more than one with a single one. A unit without tasks is not rated: its rate is taken as 1 so the formula still
 * gives a number, but it is never compared (ranked last, never listed).
 */
export function scoreUnit(
  tally: UnitTally,
  weights: EvaluationWeights,
): { onTimeRate: number; avgDaysLate: number; score: number; rated: boolean } {
  const rated = tally.tasks > 0;
  const onTimeRate = rated ? tally.onTime / tally.tasks : 1;
  const avgDaysLate = tally.lateCount > 0 ? tally.daysLateTotal / tally.lateCount : 0;
  const raw =
    100 * onTimeRate * weights.onTimeRate -
    tally.overdue * weights.overdue -
    tally.returned * weights.returned -
    tally.declined * weights.declined -
    avgDaysLate * weights.daysLate;
  return { onTimeRate, avgDaysLate: oneDecimal(avgDaysLate), score: oneDecimal(Math.max(0, raw)), rated };
}

const byName = new Intl.Collator('zh-CN');

/**
 * Units ranked by score (competition ranking: equal scores share a rank and the next rank skips, 1, 1, 3), then
 * the units without tasks, all sharing the rank after the last rated one. Within a shared rank the order is by
 * on-time rate, fewer overdue, then name, so the table reads the same every time.
 * 红榜: the best `redListSize` rated units with no overdue task and a score of at least `redMinScore`.
 * 黑榜: the worst `blackListSize` rated units with an overdue task or a score below `blackBelowScore`.
 * A tie at a list's last place is not split: both units are named, as a fair list would.
 */
export function rankUnits(tallies: readonly UnitTally[], rules: RankingRules): RankingItem[] {
  const scored = tallies.map((tally) => {
    const { unit, unitKind, tasks, onTime, overdue, returned, declined } = tally;
    return {
      unit,
      unitKind,
      tasks,
      onTime,
      overdue,
      returned,
      declined,
      ...scoreUnit(tally, rules.weights),
      rank: 0,
      list: null as RankingList | null,
    };
  });
  scored.sort(
    (a, b) =>
      Number(b.rated) - Number(a.rated) ||
      (a.rated ? b.score - a.score || b.onTimeRate - a.onTimeRate || a.overdue - b.overdue : 0) ||
      byName.compare(a.unit.name, b.unit.name) ||
      a.unit.id - b.unit.id,
  );
  const rated = scored.filter((item) => item.rated);
  rated.forEach((item, i) => {
    const previous = rated[i - 1];
    item.rank = previous && previous.score === item.score ? previous.rank : i + 1;
  });
  for (const item of scored) if (!item.rated) item.rank = rated.length + 1;

  const red = rated.filter((item) => item.overdue === 0 && item.score >= rules.redMinScore);
  for (const item of topWithTies(red, rules.redListSize)) item.list = 'red';
  const black = rated
    .filter((item) => item.list === null && (item.overdue > 0 || item.score < rules.blackBelowScore))
    .reverse();
  for (const item of topWithTies(black, rules.blackListSize)) item.list = 'black';
  return scored;
}

/** The first `size` of an ordered list, and any after them with the same score as the last one taken. */
function topWithTies<T extends { score: number }>(ordered: T[], size: number): T[] {
  const last = ordered[size - 1] ?? ordered[ordered.length - 1];
  if (size <= 0 || !last) return [];
  return ordered.filter((item, i) => i < size || item.score === last.score);
}

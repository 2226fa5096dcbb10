// Supervision API shapes: the evaluation ranking of units (考评排名, 红黑榜) and the settings that drive lights,
// listed supervision and the score.
import { z } from 'zod';
import { unitRefSchema } from './tasks.ts';
import { unitKindSchema } from './units.ts';

/** The kinds of unit that are ranked against each other: departments, districts, the HQ's working groups. */
export const rankingUnitKindValues = ['department', 'district', 'working_group'] as const;
export const rankingUnitKindSchema = z.enum(rankingUnitKindValues);
export type RankingUnitKind = z.infer<typeof rankingUnitKindSchema>;

export const rankingQuerySchema = z
  .object({
    from: z.iso.date('开始日期应为有效日期，例如 2022-11-01'),
    to: z.iso.date('结束日期应为有效日期，例如 2022-11-30'),
    unitKind: rankingUnitKindSchema.optional(),
  })
  .refine((q) => q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] });
export type RankingQuery = z.infer<typeof rankingQuerySchema>;

const weight = (label: string, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能大于${max}`);

const weightFields = {
  /** Multiplies the on-time part: 1 keeps it out of 100. */
  onTimeRate: weight('按时率权重', 10),
  /** Points off per task still overdue or finished late. */
  overdue: weight('逾期扣分', 100),
  /** Points off per submission the office returned. */
  returned: weight('退回扣分', 100),
  /** Points off per task the unit declined. */
  declined: weight('拒收扣分', 100),
  /** Points off per day of the unit's average lateness. */
  daysLate: weight('逾期天数扣分', 100),
};

/**
 * How a score is made (server/modules/supervision/supervision.score.ts):
 * 100 × onTimeRate × weights.onTimeRate − overdue × weights.overdue − returned × weights.returned
 * − declined × weights.declined − avgDaysLate × weights.daysLate, floored at 0, one decimal. Penalties are per
 * task, as offices' 扣分 rules count them (每逾期一项扣5分).
 */
export const evaluationWeightsSchema = z.object({
  onTimeRate: weightFields.onTimeRate.default(1),
  overdue: weightFields.overdue.default(5),
  returned: weightFields.returned.default(2),
  declined: weightFields.declined.default(3),
  daysLate: weightFields.daysLate.default(1),
});
export type EvaluationWeights = z.infer<typeof evaluationWeightsSchema>;

export const rankingListValues = ['red', 'black'] as const;
export const rankingListSchema = z.enum(rankingListValues);
export type RankingList = z.infer<typeof rankingListSchema>;

export const rankingItemSchema = z.object({
  unit: unitRefSchema,
  unitKind: unitKindSchema,
  tasks: z.number().int(),
  onTime: z.number().int(),
  /** 0..1. A unit without tasks has 1 and `rated: false`. */
  onTimeRate: z.number(),
  overdue: z.number().int(),
  returned: z.number().int(),
  declined: z.number().int(),
  /** Average days late over the tasks that were late, one decimal; 0 when none was. */
  avgDaysLate: z.number(),
  /** One decimal. */
  score: z.number(),
  /** Competition ranking: equal scores share a rank (1, 1, 3); units without tasks come last. */
  rank: z.number().int(),
  /** Whether the unit had tasks in the period: only rated units are compared and listed. */
  rated: z.boolean(),
  /** 红榜 (red, commended) or 黑榜 (black, named for being behind). */
  list: rankingListSchema.nullable(),
});
export type RankingItem = z.infer<typeof rankingItemSchema>;

export const rankingSchema = z.object({
  from: z.string(),
  to: z.string(),
  weights: evaluationWeightsSchema,
  items: z.array(rankingItemSchema),
});
export type Ranking = z.infer<typeof rankingSchema>;

const listSize = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负数`)
    .max(50, `${label}不能超过50`);

const scoreLine = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .min(0, `${label}应为 0–100`)
    .max(100, `${label}应为 0–100`);

const settingsFields = {
  /** A task due within this many days (Beijing calendar days) shows yellow. */
  yellowDays: z
    .number({ error: '黄灯天数应为数字' })
    .int('黄灯天数应为整数')
    .min(0, '黄灯天数应为 0–30')
    .max(30, '黄灯天数应为 0–30'),
  /** A task this many days overdue may be listed for supervision (挂牌督办). */
  listAfterDaysOverdue: z
    .number({ error: '挂牌天数应为数字' })
    .int('挂牌天数应为整数')
    .min(0, '挂牌天数应为 0–365')
    .max(365, '挂牌天数应为 0–365'),
  /** How many units the red and black lists name at most (ties at the last place are not split). */
  redListSize: listSize('红榜单位数'),
  blackListSize: listSize('黑榜单位数'),
  /** 红榜 needs at least this score (and no overdue task). */
  redMinScore: scoreLine('红榜最低分'),
  /** 黑榜 takes units below this score, or with an overdue task. */
  blackBelowScore: scoreLine('黑榜分数线'),
};

const linesInOrder = (s: { redMinScore: number; blackBelowScore: number }) =>
  s.blackBelowScore <= s.redMinScore;
const linesMessage = { message: '黑榜分数线不能高于红榜最低分', path: ['blackBelowScore'] };

export const supervisionSettingsSchema = z
  .object({
    yellowDays: settingsFields.yellowDays.default(3),
    listAfterDaysOverdue: settingsFields.listAfterDaysOverdue.default(3),
    weights: evaluationWeightsSchema.prefault({}),
    redListSize: settingsFields.redListSize.default(3),
    blackListSize: settingsFields.blackListSize.default(3),
    redMinScore: settingsFields.redMinScore.default(90),
    blackBelowScore: settingsFields.blackBelowScore.default(60),
  })
  .refine(linesInOrder, linesMessage);
export type SupervisionSettings = z.infer<typeof supervisionSettingsSchema>;

/** The settings as shipped, before the office changes any. */
export const defaultSupervisionSettings: SupervisionSettings = supervisionSettingsSchema.parse({});

/**
 * A change to some settings (weights too may be changed one by one). The server applies it with
 * `mergeSupervisionSettings`, which checks the whole result, the two score lines against each other included.
 */
export const supervisionSettingsUpdateSchema = z
  .object({ ...settingsFields, weights: z.object(weightFields).partial() })
  .partial();
export type SupervisionSettingsUpdate = z.infer<typeof supervisionSettingsUpdateSchema>;

/** The stored settings with a change applied, checked whole: its issues are the update's to answer with. */
export function mergeSupervisionSettings(current: SupervisionSettings, change: SupervisionSettingsUpdate) {
  return supervisionSettingsSchema.safeParse({
    ...current,
    ...change,
    weights: { ...current.weights, ...change.weights },
  });
}

// What Tongchou proposes when staff turn a reviewed meeting's accepted directive into a task (转为任务): the fields
// of the task form filled in from the directive's text, with the reasons for each guess so staff can judge them.
import { z } from 'zod';
import { cadenceSchema, responsibilitySchema, taskCategorySchema, unitRefSchema } from './tasks.ts';

export const countyUnitRefSchema = unitRefSchema.extend({ regionCode: z.string() });

export const taskProposalSchema = z.object({
  directiveId: z.number().int(),
  /** At most 40 characters, from the directive's first clause that says what to do. */
  title: z.string().min(1).max(40),
  /** The directive's full text. */
  description: z.string(),
  category: taskCategorySchema,
  responsibility: responsibilitySchema,
  /** The one district the directive names, else the meeting's region. */
  regionCode: z.string(),
  /** Null when the text names no unit that the unit list has: staff choose. */
  leadUnit: unitRefSchema.nullable(),
  coUnits: z.array(unitRefSchema),
  /** 各县市区 and the like: one sub-task per county-level district unit (countyUnits). */
  splitByCounty: z.boolean(),
  countyUnits: z.array(countyUnitRefSchema),
  /** A Beijing date (2022-11-30), or null when the text gives none (or gives a cadence instead). */
  dueAt: z.string().nullable(),
  cadence: cadenceSchema.nullable(),
  /** Why each field was filled as it was, in Chinese, one line each (“市卫健委 → 宜昌市卫生健康委员会”). */
  reasons: z.array(z.string()),
});
export type TaskProposal = z.infer<typeof taskProposalSchema>;

/** A meeting's proposals, one per accepted directive in the meeting's order. */
export const taskProposalListSchema = z.object({ items: z.array(taskProposalSchema) });
export type TaskProposalList = z.infer<typeof taskProposalListSchema>;

// The office's supervision settings: when a task shows yellow, when it may be listed, how units are scored.
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, real, timestamp } from 'drizzle-orm/pg-core';
import type { EvaluationWeights } from '../../../shared/contracts/supervision.ts';

export const supervisionSettings = pgTable(
  'supervision_settings',
  {
    /** One row: the city's settings. */
    id: integer().primaryKey().default(1),
    /** A task due within this many days (Beijing calendar) shows yellow. */
    yellowDays: integer().notNull().default(3),
    /** A task this many days overdue may be put under listed supervision (挂牌督办). */
    listAfterDaysOverdue: integer().notNull().default(3),
    /** Null until the office changes them: the defaults of shared/contracts/supervision.ts apply. */
    weights: jsonb().$type<Partial<EvaluationWeights>>(),
    redListSize: integer().notNull().default(3),
    blackListSize: integer().notNull().default(3),
    redMinScore: real().notNull().default(90),
    blackBelowScore: real().notNull().default(60),
    /** The last 督办通知书 number issued this year (宜疫指督〔2022〕12号), and the year. */
    noticeYear: integer(),
    noticeSerial: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('supervision_settings_single_row', sql`${t.id} = 1`),
    check('supervision_settings_yellow_days', sql`${t.yellowDays} between 0 and 30`),
    check('supervision_settings_list_after', sql`${t.listAfterDaysOverdue} between 0 and 365`),
  ],
);

// The office's supervision settings: when a task shows yellow, when it may be listed, how units are scored.
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';

export type ScoreWeights = {
  onTimeRate: number;
  overdue: number;
  returned: number;
  declined: number;
  daysLate: number;
};

export const supervisionSettings = pgTable(
  'supervision_settings',
  {
    /** One row: the city's settings. */
    id: integer().primaryKey().default(1),
    /** A task due within this many days (Beijing calendar) shows yellow. */
    yellowDays: integer().notNull().default(3),
    /** A task this many days overdue may be put under listed supervision (挂牌督办). */
    listAfterDaysOverdue: integer().notNull().default(3),
    weights: jsonb().$type<ScoreWeights>(),
    redListSize: integer().notNull().default(3),
    blackListSize: integer().notNull().default(3),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('supervision_settings_single_row', sql`${t.id} = 1`),
    check('supervision_settings_yellow_days', sql`${t.yellowDays} between 0 and 30`),
    check('supervision_settings_list_after', sql`${t.listAfterDaysOverdue} between 0 and 365`),
  ],
);

// A record's history: one row per lifecycle event of any kind of record (meeting, task, problem, visit …).
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../modules/users/users.table.ts';

export const recordEvents = pgTable(
  'record_events',
  {
    id: serial().primaryKey(),
    /** The kind of record whose history this is ('meeting', 'task'), and its id. */
    recordKind: text().notNull(),
    recordId: integer().notNull(),
    event: text().notNull(),
    fromState: text(),
    toState: text(),
    actorId: integer().references(() => users.id, { onDelete: 'set null' }),
    /** Who it was as they were then: a renamed or deleted account keeps its history readable. */
    actorUsername: text().notNull(),
    actorDisplayName: text().notNull(),
    /** The unit the actor acted for (a liaison signing for 西陵区人民政府), when the event is a unit's. */
    unitId: integer(),
    note: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('record_events_record_idx').on(t.recordKind, t.recordId, t.id),
    index('record_events_event_at_idx').on(t.recordKind, t.event, t.at),
    index('record_events_unit_idx').on(t.unitId).where(sql`${t.unitId} is not null`),
  ],
);

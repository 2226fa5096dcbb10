// Work the servers do later or on a schedule (reminders, escalations), kept in the database so any server on it
// may run it and none loses it on a restart (decision 0007, "Job queue").
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const jobs = pgTable(
  'jobs',
  {
    id: serial().primaryKey(),
    /** Names the handler that runs it, e.g. 'tasks.remind'. */
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Not run before this; a failed attempt moves it later (backoff). */
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Attempts started, counted when a server claims the job, so a job that kills its server still runs out. */
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    /** A claim's lease: until then no other server takes the job, even if no transaction holds its row. */
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    /** At most one unfinished job per key: enqueueing the same key again while one waits does nothing. */
    dedupKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp({ withTimezone: true }),
    /** Given up after maxAttempts; lastError says why. */
    failedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_dedup_key_pending')
      .on(t.dedupKey)
      .where(sql`${t.doneAt} is null and ${t.failedAt} is null`),
    index('jobs_due_idx').on(t.runAt, t.id).where(sql`${t.doneAt} is null and ${t.failedAt} is null`),
    check('jobs_max_attempts_positive', sql`${t.maxAttempts} >= 1`),
  ],
);

// In-app notifications: one row per person told, read by that person only.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { NotificationKind, NotificationLevel } from '../../../shared/contracts/notifications.ts';
import { users } from '../users/users.table.ts';

export const notifications = pgTable(
  'notifications',
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text().$type<NotificationKind>().notNull(),
    level: text().$type<NotificationLevel>().notNull().default('blue'),
    title: text().notNull(),
    body: text(),
    link: text(),
    recordKind: text(),
    recordId: integer(),
    /** The record's region, for scope when HQ looks at who was told what; a plain code, so grids can go. */
    regionCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    index('notifications_record_idx').on(t.recordKind, t.recordId),
    check('notifications_level_check', sql`${t.level} in ('blue','orange','red')`),
    // Links are followed by the web app; only paths on this site, never //other.host or javascript:.
    check('notifications_link_is_path', sql`${t.link} ~ '^/([^/\\\\]|$)'`),
  ],
);

// Accounts: people who log in, with the unit they work for, their role and the region subtree they may see.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { Role } from '../../../shared/contracts/common.ts';
import { regions } from '../regions/regions.table.ts';
import { units } from '../units/units.table.ts';

export const users = pgTable(
  'users',
  {
    id: serial().primaryKey(),
    username: text().notNull().unique('users_username_unique'),
    displayName: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    role: text().$type<Role>().notNull(),
    scopeRegionCode: text()
      .notNull()
      .references(() => regions.code),
    /** Personal data: stored once, in full; every response masks it unless the caller's role needs it. */
    phone: text(),
    idNumber: text(),
    passwordHash: text().notNull(),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    active: boolean().notNull().default(true),
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_scope_idx').using('btree', sql`${t.scopeRegionCode} text_pattern_ops`),
    check(
      'users_role_check',
      sql`${t.role} in ('hq_admin','hq_staff','leader','unit_liaison','inspector','grid_worker')`,
    ),
  ],
);

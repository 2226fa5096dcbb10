// Units: the HQ office and its working groups, departments, districts and (later) enterprises that tasks are given to.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { UnitKind } from '../../../shared/contracts/units.ts';
import { regions } from '../regions/regions.table.ts';

export const units = pgTable(
  'units',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    shortName: text(),
    kind: text().$type<UnitKind>().notNull(),
    parentId: integer().references((): never => units.id as never, { onDelete: 'restrict' }),
    /** The region the unit answers for; scope filters on it. */
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    contactPhone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('units_parent_name_unique').on(t.parentId, t.name).nullsNotDistinct(),
    index('units_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    check(
      'units_kind_check',
      sql`${t.kind} in ('hq_office','working_group','department','district','enterprise')`,
    ),
    check('units_name_not_blank', sql`length(btrim(${t.name})) > 0`),
  ],
);

// The division tree (city → county → township → community → grid) that every record and every user's scope hangs on.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { RegionLevel } from '../../../shared/contracts/common.ts';

export type { RegionLevel };

export const regions = pgTable(
  'regions',
  {
    /** Official 12-digit division code; grids add a 3-digit local suffix to their community's code. */
    code: text().primaryKey(),
    name: text().notNull(),
    /** The name as the statistics bureau writes it (土街头社区居民委员会); `name` is the everyday form. */
    officialName: text().notNull(),
    level: text().$type<RegionLevel>().notNull(),
    parentCode: text().references((): never => regions.code as never),
    population: integer().notNull().default(0),
    populationAged60Plus: integer().notNull().default(0),
    sortOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode, t.sortOrder),
    index('regions_code_prefix_idx').using('btree', sql`${t.code} text_pattern_ops`),
    index('regions_name_idx').on(t.name),
    check('regions_level_check', sql`${t.level} in ('city','county','township','community','grid')`),
    check('regions_code_format', sql`${t.code} ~ '^[0-9]{12}([0-9]{3})?$'`),
    check('regions_population_check', sql`${t.population} >= 0 and ${t.populationAged60Plus} >= 0`),
  ],
);

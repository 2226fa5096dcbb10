// The audit log: who changed or unmasked what, when, with the record before and after.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { auditActionValues } from '../../../shared/contracts/audit.ts';

export type AuditAction = (typeof auditActionValues)[number];

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // No foreign key: the log outlives deleted accounts.
    actorId: integer(),
    actorUsername: text(),
    action: text().$type<AuditAction>().notNull(),
    entity: text().notNull(),
    entityId: text(),
    /** Region the record belongs to (after the change, for a move), shown with the entry. */
    regionCode: text(),
    /**
     * Every prefix (4, 6, 9, 12, 15 digits) of every region the entry mentions: its region and the regions of its
     * before and after states, which differ when a record moves between districts. A reader whose scope prefix is
     * in the list sees the entry (with the parts in other regions masked); one GIN index answers any scope.
     */
    regionPrefixes: text().array().notNull().default(sql`'{}'::text[]`),
    summary: text(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>(),
    ip: text(),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_entity_idx').on(t.entity, t.entityId),
    index('audit_region_prefixes_idx').using('gin', t.regionPrefixes),
  ],
);

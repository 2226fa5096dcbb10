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
    /** Region the record belongs to, so audit browsing is scoped like everything else. */
    regionCode: text(),
    summary: text(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>(),
    ip: text(),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_entity_idx').on(t.entity, t.entityId),
    index('audit_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
  ],
);

// Writing and browsing the audit log; personal data is masked before it is ever written here.
import { and, count, desc, eq, gte, ilike, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditQuery } from '../../../shared/contracts/audit.ts';
import { maskIdNumber, maskPhone } from '../../../shared/contracts/personal.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { requirePermission } from '../auth/actor.ts';
import { scopeFilter, subtreePrefix } from '../auth/scope.ts';
import { users } from '../users/users.table.ts';
import { type AuditAction, auditLog } from './audit.table.ts';

export type AuditRecord = {
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  regionCode?: string | null;
  summary?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

const hiddenKeys = new Set(['passwordHash', 'password', 'currentPassword', 'newPassword', 'tokenHash']);

/** The log is readable by admins, so it must never hold a full ID number, phone or a secret. */
export function redactForAudit(
  record: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  if (!record) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (hiddenKeys.has(key)) continue;
    if (key === 'idNumber') out[key] = maskIdNumber(value as string | null);
    else if (key === 'phone') out[key] = maskPhone(value as string | null);
    else out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

export async function recordAudit(
  db: Db,
  actor: { id: number | null; username: string; ip?: string } | null,
  entry: AuditRecord,
): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor?.id ?? null,
    actorUsername: actor?.username ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    regionCode: entry.regionCode ?? null,
    summary: entry.summary ?? null,
    before: redactForAudit(entry.before),
    after: redactForAudit(entry.after),
    ip: actor?.ip ?? null,
  });
}

export async function listAuditEntries(
  db: Db,
  actor: Actor,
  query: AuditQuery,
): Promise<{ items: AuditEntry[]; total: number }> {
  requirePermission(actor, 'audit:read');
  // Entries with no region (system events) are for the city-wide administrators only.
  const cityWide = subtreePrefix(actor.scopeRegion.code).length === 4;
  const scope = cityWide
    ? or(scopeFilter(actor, auditLog.regionCode), isNull(auditLog.regionCode))
    : scopeFilter(actor, auditLog.regionCode);
  const filters: (SQL | undefined)[] = [scope];
  if (query.actor) {
    // By login name or by the person's name: 周伟 finds zhouwei's entries.
    const pattern = `%${query.actor.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    filters.push(
      or(
        ilike(auditLog.actorUsername, pattern),
        inArray(
          auditLog.actorId,
          db.select({ id: users.id }).from(users).where(ilike(users.displayName, pattern)),
        ),
      ),
    );
  }
  if (query.action) filters.push(eq(auditLog.action, query.action));
  if (query.entity) filters.push(eq(auditLog.entity, query.entity));
  if (query.entityId) filters.push(eq(auditLog.entityId, query.entityId));
  if (query.from) filters.push(gte(auditLog.at, startOfDayIfDate(query.from)));
  if (query.to) filters.push(lt(auditLog.at, endOfDayIfDate(query.to)));
  const where = and(...filters);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select({ entry: auditLog, actorName: users.displayName })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return {
    total: totalRow?.total ?? 0,
    items: rows.map(({ entry, actorName }) => ({
      ...entry,
      actorName: actorName ?? null,
      at: entry.at.toISOString(),
      before: entry.before ?? null,
      after: entry.after ?? null,
    })),
  };
}

// Users pick calendar days in Beijing time: a bare date means that day in UTC+8, not in UTC.
const isBareDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

function startOfDayIfDate(value: string): Date {
  return new Date(isBareDate(value) ? `${value}T00:00:00+08:00` : value);
}

/** A bare date as the upper bound means "through the end of that day". */
function endOfDayIfDate(value: string): Date {
  if (!isBareDate(value)) return new Date(value);
  return new Date(startOfDayIfDate(value).getTime() + 24 * 3600 * 1000);
}

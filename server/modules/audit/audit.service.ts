// Writing and browsing the audit log; personal data is masked before it is ever written here.
import { and, count, desc, eq, gte, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AuditEntry, AuditQuery } from '../../../shared/contracts/audit.ts';
import { maskContactPhone, maskIdNumber, maskPhone } from '../../../shared/contracts/personal.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { requirePermission } from '../auth/actor.ts';
import { isInScope, subtreePrefix } from '../auth/scope.ts';
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
    else if (key === 'contactPhone') out[key] = maskContactPhone(value as string | null);
    else out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

const regionCodePattern = /^\d{12}(\d{3})?$/;

/** The region a recorded state lies in: a unit's or meeting's region, an account's scope. */
function regionOfState(state: Record<string, unknown> | null | undefined): string | null {
  const code = state?.regionCode ?? state?.scopeRegionCode;
  return typeof code === 'string' && regionCodePattern.test(code) ? code : null;
}

/** Every scope prefix that covers one of the codes: 420503001000 → 4205, 420503, 420503001, 420503001000. */
export function regionPrefixesOf(codes: readonly (string | null | undefined)[]): string[] {
  const prefixes = new Set<string>();
  for (const code of codes) {
    if (!code || !regionCodePattern.test(code)) continue;
    for (const n of [4, 6, 9, 12, 15]) if (n <= code.length) prefixes.add(code.slice(0, n));
  }
  return [...prefixes];
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
    regionPrefixes: regionPrefixesOf([
      entry.regionCode,
      regionOfState(entry.before),
      regionOfState(entry.after),
    ]),
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
  // An entry is listed when any region it mentions is in scope; the parts lying elsewhere are masked below.
  // Entries with no region (system events) are for the city-wide administrators only.
  const prefix = subtreePrefix(actor.scopeRegion.code);
  const mentionsScope = sql`${auditLog.regionPrefixes} @> array[${prefix}]::text[]`;
  const scope = prefix.length === 4 ? or(mentionsScope, isNull(auditLog.regionCode)) : mentionsScope;
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
    items: rows.map(({ entry: { regionPrefixes: _prefixes, ...entry }, actorName }) =>
      maskOtherRegions(actor, {
        ...entry,
        actorName: actorName ?? null,
        at: entry.at.toISOString(),
        before: entry.before ?? null,
        after: entry.after ?? null,
        hidden: [],
      }),
    ),
  };
}

/**
 * A record moved between districts leaves one entry whose before and after lie in different regions: each
 * district's reader sees the entry, and the state (and region code) in the other district is withheld.
 */
function maskOtherRegions(actor: Actor, entry: AuditEntry): AuditEntry {
  const foreign = (code: string | null) => code !== null && !isInScope(actor, code);
  const hidden: AuditEntry['hidden'] = [];
  if (foreign(regionOfState(entry.before))) hidden.push('before');
  if (foreign(regionOfState(entry.after))) hidden.push('after');
  if (foreign(entry.regionCode)) hidden.push('regionCode');
  if (hidden.length === 0) return entry;
  return {
    ...entry,
    before: hidden.includes('before') ? null : entry.before,
    after: hidden.includes('after') ? null : entry.after,
    regionCode: hidden.includes('regionCode') ? null : entry.regionCode,
    // Summaries name the record as it is after the change, which is then in the other region.
    summary: hidden.includes('regionCode') ? '记录已移至您管辖范围以外的区域' : entry.summary,
    hidden,
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

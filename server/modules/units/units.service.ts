// Managing units (HQ office, working groups, departments, districts) inside the caller's scope.
import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { maskContactPhone } from '../../../shared/contracts/personal.ts';
import type { Unit, UnitCreate, UnitUpdate } from '../../../shared/contracts/units.ts';
import type { Db } from '../../db/client.ts';
import { AppError, isForeignKeyViolation } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, can, requirePermission } from '../auth/actor.ts';
import { assertReadable, assertWritable, scopeFilter } from '../auth/scope.ts';
import { regions } from '../regions/regions.table.ts';
import { units } from './units.table.ts';

const parent = alias(units, 'parent');

const unitColumns = {
  id: units.id,
  name: units.name,
  shortName: units.shortName,
  kind: units.kind,
  parentId: units.parentId,
  parentName: parent.name,
  regionCode: units.regionCode,
  regionName: regions.name,
  contactPhone: units.contactPhone,
  // Qualified by hand: Drizzle renders ${units.id} unqualified, which would bind to the subquery's own table.
  userCount: sql<number>`(select count(*)::int from users u where u.unit_id = "units"."id")`,
  updatedAt: units.updatedAt,
};

function selectUnits(db: Db) {
  return db
    .select(unitColumns)
    .from(units)
    .innerJoin(regions, eq(regions.code, units.regionCode))
    .leftJoin(parent, eq(parent.id, units.parentId));
}

/** A unit's contact phone is personal data: whole only for roles that may see personal data. */
const toUnit =
  (actor: Actor) =>
  (row: Awaited<ReturnType<typeof selectUnits>>[number]): Unit => ({
    ...row,
    contactPhone: can(actor, 'personal:view') ? row.contactPhone : maskContactPhone(row.contactPhone),
    updatedAt: row.updatedAt.toISOString(),
  });

export type UnitListQuery = {
  q?: string;
  kind?: Unit['kind'];
  regionCode?: string;
  parentId?: number;
  page: number;
  pageSize: number;
};

export async function listUnits(
  db: Db,
  actor: Actor,
  query: UnitListQuery,
): Promise<{ items: Unit[]; total: number }> {
  requirePermission(actor, 'units:read');
  const filters: (SQL | undefined)[] = [scopeFilter(actor, units.regionCode)];
  if (query.q) filters.push(or(ilike(units.name, `%${query.q}%`), ilike(units.shortName, `%${query.q}%`)));
  if (query.kind) filters.push(eq(units.kind, query.kind));
  if (query.regionCode) filters.push(eq(units.regionCode, query.regionCode));
  if (query.parentId !== undefined) filters.push(eq(units.parentId, query.parentId));
  const where = and(...filters);
  const [rows, [totalRow]] = await Promise.all([
    selectUnits(db)
      .where(where)
      .orderBy(
        sql`case ${units.kind} when 'hq_office' then 0 when 'working_group' then 1 when 'department' then 2 when 'district' then 3 else 4 end`,
        asc(units.regionCode),
        asc(units.id),
      )
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(units).where(where),
  ]);
  return { items: rows.map(toUnit(actor)), total: totalRow?.total ?? 0 };
}

export async function getUnit(db: Db, actor: Actor, id: number): Promise<Unit> {
  requirePermission(actor, 'units:read');
  const [row] = await selectUnits(db).where(and(eq(units.id, id), scopeFilter(actor, units.regionCode)));
  if (!row) throw new AppError('NOT_FOUND', `单位 ${id} 不存在或不在您的管辖范围内`);
  return toUnit(actor)(row);
}

async function checkParent(tx: Db, actor: Actor, parentId: number | null | undefined, selfId?: number) {
  if (parentId == null) return;
  if (parentId === selfId)
    throw new AppError('VALIDATION', '上级单位不能是自己', [
      { field: 'parentId', message: '上级单位不能是自己' },
    ]);
  const [p] = await tx.select({ regionCode: units.regionCode }).from(units).where(eq(units.id, parentId));
  if (!p)
    throw new AppError('VALIDATION', `上级单位 ${parentId} 不存在`, [
      { field: 'parentId', message: '上级单位不存在' },
    ]);
  assertReadable(actor, p.regionCode, '上级单位');
}

async function checkRegion(tx: Db, actor: Actor, regionCode: string) {
  assertWritable(actor, regionCode, '设立单位');
  const [r] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode));
  if (!r)
    throw new AppError('VALIDATION', `所属区域 ${regionCode} 不存在`, [
      { field: 'regionCode', message: '所属区域不存在' },
    ]);
}

export async function createUnit(db: Db, actor: Actor, input: UnitCreate): Promise<Unit> {
  requirePermission(actor, 'units:write');
  const id = await db.transaction(async (tx) => {
    await checkRegion(tx, actor, input.regionCode);
    await checkParent(tx, actor, input.parentId);
    await assertNameFree(tx, input.name, input.parentId ?? null);
    const [row] = await tx
      .insert(units)
      .values({
        ...input,
        shortName: input.shortName ?? null,
        parentId: input.parentId ?? null,
        contactPhone: input.contactPhone ?? null,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'unit',
      entityId: row!.id,
      regionCode: row!.regionCode,
      summary: `新建单位 ${row!.name}`,
      after: row,
    });
    return row!.id;
  });
  return getUnit(db, actor, id);
}

/** Checked before insert so the message names the field; the unique constraint still guards races. */
async function assertNameFree(tx: Db, name: string, parentId: number | null, selfId?: number) {
  const [clash] = await tx
    .select({ id: units.id })
    .from(units)
    .where(
      and(
        eq(units.name, name),
        parentId == null ? sql`${units.parentId} is null` : eq(units.parentId, parentId),
      ),
    );
  if (clash && clash.id !== selfId) {
    throw new AppError('CONFLICT', `同一上级下已有名为“${name}”的单位`, [
      { field: 'name', message: '单位名称重复' },
    ]);
  }
}

export async function updateUnit(db: Db, actor: Actor, id: number, patch: UnitUpdate): Promise<Unit> {
  requirePermission(actor, 'units:write');
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(units)
      .where(and(eq(units.id, id), scopeFilter(actor, units.regionCode)))
      .for('update');
    if (!before) throw new AppError('NOT_FOUND', `单位 ${id} 不存在或不在您的管辖范围内`);
    if (patch.regionCode) await checkRegion(tx, actor, patch.regionCode);
    if (patch.parentId !== undefined) await checkParent(tx, actor, patch.parentId, id);
    if (patch.name !== undefined || patch.parentId !== undefined) {
      await assertNameFree(
        tx,
        patch.name ?? before.name,
        patch.parentId === undefined ? before.parentId : (patch.parentId ?? null),
        id,
      );
    }
    const [after] = await tx
      .update(units)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(units.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'unit',
      entityId: id,
      regionCode: after!.regionCode,
      summary: `修改单位 ${after!.name}`,
      before,
      after,
    });
  });
  return getUnit(db, actor, id);
}

export async function deleteUnit(db: Db, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'units:write');
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(units)
        .where(and(eq(units.id, id), scopeFilter(actor, units.regionCode)));
      if (!before) throw new AppError('NOT_FOUND', `单位 ${id} 不存在或不在您的管辖范围内`);
      await tx.delete(units).where(eq(units.id, id));
      await recordAudit(tx, actor, {
        action: 'delete',
        entity: 'unit',
        entityId: id,
        regionCode: before.regionCode,
        summary: `删除单位 ${before.name}`,
        before,
      });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('CONFLICT', '该单位下仍有账号或下级单位，不能删除');
    throw err;
  }
}

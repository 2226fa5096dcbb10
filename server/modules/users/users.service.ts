// Managing accounts inside the caller's scope; personal data leaves the server masked unless a role needs it, and then audited.
import { hash } from '@node-rs/argon2';
import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/contracts/common.ts';
import { maskIdNumber, maskPhone } from '../../../shared/contracts/personal.ts';
import type { User, UserCreate, UserUpdate } from '../../../shared/contracts/users.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import { assertReadable, assertWritable, isWithinRegion, scopeFilter } from '../auth/scope.ts';
import { regions } from '../regions/regions.table.ts';
import { units } from '../units/units.table.ts';
import { users } from './users.table.ts';

export const hashPassword = (password: string) => hash(password);

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  unitName: units.name,
  scopeRegionCode: users.scopeRegionCode,
  scopeRegionName: regions.name,
  scopeRegionLevel: regions.level,
  phone: users.phone,
  idNumber: users.idNumber,
  active: users.active,
  lockedUntil: users.lockedUntil,
  createdAt: users.createdAt,
};

function selectUsers(db: Db) {
  return db
    .select(userColumns)
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .innerJoin(regions, eq(regions.code, users.scopeRegionCode));
}

type UserRow = Awaited<ReturnType<typeof selectUsers>>[number];

function toMaskedUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    unit: { id: row.unitId, name: row.unitName },
    scopeRegion: { code: row.scopeRegionCode, name: row.scopeRegionName, level: row.scopeRegionLevel },
    phone: maskPhone(row.phone),
    idNumber: maskIdNumber(row.idNumber),
    active: row.active,
    locked: row.lockedUntil !== null && row.lockedUntil.getTime() > Date.now(),
    createdAt: row.createdAt.toISOString(),
  };
}

export type UserListQuery = {
  q?: string;
  role?: User['role'];
  unitId?: number;
  page: number;
  pageSize: number;
};

export async function listUsers(
  db: Db,
  actor: Actor,
  query: UserListQuery,
): Promise<{ items: User[]; total: number }> {
  requirePermission(actor, 'users:read');
  const filters: (SQL | undefined)[] = [scopeFilter(actor, users.scopeRegionCode)];
  if (query.q)
    filters.push(or(ilike(users.username, `%${query.q}%`), ilike(users.displayName, `%${query.q}%`)));
  if (query.role) filters.push(eq(users.role, query.role));
  if (query.unitId) filters.push(eq(users.unitId, query.unitId));
  const where = and(...filters);
  const [rows, [totalRow]] = await Promise.all([
    selectUsers(db)
      .where(where)
      .orderBy(asc(users.scopeRegionCode), asc(users.username))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { items: rows.map(toMaskedUser), total: totalRow?.total ?? 0 };
}

async function findUserInScope(db: Db, actor: Actor, id: number): Promise<UserRow> {
  const [row] = await selectUsers(db).where(and(eq(users.id, id), scopeFilter(actor, users.scopeRegionCode)));
  if (!row) throw new AppError('NOT_FOUND', `账号 ${id} 不存在或不在您的管辖范围内`);
  return row;
}

export async function getUser(db: Db, actor: Actor, id: number): Promise<User> {
  requirePermission(actor, 'users:read');
  return toMaskedUser(await findUserInScope(db, actor, id));
}

/** The one way to see a full ID number or phone: only for roles that need it, and every look is audited. */
export async function viewPersonalData(db: Db, actor: Actor, id: number) {
  requirePermission(actor, 'personal:view');
  const row = await findUserInScope(db, actor, id);
  await recordAudit(db, actor, {
    action: 'view_personal',
    entity: 'user',
    entityId: id,
    regionCode: row.scopeRegionCode,
    summary: `查看 ${row.displayName} 的身份证号、手机号`,
  });
  return { id: row.id, displayName: row.displayName, phone: row.phone, idNumber: row.idNumber };
}

/** The role, unit and scope an account ends up with, after a create or an update. */
type Assignment = { role: Role; unitId: number; scopeRegionCode: string };

/**
 * Which scope an account may be given: inside the giver's own scope, a grid for a grid worker, and never wider
 * than the region of the unit the account works for (a 西陵区人民政府 account cannot see 伍家岗区 or the whole
 * city). `given` holds only what this request names, so an unchanged unit outside a district admin's scope (a city
 * unit whose account works in the district) does not block editing that account.
 */
async function checkAssignment(
  tx: Db,
  actor: Actor,
  target: Assignment,
  given: { unitId?: number; scopeRegionCode?: string },
) {
  if (given.scopeRegionCode !== undefined) assertWritable(actor, given.scopeRegionCode, '授权账号');
  const [scope] = await tx
    .select({ name: regions.name, level: regions.level })
    .from(regions)
    .where(eq(regions.code, target.scopeRegionCode));
  if (!scope)
    throw new AppError('VALIDATION', `管辖区域 ${target.scopeRegionCode} 不存在`, [
      { field: 'scopeRegionCode', message: '管辖区域不存在' },
    ]);
  const [unit] = await tx
    .select({ name: units.name, regionCode: units.regionCode, regionName: regions.name })
    .from(units)
    .innerJoin(regions, eq(regions.code, units.regionCode))
    .where(eq(units.id, target.unitId));
  if (!unit)
    throw new AppError('VALIDATION', `所属单位 ${target.unitId} 不存在`, [
      { field: 'unitId', message: '所属单位不存在' },
    ]);
  if (given.unitId !== undefined) assertReadable(actor, unit.regionCode, '所属单位');
  if (target.role === 'grid_worker' && scope.level !== 'grid')
    throw new AppError('VALIDATION', `网格员的管辖区域必须是一个网格，不能是${scope.name}`, [
      { field: 'scopeRegionCode', message: '网格员的管辖区域必须选择一个网格' },
    ]);
  if (!isWithinRegion(target.scopeRegionCode, unit.regionCode))
    throw new AppError(
      'VALIDATION',
      `${unit.name}的账号只能管辖${unit.regionName}及其下级区域，${scope.name}不在其中`,
      [{ field: 'scopeRegionCode', message: `管辖区域应在所属单位的区域（${unit.regionName}）以内` }],
    );
}

export async function createUser(db: Db, actor: Actor, input: UserCreate): Promise<User> {
  requirePermission(actor, 'users:write');
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    await checkAssignment(tx, actor, input, input);
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (clash)
      throw new AppError('CONFLICT', `用户名 ${input.username} 已被使用`, [
        { field: 'username', message: '用户名已被使用' },
      ]);
    const { password: _password, ...rest } = input;
    const [row] = await tx
      .insert(users)
      .values({ ...rest, phone: input.phone ?? null, idNumber: input.idNumber ?? null, passwordHash })
      .returning();
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'user',
      entityId: row!.id,
      regionCode: row!.scopeRegionCode,
      summary: `新建账号 ${row!.username}`,
      after: row,
    });
    return row!.id;
  });
  return getUser(db, actor, id);
}

/** The account as it is, locked for the change that follows; 404 when it is not in the actor's scope. */
async function lockUserInScope(tx: Db, actor: Actor, id: number) {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), scopeFilter(actor, users.scopeRegionCode)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', `账号 ${id} 不存在或不在您的管辖范围内`);
  return row;
}

export async function updateUser(db: Db, actor: Actor, id: number, patch: UserUpdate): Promise<User> {
  requirePermission(actor, 'users:write');
  const { password, ...fields } = patch;
  const passwordHash = password ? await hashPassword(password) : undefined;
  await db.transaction(async (tx) => {
    const before = await lockUserInScope(tx, actor, id);
    if (before.id === actor.id && (fields.active === false || (fields.role && fields.role !== before.role))) {
      throw new AppError('VALIDATION', '不能停用自己的账号或修改自己的角色', [
        { field: fields.active === false ? 'active' : 'role', message: '不能修改自己' },
      ]);
    }
    if (fields.role !== undefined || fields.unitId !== undefined || fields.scopeRegionCode !== undefined) {
      const target = {
        role: fields.role ?? before.role,
        unitId: fields.unitId ?? before.unitId,
        scopeRegionCode: fields.scopeRegionCode ?? before.scopeRegionCode,
      };
      await checkAssignment(tx, actor, target, fields);
    }
    const [after] = await tx
      .update(users)
      .set({
        ...fields,
        ...(passwordHash
          ? { passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null }
          : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (passwordHash || fields.active === false) {
      // A reset password or a disabled account must not leave old sessions alive.
      await tx.execute(sql`delete from sessions where user_id = ${id}`);
    }
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'user',
      entityId: id,
      regionCode: after!.scopeRegionCode,
      summary: passwordHash ? `修改账号 ${after!.username}（重置密码）` : `修改账号 ${after!.username}`,
      before,
      after,
    });
  });
  return getUser(db, actor, id);
}

/**
 * Lifts a login lock before it runs out, and forgets the failed tries, for someone who asked an administrator
 * (the lock message tells them to). The password stays as it is.
 */
export async function unlockUser(db: Db, actor: Actor, id: number): Promise<User> {
  requirePermission(actor, 'users:write');
  await db.transaction(async (tx) => {
    const before = await lockUserInScope(tx, actor, id);
    const [after] = await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'user',
      entityId: id,
      regionCode: after!.scopeRegionCode,
      summary: `解锁账号 ${after!.username}`,
      before,
      after,
    });
  });
  return getUser(db, actor, id);
}

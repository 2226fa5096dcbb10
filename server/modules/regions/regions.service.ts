// Browsing and searching the division tree inside the caller's scope, and managing grids, the level users own.
import { and, asc, count, eq, ilike, inArray, like, max, or, type SQL, sql } from 'drizzle-orm';
import type { GridCreate, Region, RegionRef, RegionUpdate } from '../../../shared/contracts/regions.ts';
import type { Db } from '../../db/client.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { AppError, isForeignKeyViolation } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import {
  assertReadable,
  isInScope,
  normaliseRegionCode,
  scopeFilter,
  scopeFilterPrepared,
  scopeParam,
  subtreePrefix,
} from '../auth/scope.ts';
import { toSimplified } from '../meetings/meeting-text.normalise.ts';
import { regions } from './regions.table.ts';

type RegionRow = typeof regions.$inferSelect;
export type RegionSummary = Omit<Region, 'path'>;

// Written out in full: inside a subquery Drizzle would leave "code" unqualified and it would bind to the inner table.
const childCount = sql<number>`(select count(*)::int from regions as c where c.parent_code = "regions"."code")`;

const levelRank = sql`case ${regions.level} when 'city' then 0 when 'county' then 1 when 'township' then 2 when 'community' then 3 else 4 end`;

const summaryColumns = {
  code: regions.code,
  name: regions.name,
  officialName: regions.officialName,
  level: regions.level,
  parentCode: regions.parentCode,
  population: regions.population,
  populationAged60Plus: regions.populationAged60Plus,
  childCount,
};

/** The codes above a region, nearest last: 420502001001 → [420500000000, 420502000000, 420502001000]. */
export function ancestorCodes(code: string): string[] {
  const significant = subtreePrefix(code).length;
  return [4, 6, 9, 12]
    .filter((length) => length < significant)
    .map((length) => code.slice(0, length).padEnd(12, '0'));
}

export async function getRegion(db: Db, actor: Actor, rawCode: string): Promise<Region> {
  const code = normaliseRegionCode(rawCode);
  assertReadable(actor, code, '区域');
  const [row] = await db.select(summaryColumns).from(regions).where(eq(regions.code, code));
  if (!row) throw new AppError('NOT_FOUND', `区域 ${rawCode} 不存在或不在您的管辖范围内`);
  const visibleAncestors = ancestorCodes(code).filter((c) => isInScope(actor, c));
  const ancestors = visibleAncestors.length
    ? await db
        .select({ code: regions.code, name: regions.name, level: regions.level })
        .from(regions)
        .where(inArray(regions.code, visibleAncestors))
    : [];
  ancestors.sort((a, b) => visibleAncestors.indexOf(a.code) - visibleAncestors.indexOf(b.code));
  const path: RegionRef[] = [...ancestors, { code: row.code, name: row.name, level: row.level }];
  return { ...row, path };
}

export async function listChildRegions(db: Db, actor: Actor, rawCode: string): Promise<RegionSummary[]> {
  const code = normaliseRegionCode(rawCode);
  assertReadable(actor, code, '区域');
  const children = await preparedOnce(db, 'regions_children', (handle, name) =>
    handle
      .select(summaryColumns)
      .from(regions)
      .where(and(eq(regions.parentCode, sql.placeholder('code')), scopeFilterPrepared(regions.code)))
      .orderBy(asc(regions.sortOrder), asc(regions.code))
      .prepare(name),
  ).execute({ code, scope: scopeParam(actor) });
  if (children.length) return children;
  // No children: a grid, or a region that does not exist. Only the second is a 404.
  const [parent] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
  if (!parent) throw new AppError('NOT_FOUND', `区域 ${rawCode} 不存在或不在您的管辖范围内`);
  return [];
}

export async function searchRegions(
  db: Db,
  actor: Actor,
  query: { q?: string; level?: RegionRow['level']; page: number; pageSize: number },
): Promise<{ items: (RegionSummary & { within: string | null })[]; total: number }> {
  const filters: (SQL | undefined)[] = [scopeFilter(actor, regions.code)];
  if (query.q) {
    // Names are stored in simplified characters; 西陵區 finds 西陵区.
    const q = toSimplified(query.q).replace(/[%_\\]/g, (m) => `\\${m}`);
    filters.push(
      /^\d+$/.test(query.q)
        ? like(regions.code, `${q}%`)
        : or(ilike(regions.name, `%${q}%`), ilike(regions.officialName, `%${q}%`)),
    );
  }
  if (query.level) filters.push(eq(regions.level, query.level));
  const where = and(...filters);
  const [items, [totalRow]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(regions)
      .where(where)
      // Higher levels first: a search for 西陵 shows 西陵区 before its streets.
      .orderBy(levelRank, asc(regions.code))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(regions).where(where),
  ]);
  // Hundreds of grids are called 第1网格: each hit says where it lies.
  const above = new Set(items.flatMap((item) => ancestorCodes(item.code).slice(1)));
  const names = new Map(
    above.size === 0
      ? []
      : (
          await db
            .select({ code: regions.code, name: regions.name })
            .from(regions)
            .where(inArray(regions.code, [...above]))
        ).map((r) => [r.code, r.name]),
  );
  return {
    items: items.map((item) => {
      const within = ancestorCodes(item.code)
        .slice(1)
        .map((code) => names.get(code))
        .filter(Boolean)
        .join(' ');
      return { ...item, within: within || null };
    }),
    total: totalRow?.total ?? 0,
  };
}

/** The communities (villages) at or below a region the caller may read, in code order. */
export async function listCommunitiesUnder(
  db: Db,
  actor: Actor,
  rawCode: string,
): Promise<{ region: Region; communities: { code: string; name: string }[] }> {
  const region = await getRegion(db, actor, rawCode);
  const communities = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(
      and(
        scopeFilter(actor, regions.code),
        eq(regions.level, 'community'),
        like(regions.code, `${subtreePrefix(region.code)}%`),
      ),
    )
    .orderBy(asc(regions.code));
  return { region, communities };
}

/** Grids are the one level users create; they are numbered under their community. */
export async function createGrid(db: Db, actor: Actor, input: GridCreate): Promise<Region> {
  requirePermission(actor, 'regions:write');
  const created = await db.transaction(async (tx) => insertGrids(tx, actor, [input]));
  const grid = created[0];
  if (!grid) throw new AppError('INTERNAL', '网格创建失败');
  return getRegion(db, actor, grid.code);
}

/**
 * Inserts grids after checking every one; used by create and by all-or-nothing import. With `checkOnly` it
 * stops after the checks (an import whose other rows already failed still learns all of its problems).
 */
export async function insertGrids(
  tx: Db,
  actor: Actor,
  inputs: GridCreate[],
  rowNumbers?: number[],
  checkOnly = false,
): Promise<{ code: string; name: string; parentCode: string }[]> {
  const rowOf = (i: number) => rowNumbers?.[i] ?? i + 1;
  const parentCodes = [...new Set(inputs.map((g) => g.parentCode))];
  // Locking the parents serialises grid creation per community: two servers (or two requests on one pool)
  // would otherwise read the same highest code below and both pick the next one (409 for the second).
  const parents = parentCodes.length
    ? await tx
        .select({ code: regions.code, level: regions.level })
        .from(regions)
        .where(inArray(regions.code, parentCodes))
        .orderBy(regions.code)
        .for('update')
    : [];
  const parentLevel = new Map(parents.map((p) => [p.code, p.level]));
  const existing = parentCodes.length
    ? await tx
        .select({ code: regions.code, name: regions.name, parentCode: regions.parentCode })
        .from(regions)
        .where(inArray(regions.parentCode, parentCodes))
    : [];
  const takenNames = new Set(existing.map((e) => `${e.parentCode}/${e.name}`));
  const takenCodes = new Set(existing.map((e) => e.code));
  const maxSuffix = await tx
    .select({ parentCode: regions.parentCode, last: max(regions.code) })
    .from(regions)
    .where(parentCodes.length ? inArray(regions.parentCode, parentCodes) : sql`false`)
    .groupBy(regions.parentCode);
  const nextSuffix = new Map(maxSuffix.map((m) => [m.parentCode, Number((m.last ?? '').slice(12)) || 0]));

  const errors: { row: number; field: string; message: string }[] = [];
  const outOfScope: typeof errors = [];
  const rows: (typeof regions.$inferInsert)[] = [];
  // Which row of this same file first used a name or code, to tell a repeat in the file from an existing grid.
  const firstRow = new Map<string, number>();
  const repeated = (key: string) => (firstRow.has(key) ? `与第${firstRow.get(key)}行重复：` : '');
  for (const [i, g] of inputs.entries()) {
    const row = rowOf(i);
    const reject = (field: string, message: string) => errors.push({ row, field, message });
    const level = parentLevel.get(g.parentCode);
    const nameKey = `${g.parentCode}/${g.name}`;
    if (!level) reject('parentCode', `所属社区/村 ${g.parentCode} 不存在`);
    else if (level !== 'community') reject('parentCode', '网格只能建在社区/村之下');
    else if (!isInScope(actor, g.parentCode)) {
      outOfScope.push({ row, field: 'parentCode', message: `社区/村 ${g.parentCode} 不在您的管辖范围内` });
    } else if (takenNames.has(nameKey)) {
      reject(
        'name',
        firstRow.has(nameKey)
          ? `${repeated(nameKey)}同一社区的网格名称“${g.name}”`
          : `该社区已有名为“${g.name}”的网格`,
      );
    } else if (g.code && takenCodes.has(g.code)) {
      reject(
        'code',
        `${repeated(g.code)}网格代码 ${g.code} ${firstRow.has(g.code) ? '' : '已被使用'}`.trim(),
      );
    } else {
      let code = g.code;
      if (!code) {
        const next = (nextSuffix.get(g.parentCode) ?? 0) + 1;
        nextSuffix.set(g.parentCode, next);
        code = `${g.parentCode}${String(next).padStart(3, '0')}`;
      }
      if (code.length !== 15) {
        reject('code', '该社区网格数已达上限999个');
        continue;
      }
      takenNames.add(nameKey);
      takenCodes.add(code);
      firstRow.set(nameKey, row);
      firstRow.set(code, row);
      rows.push({
        code,
        name: g.name,
        officialName: g.name,
        level: 'grid',
        parentCode: g.parentCode,
        population: g.population,
        populationAged60Plus: g.populationAged60Plus,
        sortOrder: Number(code.slice(12)),
      });
    }
  }
  if (outOfScope.length) {
    const rowsText = inputs.length > 1 ? `第${outOfScope.map((e) => e.row).join('、')}行的` : '';
    throw new AppError(
      'FORBIDDEN',
      `不能在管辖范围以外建网格：${rowsText}社区/村不在您的管辖范围内`,
      outOfScope,
    );
  }
  if (errors.length) {
    const first = errors[0]!;
    const where = inputs.length > 1 ? `第${first.row}行 ` : '';
    throw new AppError(
      'VALIDATION',
      `${where}${first.message}${errors.length > 1 ? `（共${errors.length}处错误）` : ''}`,
      errors,
    );
  }
  if (checkOnly) return [];
  for (let i = 0; i < rows.length; i += 500) await tx.insert(regions).values(rows.slice(i, i + 500));
  for (const r of rows) {
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'region',
      entityId: r.code,
      regionCode: r.code,
      summary: `新建网格 ${r.name}`,
      after: r as Record<string, unknown>,
    });
  }
  return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode! }));
}

export async function updateRegion(
  db: Db,
  actor: Actor,
  rawCode: string,
  patch: RegionUpdate,
): Promise<Region> {
  requirePermission(actor, 'regions:write');
  const code = normaliseRegionCode(rawCode);
  assertReadable(actor, code, '区域');
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(regions).where(eq(regions.code, code)).for('update');
    if (!before) throw new AppError('NOT_FOUND', `区域 ${rawCode} 不存在或不在您的管辖范围内`);
    if (patch.name !== undefined && before.level !== 'grid') {
      throw new AppError('VALIDATION', '官方区划名称不能修改，只有网格可以改名', [
        { field: 'name', message: '只有网格可以改名' },
      ]);
    }
    const changesPeople = patch.population !== undefined || patch.populationAged60Plus !== undefined;
    // Above the community the figures are the sums of the level below, so they change only from there.
    if (changesPeople && before.level !== 'community' && before.level !== 'grid') {
      const message = '市、区县、街道（乡镇）的人口由下级汇总，请在社区（村）一级修改';
      throw new AppError('VALIDATION', message, [{ field: 'population', message }]);
    }
    const population = patch.population ?? before.population;
    const aged = patch.populationAged60Plus ?? before.populationAged60Plus;
    if (aged > population) {
      throw new AppError('VALIDATION', '60岁以上人口不能多于常住人口', [
        { field: 'populationAged60Plus', message: '60岁以上人口不能多于常住人口' },
      ]);
    }
    const [after] = await tx
      .update(regions)
      .set({ ...patch, ...(patch.name ? { officialName: patch.name } : {}), updatedAt: new Date() })
      .where(eq(regions.code, code))
      .returning();
    // A community's change is carried up to its street, district and city in the same transaction. Grids
    // divide a community's people among grid workers and are not added to it.
    const addPeople = population - before.population;
    const addAged = aged - before.populationAged60Plus;
    if (before.level === 'community' && (addPeople !== 0 || addAged !== 0)) {
      await tx
        .update(regions)
        .set({
          population: sql`${regions.population} + ${addPeople}`,
          populationAged60Plus: sql`${regions.populationAged60Plus} + ${addAged}`,
          updatedAt: new Date(),
        })
        .where(inArray(regions.code, ancestorCodes(code)));
    }
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'region',
      entityId: code,
      regionCode: code,
      before,
      after,
    });
  });
  return getRegion(db, actor, code);
}

export async function deleteGrid(db: Db, actor: Actor, rawCode: string): Promise<void> {
  requirePermission(actor, 'regions:write');
  const code = normaliseRegionCode(rawCode);
  assertReadable(actor, code, '区域');
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(regions).where(eq(regions.code, code));
      if (!before) throw new AppError('NOT_FOUND', `区域 ${rawCode} 不存在或不在您的管辖范围内`);
      if (before.level !== 'grid') throw new AppError('FORBIDDEN', '官方区划不能删除，只能删除网格');
      await tx.delete(regions).where(eq(regions.code, code));
      await recordAudit(tx, actor, {
        action: 'delete',
        entity: 'region',
        entityId: code,
        regionCode: code,
        before,
      });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('CONFLICT', '该网格仍有账号或单位关联，不能删除');
    throw err;
  }
}

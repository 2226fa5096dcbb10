// Importing grids from a community's Excel/CSV list: every row is checked first, then all are stored or none.
import { type GridCreate, gridCreateSchema } from '../../../shared/contracts/regions.ts';
import type { Db } from '../../db/client.ts';
import { AppError, type ErrorDetail } from '../../errors.ts';
import { readTable } from '../../excel.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import { insertGrids } from './regions.service.ts';

/** Header names users actually type, mapped to fields. */
const headerAliases: Record<keyof GridCreate, string[]> = {
  parentCode: ['所属社区代码', '社区代码', '社区/村代码', '所属社区/村代码', 'parentCode'],
  name: ['网格名称', '网格', 'name'],
  code: ['网格代码', '网格编码', 'code'],
  population: ['常住人口', '人口', 'population'],
  populationAged60Plus: ['60岁以上人口', '60岁及以上人口', '老年人口', 'populationAged60Plus'],
};

export const gridImportHeaders = ['所属社区代码', '网格名称', '网格代码', '常住人口', '60岁以上人口'];

export async function importGridsFromFile(
  db: Db,
  actor: Actor,
  file: Buffer,
  contentType: string | undefined,
) {
  requirePermission(actor, 'regions:write');
  const table = await readTable(file, contentType);
  if (table.length === 0) throw new AppError('VALIDATION', '文件中没有数据行');
  if (table.length > 20_000)
    throw new AppError('VALIDATION', `一次最多导入20000个网格，文件有${table.length}行`);
  const first = table[0]!.values;
  const columnFor = (field: keyof GridCreate) => headerAliases[field].find((h) => h in first);
  const columnLabel = (field: string) =>
    field in headerAliases
      ? (columnFor(field as keyof GridCreate) ?? headerAliases[field as keyof GridCreate][0]!)
      : field;
  for (const required of ['parentCode', 'name'] as const) {
    if (!columnFor(required)) {
      throw new AppError(
        'VALIDATION',
        `缺少“${headerAliases[required][0]}”列；表头应为：${gridImportHeaders.join('、')}`,
      );
    }
  }
  const errors: ErrorDetail[] = [];
  const grids: GridCreate[] = [];
  const rowNumbers: number[] = [];
  for (const { row, values } of table) {
    const raw: Record<string, string | undefined> = {};
    for (const field of Object.keys(headerAliases) as (keyof GridCreate)[]) {
      const column = columnFor(field);
      const value = column ? values[column] : undefined;
      if (value !== undefined && value !== '') raw[field] = value;
    }
    const parsed = gridCreateSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row, field: columnLabel(String(issue.path[0] ?? '')), message: issue.message });
      continue;
    }
    grids.push(parsed.data);
    rowNumbers.push(row);
  }
  if (errors.length) {
    const e = errors[0]!;
    throw new AppError(
      'VALIDATION',
      `第${e.row}行“${e.field}”：${e.message}（共${errors.length}处错误，未导入任何数据）`,
      errors,
    );
  }
  try {
    const created = await db.transaction((tx) => insertGrids(tx, actor, grids, rowNumbers));
    return { created: created.length, grids: created };
  } catch (err) {
    // Rows are reported by the column names the user's file has, not by our field names.
    if (err instanceof AppError) {
      throw new AppError(
        err.code,
        err.message,
        err.details.map((d) => ({ ...d, field: d.field ? columnLabel(d.field) : d.field })),
      );
    }
    throw err;
  }
}

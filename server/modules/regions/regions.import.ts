// Importing grids from a community's Excel/CSV list: every row is checked first, then all are stored or none.

import ExcelJS from 'exceljs';
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

/**
 * The sheet to fill in: the import's columns with the code columns kept as text (typed into a number column,
 * 420502001001 becomes 4.20502E+11), the communities of the region to copy codes from, and how to fill it.
 */
export async function gridTemplate(region: { name: string }, communities: { code: string; name: string }[]) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tongchou';
  const grids = workbook.addWorksheet('网格', { views: [{ state: 'frozen', ySplit: 1 }] });
  grids.columns = gridImportHeaders.map((header) => ({ header, width: header.length > 4 ? 18 : 14 }));
  for (const column of [1, 3]) grids.getColumn(column).numFmt = '@';
  grids.getRow(1).font = { bold: true, name: '宋体' };
  const list = workbook.addWorksheet('社区代码');
  list.columns = [
    { header: '社区/村代码', key: 'code', width: 16 },
    { header: '社区/村名称', key: 'name', width: 24 },
  ];
  list.getColumn(1).numFmt = '@';
  list.getRow(1).font = { bold: true, name: '宋体' };
  for (const community of communities) list.addRow(community);
  const help = workbook.addWorksheet('填写说明');
  help.getColumn(1).width = 90;
  for (const line of [
    `${region.name}网格导入模板：每行一个网格，填在“网格”工作表中。`,
    '所属社区代码：必填，12位社区/村代码，可从“社区代码”工作表复制；请保持文本格式。',
    '网格名称：必填，同一社区内不能重名。',
    '网格代码：可不填，系统按社区代码后加三位顺序号编号；填写时为15位，前12位为所属社区代码。',
    '常住人口、60岁以上人口：填整数，60岁以上人口不能多于常住人口。',
    '导入时全部检查：任何一行有错，都不导入，并列出每一处错误所在的行。',
  ])
    help.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

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
  const refuse = (all: ErrorDetail[]) => {
    const sorted = [...all].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const e = sorted[0]!;
    return new AppError(
      'VALIDATION',
      `第${e.row}行“${e.field}”：${e.message}（共${sorted.length}处错误，未导入任何数据）`,
      sorted,
    );
  };
  let created: Awaited<ReturnType<typeof insertGrids>>;
  try {
    // Rows that read well are still checked against the database and each other when others did not, so one
    // round of corrections fixes the whole file.
    created = await db.transaction((tx) => insertGrids(tx, actor, grids, rowNumbers, errors.length > 0));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Rows are reported by the column names the user's file has, not by our field names.
    const details = err.details.map((d) => ({ ...d, field: d.field ? columnLabel(d.field) : d.field }));
    if (err.code === 'VALIDATION') throw refuse([...errors, ...details]);
    throw new AppError(err.code, err.message, details);
  }
  if (errors.length) throw refuse(errors);
  return { created: created.length, grids: created };
}

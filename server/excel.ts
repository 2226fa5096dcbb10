// Excel in and out: every list can be exported, and tabular imports read .xlsx or .csv the same way.
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { AppError } from './errors.ts';
import { assertSafeArchive } from './zip-guard.ts';

export type ExportColumn<T> = {
  header: string;
  key: keyof T & string;
  width?: number;
  format?: (value: unknown) => string | number | null;
};

/** A moment as a Beijing wall-clock time, 2022-05-10 14:30:00: sortable, and what offices write in ledgers. */
export function beijingDateTime(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return null;
  return date.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false });
}

export async function buildWorkbook<T extends Record<string, unknown>>(
  sheetName: string,
  columns: ExportColumn<T>[],
  rows: T[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tongchou';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  for (const row of rows) {
    sheet.addRow(
      Object.fromEntries(columns.map((c) => [c.key, c.format ? c.format(row[c.key]) : (row[c.key] ?? null)])),
    );
  }
  const header = sheet.getRow(1);
  header.font = { bold: true, name: '宋体' };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  // Codes and ID numbers must stay text: Excel would turn 420502001001 into 4.20502E+11. Counts read with
  // thousands separators (4,017,607), as in the UI.
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    row.eachCell((cell) => {
      if (typeof cell.value === 'string' && /^\d{11,}$/.test(cell.value)) cell.numFmt = '@';
      else if (typeof cell.value === 'number')
        cell.numFmt = Number.isInteger(cell.value) ? '#,##0' : '#,##0.0';
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function sendWorkbook<T extends Record<string, unknown>>(
  reply: FastifyReply,
  title: string,
  columns: ExportColumn<T>[],
  rows: T[],
): Promise<FastifyReply> {
  const buffer = await buildWorkbook(title, columns, rows);
  const date = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const filename = `${title}-${date}.xlsx`;
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header(
      'content-disposition',
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    )
    .send(buffer);
}

/** Reads the first sheet of an .xlsx, or a UTF-8 CSV, into rows of header → text, with their row numbers in the file. */
export async function readTable(
  file: Buffer,
  contentType: string | undefined,
): Promise<{ row: number; values: Record<string, string> }[]> {
  if (!file?.length) throw new AppError('VALIDATION', '文件为空');
  const isZip = file[0] === 0x50 && file[1] === 0x4b;
  if (isZip || contentType?.includes('spreadsheetml')) {
    const unreadable = () =>
      new AppError('VALIDATION', '无法读取 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）');
    // exceljs inflates every part whole: the archive is measured while it inflates first, so a zip bomb never is.
    await assertSafeArchive(file, { what: 'Excel 文件', damaged: unreadable });
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
    } catch {
      throw unreadable();
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new AppError('VALIDATION', 'Excel 文件中没有工作表');
    const headers: string[] = [];
    sheet.getRow(1).eachCell((cell, col) => {
      headers[col] = cell.text.trim();
    });
    const out: { row: number; values: Record<string, string> }[] = [];
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber === 1) return;
      const values: Record<string, string> = {};
      row.eachCell((cell, col) => {
        const key = headers[col];
        if (key) values[key] = cell.text.trim();
      });
      if (Object.values(values).some((v) => v !== '')) out.push({ row: rowNumber, values });
    });
    return out;
  }
  const text = file.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD'))
    throw new AppError('VALIDATION', 'CSV 文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”');
  const lines = parseCsv(text);
  const [headerLine, ...body] = lines;
  if (!headerLine) throw new AppError('VALIDATION', '文件为空');
  const headers = headerLine.map((h) => h.trim());
  return body
    .map((cells, i) => ({
      row: i + 2,
      values: Object.fromEntries(headers.map((h, j) => [h, (cells[j] ?? '').trim()])),
    }))
    .filter((r) => Object.values(r.values).some((v) => v !== ''));
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

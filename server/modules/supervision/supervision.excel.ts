// The evaluation ranking as an Excel sheet (考评排名) for the office's meeting papers: a title with the period,
// the table as the page shows it, and how the score was made, written through exceljs's streaming writer.
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { EvaluationWeights, Ranking, RankingItem } from '../../../shared/contracts/supervision.ts';
import { beijingDateTime } from '../../excel.ts';
import { chineseDate } from './supervision-notice.docx.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SHEET_NAME = '考评排名';
const NOT_RATED = '—';

type Column = {
  header: string;
  width: number;
  value: (item: RankingItem) => string | number | null;
  numFmt?: string;
};

// Counts read with thousands separators as elsewhere in exports; the rate is a true fraction shown as a percent,
// so a reader's own formulas over the column work.
const columns: Column[] = [
  { header: '排名', width: 7, value: (i) => i.rank, numFmt: '0' },
  { header: '单位', width: 30, value: (i) => i.unit.name },
  { header: '任务数', width: 9, value: (i) => i.tasks, numFmt: '#,##0' },
  { header: '按时办结', width: 10, value: (i) => i.onTime, numFmt: '#,##0' },
  { header: '按时率(%)', width: 11, value: (i) => (i.rated ? i.onTimeRate : NOT_RATED), numFmt: '0.0%' },
  { header: '逾期', width: 8, value: (i) => i.overdue, numFmt: '#,##0' },
  { header: '退回', width: 8, value: (i) => i.returned, numFmt: '#,##0' },
  { header: '拒收', width: 8, value: (i) => i.declined, numFmt: '#,##0' },
  { header: '平均逾期天数', width: 13, value: (i) => i.avgDaysLate, numFmt: '#,##0.0' },
  { header: '得分', width: 9, value: (i) => (i.rated ? i.score : NOT_RATED), numFmt: '0.0' },
  {
    header: '红黑榜',
    width: 9,
    value: (i) => (i.list === 'red' ? '红榜' : i.list === 'black' ? '黑榜' : null),
  },
];

const lastColumn = String.fromCharCode('A'.charCodeAt(0) + columns.length - 1);
const font = { name: '宋体', size: 11 };

/** How the score was made, with the weights of this ranking, in the office's words. */
export function describeScoreFormula(w: EvaluationWeights): string {
  return (
    `得分 = 100 × 按时率 × ${w.onTimeRate} − 逾期数 × ${w.overdue} − 退回数 × ${w.returned} − 拒收数 × ${w.declined}` +
    ` − 平均逾期天数 × ${w.daysLate}，最低为 0 分；得分相同者名次并列。`
  );
}

/** 督办考评排名（2022年11月1日—2022年11月30日） */
export function rankingTitle(ranking: Pick<Ranking, 'from' | 'to'>): string {
  return `督办考评排名（${chineseDate(ranking.from)}—${chineseDate(ranking.to)}）`;
}

/** 考评排名-2022-11-01至2022-11-30.xlsx: for the download's file name. */
export function rankingFileName(ranking: Pick<Ranking, 'from' | 'to'>): string {
  return `${SHEET_NAME}-${ranking.from}至${ranking.to}.xlsx`;
}

/**
 * Writes the ranking as .xlsx into `stream` (a reply, a file) row by row and resolves when the workbook is
 * complete; the stream is ended by the writer. Title on row 1, headers on row 2, both kept in view while
 * scrolling; the notes under the table explain the score and the units without tasks.
 */
export async function writeRankingWorkbook(
  ranking: Ranking,
  stream: Writable,
  generatedAt: Date = new Date(),
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Tongchou';
  workbook.created = generatedAt;
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c, i) => ({ key: String(i), width: c.width }));

  const title = sheet.addRow([rankingTitle(ranking)]);
  title.height = 28;
  title.getCell(1).font = { ...font, size: 16, bold: true };
  title.getCell(1).alignment = { vertical: 'middle', horizontal: 'center' };
  sheet.mergeCells(`A1:${lastColumn}1`);
  title.commit();

  const header = sheet.addRow(columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = { ...font, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.commit();

  for (const item of ranking.items) {
    const row = sheet.addRow(columns.map((c) => c.value(item)));
    columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      cell.font = font;
      if (typeof cell.value === 'number' && column.numFmt) cell.numFmt = column.numFmt;
      else if (cell.value === NOT_RATED) cell.alignment = { horizontal: 'center' };
    });
    const list = row.getCell(columns.length);
    if (item.list === 'red') list.font = { ...font, bold: true, color: { argb: 'FFC00000' } };
    else if (item.list === 'black') list.font = { ...font, bold: true };
    row.commit();
  }

  sheet.addRow([]).commit();
  const notes = [
    `计分方法：${describeScoreFormula(ranking.weights)}`,
    ...(ranking.items.some((i) => !i.rated) ? [`“${NOT_RATED}”：该期间无任务，不参与排名和红黑榜。`] : []),
    `导出时间：${beijingDateTime(generatedAt)}（北京时间）`,
  ];
  for (const note of notes) {
    const row = sheet.addRow([note]);
    row.getCell(1).font = { ...font, size: 10, color: { argb: 'FF595959' } };
    sheet.mergeCells(`A${row.number}:${lastColumn}${row.number}`);
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** The same workbook in memory: a ranking has one row per unit, a few hundred at most. */
export async function rankingWorkbookBuffer(
  ranking: Ranking,
  generatedAt: Date = new Date(),
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeRankingWorkbook(ranking, sink, generatedAt);
  await ended;
  return Buffer.concat(chunks);
}

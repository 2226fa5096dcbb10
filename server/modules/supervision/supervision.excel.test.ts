// The ranking's Excel export as the office opens it: title with the period, Chinese headers kept in view, rates as
// percents, counts with separators, 红黑榜 marked, units without tasks shown as not rated, and the scoring rule.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSupervisionSettings, type Ranking } from '../../../shared/contracts/supervision.ts';
import { assertSafeArchive } from '../../zip-guard.ts';
import { rankingFileName, rankingWorkbookBuffer, writeRankingWorkbook } from './supervision.excel.ts';
import { rankUnits, type UnitTally } from './supervision.score.ts';

const tally = (id: number, name: string, figures: Partial<UnitTally>): UnitTally => ({
  unit: { id, name },
  unitKind: 'department',
  tasks: 0,
  onTime: 0,
  overdue: 0,
  returned: 0,
  declined: 0,
  daysLateTotal: 0,
  lateCount: 0,
  ...figures,
});

const ranking: Ranking = {
  from: '2022-11-01',
  to: '2022-11-30',
  weights: { ...defaultSupervisionSettings.weights, overdue: 0.5 },
  items: rankUnits(
    [
      tally(1, '宜昌市卫生健康委员会', { tasks: 1200, onTime: 1200 }),
      tally(2, '宜昌市住房和城乡建设局', { tasks: 8, onTime: 7, overdue: 1, daysLateTotal: 5, lateCount: 2 }),
      tally(3, '点军区', {}),
    ],
    { ...defaultSupervisionSettings, weights: { ...defaultSupervisionSettings.weights, overdue: 0.5 } },
  ),
};

async function readBack(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('考评排名');
  if (!sheet) throw new Error('no sheet 考评排名');
  return sheet;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe('ranking workbook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ranking-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const generatedAt = new Date('2022-11-30T16:30:00Z'); // 1 December 00:30 in Beijing

  it('opens as the table on the page, under a title naming the period', async () => {
    const buffer = await rankingWorkbookBuffer(ranking, generatedAt);
    await expect(
      assertSafeArchive(buffer, { what: 'Excel 文件', damaged: () => new Error('damaged') }),
    ).resolves.toBeUndefined();
    const sheet = await readBack(buffer);
    expect(sheet.getCell('A1').value).toBe('督办考评排名（2022年11月1日—2022年11月30日）');
    expect(sheet.getCell('K1').isMerged).toBe(true);
    expect(rowValues(sheet, 2)).toEqual([
      '排名',
      '单位',
      '任务数',
      '按时办结',
      '按时率(%)',
      '逾期',
      '退回',
      '拒收',
      '平均逾期天数',
      '得分',
      '红黑榜',
    ]);
    // 住建局: 100 × 7/8 − 1 × 0.5 − 5/2 × 1 = 87.5 − 0.5 − 2.5 = 84.5, and it has an overdue task: 黑榜.
    expect(rowValues(sheet, 3)).toEqual([1, '宜昌市卫生健康委员会', 1200, 1200, 1, 0, 0, 0, 0, 100, '红榜']);
    expect(rowValues(sheet, 4)).toEqual([
      2,
      '宜昌市住房和城乡建设局',
      8,
      7,
      0.875,
      1,
      0,
      0,
      2.5,
      84.5,
      '黑榜',
    ]);
    expect(rowValues(sheet, 5)).toEqual([3, '点军区', 0, 0, '—', 0, 0, 0, 0, '—']);
    expect(sheet.getCell('K5').value).toBeNull();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });

  it('formats rates as percents, counts with thousands separators, averages and scores with one decimal', async () => {
    const sheet = await readBack(await rankingWorkbookBuffer(ranking, generatedAt));
    const formats = (sheet.getRow(4).values as unknown[]).map((_, i) =>
      i ? sheet.getRow(4).getCell(i).numFmt : null,
    );
    expect(formats.slice(1)).toEqual([
      '0',
      undefined,
      '#,##0',
      '#,##0',
      '0.0%',
      '#,##0',
      '#,##0',
      '#,##0',
      '#,##0.0',
      '0.0',
      undefined,
    ]);
    expect(sheet.getCell('K3').font?.color?.argb).toBe('FFC00000');
    expect(sheet.getRow(2).getCell(1).font?.bold).toBe(true);
  });

  it('explains the score with this ranking’s weights, the units not rated, and when it was exported', async () => {
    const sheet = await readBack(await rankingWorkbookBuffer(ranking, generatedAt));
    const notes = [7, 8, 9].map((n) => sheet.getCell(`A${n}`).value);
    expect(notes).toEqual([
      '计分方法：得分 = 100 × 按时率 × 1 − 逾期数 × 0.5 − 退回数 × 2 − 拒收数 × 3 − 平均逾期天数 × 1，最低为 0 分；得分相同者名次并列。',
      '“—”：该期间无任务，不参与排名和红黑榜。',
      '导出时间：2022-12-01 00:30:00（北京时间）',
    ]);
  });

  it('streams into a file the same workbook, and writes an empty ranking as headers only', async () => {
    const path = join(dir, rankingFileName(ranking));
    expect(path.endsWith('考评排名-2022-11-01至2022-11-30.xlsx')).toBe(true);
    const file = createWriteStream(path);
    await writeRankingWorkbook(ranking, file, generatedAt);
    await finished(file);
    const chunks: Buffer[] = [];
    for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
    const sheet = await readBack(Buffer.concat(chunks));
    expect(sheet.getCell('B3').value).toBe('宜昌市卫生健康委员会');

    const empty = await readBack(await rankingWorkbookBuffer({ ...ranking, items: [] }, generatedAt));
    expect(empty.getCell('A2').value).toBe('排名');
    expect(empty.getCell('A3').value).toBeNull();
    expect(String(empty.getCell('A4').value)).toMatch(/^计分方法：/);
  });
});

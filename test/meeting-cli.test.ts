// `tongchou meeting parse|import` as the HQ office uses it on the server: read a report, then store it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/processes.ts';
import { seedDataDir } from './support/test-database.ts';

// A report the project wrote, noisy like a scraped page, with no year of its own (test/fixtures/meetings/reports).
const report = path.join(repoRoot, 'test/fixtures/meetings/reports/t01-dangyang-phone.txt');
// Each test has a data dir of its own, so none sees what another stored.
const dataDirs: string[] = [];
function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-meeting-cli-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.env.DATABASE_URL)('tongchou meeting', () => {
  it('parses a report to JSON without touching the database', async () => {
    const dataDir = freshDataDir();
    const res = await runCli(['meeting', 'parse', report, '--json', '--published-at', '2022-05-17'], dataDir);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out)).toEqual(['text', 'meeting', 'directives', 'unreadable', 'warnings']);
    expect(Object.keys(out.meeting)).toEqual(['date', 'title', 'chair', 'speakers', 'attendees']);
    expect(out.meeting.date).toBe('2022-05-16');
    expect(out.meeting.title).toBe('当阳市疫情防控指挥部电视电话会议');
    expect(out.meeting.speakers).toContain('王立新');
    expect(out.meeting.attendees).toContain('周敏');
    expect(out.text).toContain('当阳市疫情防控指挥部电视电话会议召开');
    expect(out.directives.length).toBeGreaterThan(10);
    expect(Object.keys(out.directives[0])).toEqual([
      'text',
      'category',
      'units',
      'regions',
      'numbers',
      'deadline',
    ]);
    expect(out.unreadable[0]).toEqual({
      start: out.text.indexOf('?饝羯祥T'),
      end: out.text.indexOf('?饝羯祥T') + 5,
      raw: '?饝羯祥T',
      suggestion: '逐户上门',
    });
    expect(fs.readdirSync(dataDir)).toEqual([]);

    const noYear = JSON.parse((await runCli(['meeting', 'parse', report, '--json'], dataDir)).stdout);
    expect(noYear.meeting.date).toBe('--05-16');
    const summary = await runCli(['meeting', 'parse', report], dataDir);
    expect(summary.stdout).toContain('会议：当阳市疫情防控指挥部电视电话会议');
    expect(summary.stdout).toMatch(/部署要求（\d+ 条）/);
  }, 60_000);

  it('refuses an empty, a binary or a missing file with a clear message', async () => {
    const dataDir = freshDataDir();
    const empty = path.join(dataDir, 'empty.txt');
    fs.writeFileSync(empty, '\n  \n');
    const refusedEmpty = await runCli(['meeting', 'parse', empty, '--json'], dataDir);
    expect(refusedEmpty.code).toBe(1);
    expect(refusedEmpty.stderr).toContain('会议报道为空');
    expect(refusedEmpty.stdout).toBe('');
    const binary = path.join(dataDir, 'photo.png');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const refusedBinary = await runCli(['meeting', 'parse', binary], dataDir);
    expect(refusedBinary.code).toBe(1);
    expect(refusedBinary.stderr).toContain('不是文本');
    const missing = await runCli(['meeting', 'parse', path.join(dataDir, 'nope.txt')], dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到文件');
    const badDate = await runCli(['meeting', 'import', report, '--published-at', '5月10日'], dataDir);
    expect(badDate.code).toBe(2);
    fs.rmSync(empty);
    fs.rmSync(binary);
  }, 60_000);

  it('imports a report as a draft meeting and prints its id and directive count', async () => {
    const dataDir = freshDataDir();
    // The demo city unpacked from the run's template rather than loaded again by `tongchou seed`.
    await seedDataDir(dataDir);
    const res = await runCli(['meeting', 'import', report, '--published-at', '2022-05-17'], dataDir);
    expect(res.code, res.stderr).toBe(0);
    // The demo city has meetings of its own already: the new one's id is whatever comes next.
    const id = /已导入会议 (\d+)：当阳市疫情防控指挥部电视电话会议（2022-05-16），\d+ 条待审核要求/.exec(
      res.stdout,
    )?.[1];
    expect(id, res.stdout).toBeDefined();
    expect(res.stdout).toMatch(new RegExp(`meeting id ${id}, \\d+ directives`));
  }, 120_000);
});

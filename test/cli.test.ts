// The `tongchou` command as an administrator uses it: load regions, create the first real account, import grids,
// list the overdue tasks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/client.ts';
import { lockDataDir } from '../server/db/data-dir-lock.ts';
import { runCli } from './support/processes.ts';
import { seedDataDir } from './support/test-database.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-cli-'));
const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-cli-demo-'));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(demoDir, { recursive: true, force: true });
});

describe.skipIf(process.env.DATABASE_URL)('tongchou CLI', () => {
  it('sets up a real deployment: regions, an account, grids; refuses bad input with a clear message', async () => {
    const seeded = await runCli(['seed', 'regions'], dataDir);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain('已载入宜昌市区划和指挥部单位');
    expect((await runCli(['seed', 'demo'], dataDir)).code).toBe(1);

    const created = await runCli(
      [
        'user',
        'create',
        '--username',
        'zhouwei',
        '--name',
        '周伟',
        '--role',
        'hq_admin',
        '--unit',
        '宜昌市疫情防控指挥部办公室',
        '--scope',
        '4205',
      ],
      dataDir,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(
      '已创建账号 zhouwei（周伟，hq_admin，宜昌市疫情防控指挥部办公室，宜昌市）',
    );
    expect(created.stdout).toMatch(/初始密码 Initial password: \S{12,}/);

    const badId = await runCli(
      [
        'user',
        'create',
        '--username',
        'lina',
        '--name',
        '李娜',
        '--role',
        'unit_liaison',
        '--unit',
        '西陵区人民政府',
        '--scope',
        '420502',
        '--id-number',
        '420502199001011234',
      ],
      dataDir,
    );
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('--idNumber: 身份证号校验码不正确');

    // The service's rules hold here too: a 西陵区 unit's grid worker gets a grid of 西陵区, not the district.
    const wideScope = await runCli(
      [
        'user',
        'create',
        '--username',
        'wangfang',
        '--name',
        '王芳',
        '--role',
        'grid_worker',
        '--unit',
        '西陵区人民政府',
        '--scope',
        '420502',
      ],
      dataDir,
    );
    expect(wideScope.code).toBe(1);
    expect(wideScope.stderr).toContain('网格员的管辖区域必须是一个网格，不能是西陵区');
    expect(wideScope.stderr).toContain('scopeRegionCode');

    const csv = path.join(dataDir, 'grids.csv');
    fs.writeFileSync(
      csv,
      '所属社区代码,网格名称,常住人口,60岁以上人口\n420502001001,一网格,500,120\n420502001001,二网格,300,400\n',
    );
    const refused = await runCli(['grids', 'import', csv], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('第3行');
    fs.writeFileSync(
      csv,
      '所属社区代码,网格名称,常住人口,60岁以上人口\n420502001001,一网格,500,120\n420502001001,二网格,300,40\n',
    );
    const imported = await runCli(['grids', 'import', csv], dataDir);
    expect(imported.stdout).toContain('已导入 2 个网格');

    const unknown = await runCli(['frobnicate'], dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage');
  }, 180_000);

  it('lists the overdue demo tasks as JSON or a table, for the city or one region', async () => {
    await seedDataDir(demoDir);
    const json = await runCli(['tasks', 'overdue', '--json'], demoDir);
    expect(json.code, json.stderr).toBe(0);
    const overdue = JSON.parse(json.stdout) as {
      id: number;
      regionCode: string;
      daysOverdue: number;
      listed: boolean;
      reminders: number;
      leadUnit: { name: string };
    }[];
    expect(Object.keys(overdue[0]!)).toEqual([
      'id',
      'title',
      'status',
      'regionCode',
      'regionName',
      'leadUnit',
      'deadlineAt',
      'daysOverdue',
      'listed',
      'reminders',
    ]);
    const days = overdue.map((o) => o.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(overdue.some((o) => o.listed && o.reminders >= 2)).toBe(true);

    const xiling = JSON.parse(
      (await runCli(['tasks', 'overdue', '--json', '--region', '420502'], demoDir)).stdout,
    );
    expect(xiling.length).toBeGreaterThanOrEqual(2);
    expect(xiling.every((o: { regionCode: string }) => o.regionCode.startsWith('420502'))).toBe(true);
    const table = await runCli(['tasks', 'overdue', '--region', '420502'], demoDir);
    expect(table.stdout).toContain(`西陵区逾期任务 ${xiling.length} 项`);
    expect(table.stdout).toContain('西陵区人民政府');
    // A street with no tasks: an empty answer, not an error.
    const none = await runCli(['tasks', 'overdue', '--json', '--region', '420502001'], demoDir);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect((await runCli(['tasks', 'overdue', '--region', '420502001'], demoDir)).stdout).toContain(
      '西陵街道没有逾期任务',
    );
    expect((await runCli(['tasks', 'overdue', '--region', 'xiling'], demoDir)).code).toBe(2);
    const nowhere = await runCli(['tasks', 'overdue', '--region', '429900'], demoDir);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain('区域 429900000000 不存在');

    // The same tasks a count straight from the tables gives: open, not waiting for the office, past the deadline.
    const database = await openDatabase({ dataDir: demoDir });
    try {
      const { rows } = (await database.db.execute(
        sql`select id from tasks where status in ('assigned','signed','in_progress','returned','declined') and deadline_at < now() order by id`,
      )) as unknown as { rows: { id: number }[] };
      expect(overdue.map((o) => o.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
    } finally {
      await database.close();
    }

    // A read needs the data dir to itself as well (PGlite has one process at a time): refused, stdout empty.
    const lock = lockDataDir(demoDir, 'Tongchou server (npm start), port 3000');
    try {
      const held = await runCli(['tasks', 'overdue', '--json'], demoDir);
      expect(held.code).toBe(1);
      expect(held.stdout).toBe('');
      expect(held.stderr).toContain('Tongchou server (npm start), port 3000');
      expect(held.stderr).toContain('GET /api/tasks?light=red');
    } finally {
      lock.release();
    }
  }, 180_000);
});

// The `tongchou` command as an administrator uses it: load regions, create the first real account, import grids.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/processes.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

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
});

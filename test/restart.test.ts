// `npm start` on an empty data directory loads the demo city once; a restart keeps everything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './support/processes.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-restart-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function loginCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Tongchou@2022' }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe.skipIf(process.env.DATABASE_URL)('restart', () => {
  it('keeps data in the PGlite data directory across restarts', async () => {
    const first = await startServer(dataDir);
    let code: string;
    try {
      expect(first.output()).toContain('演示账号 Demo logins');
      expect(first.output()).toMatch(/admin\s+hq_admin/);
      const cookie = await loginCookie(first.url);
      const res = await fetch(`${first.url}/api/regions/grids`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ parentCode: '420502001001', name: '重启测试网格', population: 321 }),
      });
      expect(res.status).toBe(201);
      code = ((await res.json()) as { code: string }).code;
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);

    const second = await startServer(dataDir);
    try {
      expect(second.output()).not.toContain('演示账号');
      const cookie = await loginCookie(second.url);
      const grid = await fetch(`${second.url}/api/regions/${code}`, { headers: { cookie } });
      expect(await grid.json()).toMatchObject({ name: '重启测试网格', population: 321 });
      const health = await fetch(`${second.url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
    } finally {
      await second.stop();
    }
  }, 180_000);
});

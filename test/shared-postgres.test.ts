// With DATABASE_URL several servers share one PostgreSQL (that is how Tongchou scales past one process): what
// one writes, the other reads, and writes through both at once do not collide.
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loginTo, type RunningServer, startServer } from './support/processes.ts';
import { createThrowawayDatabase } from './support/test-app.ts';

const serverUrl = process.env.DATABASE_URL;
/** With DATABASE_URL the servers never open PGlite, so this directory is never created. */
const noDataDir = path.join(os.tmpdir(), 'tongchou-shared-postgres-unused');
if (!serverUrl)
  console.log('shared-postgres.test.ts skipped: DATABASE_URL is not set (needs a PostgreSQL server)');
const throwaway = serverUrl ? await createThrowawayDatabase(serverUrl) : undefined;
afterAll(async () => {
  await throwaway?.drop();
});

describe.skipIf(!serverUrl)('two servers on one PostgreSQL', () => {
  it('each sees what the other wrote, and concurrent writes through both succeed', async () => {
    const url = throwaway!.url;
    // One at a time: the first migrates and loads the demo city, the second finds it there.
    const a: RunningServer = await startServer(noDataDir, { databaseUrl: url });
    let b: RunningServer | undefined;
    try {
      b = await startServer(noDataDir, { databaseUrl: url });
      expect(b.output()).not.toContain('演示账号');
      const [cookieA, cookieB] = [await loginTo(a.url), await loginTo(b.url)];
      const post = (server: RunningServer, cookie: string, route: string, body: unknown) =>
        fetch(`${server.url}/api/${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(body),
        });

      const created = await post(a, cookieA, 'units', {
        name: '两服务器测试单位',
        kind: 'enterprise',
        regionCode: '420502001001',
      });
      expect(created.status).toBe(201);
      const unit = (await created.json()) as { id: number };
      const seen = await fetch(`${b.url}/api/units/${unit.id}`, { headers: { cookie: cookieB } });
      expect(seen.status).toBe(200);
      expect(await seen.json()).toMatchObject({ name: '两服务器测试单位' });

      const renamed = await fetch(`${b.url}/api/units/${unit.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie: cookieB },
        body: JSON.stringify({ name: '两服务器测试单位（改）' }),
      });
      expect(renamed.status).toBe(200);
      const back = await fetch(`${a.url}/api/units/${unit.id}`, { headers: { cookie: cookieA } });
      expect(await back.json()).toMatchObject({ name: '两服务器测试单位（改）' });

      // Grids in one community through both servers at once: each gets its own code, the community counts
      // all of them.
      const community = '420502001001';
      const before = (await (
        await fetch(`${a.url}/api/regions/${community}`, { headers: { cookie: cookieA } })
      ).json()) as { childCount: number };
      const grids = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          post(i % 2 ? b! : a, i % 2 ? cookieB : cookieA, 'regions/grids', {
            parentCode: community,
            name: `两服务器网格${i}`,
            population: 10,
          }),
        ),
      );
      expect(grids.map((g) => g.status)).toEqual(Array(8).fill(201));
      const codes = await Promise.all(grids.map(async (g) => ((await g.json()) as { code: string }).code));
      expect(new Set(codes).size).toBe(8);
      const after = (await (
        await fetch(`${b.url}/api/regions/${community}`, { headers: { cookie: cookieB } })
      ).json()) as { childCount: number };
      expect(after.childCount).toBe(before.childCount + 8);
    } finally {
      await b?.stop();
      await a.stop();
    }
  }, 180_000);
});

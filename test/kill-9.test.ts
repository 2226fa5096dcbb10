// kill -9 in the middle of a burst of writes loses nothing the server acknowledged, and the server starts again
// (on PGlite, taking over the lock the dead process left). Runs on PGlite, and on PostgreSQL when DATABASE_URL
// is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../server/db/data-dir-lock.ts';
import { loginTo, type RunningServer, startServer } from './support/processes.ts';
import { createThrowawayDatabase } from './support/test-app.ts';
import { seedDataDir } from './support/test-database.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-kill9-'));
const serverUrl = process.env.DATABASE_URL;
const throwaway = serverUrl ? await createThrowawayDatabase(serverUrl) : undefined;
// On PGlite the data dir starts as the run's seeded template, so the first start does not load the demo city.
if (!serverUrl) await seedDataDir(dataDir);
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await throwaway?.drop();
});
const start = () => startServer(dataDir, { databaseUrl: throwaway?.url });

type Write = { kind: 'unit' | 'grid'; name: string; key: string };

/** One write: a unit (one row and its audit entry) or a grid (a row plus population carried up four levels). */
async function writeOne(url: string, cookie: string, kind: Write['kind'], name: string): Promise<Write> {
  const body =
    kind === 'unit'
      ? { name, kind: 'enterprise', regionCode: '420502001001' }
      : { parentCode: '420502001001', name, population: 7 };
  const res = await fetch(`${url}/api/${kind === 'unit' ? 'units' : 'regions/grids'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${kind} ${name}: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { id?: number; code?: string };
  return { kind, name, key: String(kind === 'unit' ? created.id : created.code) };
}

describe(`kill -9 (${serverUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('keeps every acknowledged write and starts again', async () => {
    const server: RunningServer = await start();
    const cookie = await loginTo(server.url);
    const acknowledged: Write[] = [];
    let inFlight = 0;
    let killed = false;
    let enough: () => void;
    const enoughWritten = new Promise<void>((resolve) => {
      enough = resolve;
    });
    // Four clients write as fast as the server answers; the kill lands while some requests are open.
    const clients = [0, 1, 2, 3].map(async (client) => {
      for (let i = 0; !killed; i++) {
        inFlight++;
        try {
          const kind = client % 2 === 0 ? 'unit' : 'grid';
          acknowledged.push(await writeOne(server.url, cookie, kind, `断电测试${client}-${i}`));
        } catch (err) {
          // A request the kill cut off has no answer: it may or may not be stored, nothing was promised.
          if (!killed) throw err;
          return;
        } finally {
          inFlight--;
        }
        if (acknowledged.length >= 60) enough();
      }
    });
    await Promise.race([enoughWritten, Promise.all(clients)]);
    const inFlightAtKill = inFlight;
    killed = true;
    await server.kill();
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(inFlightAtKill).toBeGreaterThan(0);
    if (!serverUrl)
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')).pid).toBe(server.pid);

    const restarted = await start();
    try {
      expect(restarted.output()).not.toContain('演示账号');
      const cookie2 = await loginTo(restarted.url);
      const missing: string[] = [];
      for (const write of acknowledged) {
        const res = await fetch(
          `${restarted.url}/api/${write.kind === 'unit' ? 'units' : 'regions'}/${write.key}`,
          { headers: { cookie: cookie2 } },
        );
        const found = res.status === 200 ? ((await res.json()) as { name: string }) : undefined;
        if (found?.name !== write.name) missing.push(`${write.kind} ${write.name} (${res.status})`);
      }
      expect(missing).toEqual([]);
      // The server still takes writes after the recovery.
      expect((await writeOne(restarted.url, cookie2, 'grid', '恢复后网格')).key).toMatch(
        /^420502001001\d{3}$/,
      );
    } finally {
      await restarted.stop();
    }
  }, 240_000);
});

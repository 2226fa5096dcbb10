// The real Tongchou for one browser test file: in-memory database with the 宜昌市 demo data (cloned from the run's
// template), the built UI, a free port.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/client.ts';
import { openSeededTestDatabase } from '../../test/support/test-database.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const webRoot = path.join(repoRoot, 'dist/web');

export type RunningApp = { url: string; database: Database; close: () => Promise<void> };

/** Builds dist/web when the UI sources changed since the last build (a no-op otherwise). */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-web-if-stale.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite bundle React and antd in development mode.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export async function startApp(): Promise<RunningApp> {
  ensureWebBuilt();
  const { database, dispose } = await openSeededTestDatabase();
  const config = readConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  const app = await buildApp({ database, config, webRoot });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    database,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

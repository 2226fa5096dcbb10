// A fresh Tongchou for one test file: its own database (in-memory PGlite, or a throwaway database on the
// PostgreSQL server named by DATABASE_URL) with the 宜昌市 demo data, cloned from the run's template.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { type Database, openDatabase } from '../../server/db/client.ts';
import { DEMO_PASSWORD } from '../../server/db/seed/demo.ts';
import { openSeededTestDatabase } from './test-database.ts';

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  /** Logs in as a demo user and returns the cookie header to send. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
};

/** Creates a database of its own on the server in DATABASE_URL, so test files never share state. */
export async function createThrowawayDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tongchou_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** An empty database (not migrated), for tests of what runs before or without the schema. */
export async function openTestDatabase(): Promise<{ database: Database; dispose: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const throwaway = await createThrowawayDatabase(serverUrl);
    const database = await openDatabase({ databaseUrl: throwaway.url });
    return {
      database,
      dispose: async () => {
        await database.close();
        await throwaway.drop();
      },
    };
  }
  const database = await openDatabase({ inMemory: true });
  return { database, dispose: () => database.close() };
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { database, dispose } = await openSeededTestDatabase();
  const config = readConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...env });
  // Jobs run when a test calls app.jobQueue.runDueJobs(), never behind its back.
  const app = await buildApp({ database, config, jobPollMs: 0 });
  return {
    app,
    database,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return cookieFrom(res);
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no session cookie set');
  return first.split(';')[0]!;
}

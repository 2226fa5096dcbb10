// Every answer carries the security headers: API data, errors, 404s, the web UI's pages and files, the API docs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, openTestDatabase } from '../test/support/test-app.ts';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { DEMO_PASSWORD, seedDemo } from './db/seed/demo.ts';

let app: FastifyInstance;
let webRoot: string;
let dispose: () => Promise<void>;
let admin: string;

beforeAll(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-web-'));
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.writeFileSync(
    path.join(webRoot, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>',
  );
  fs.writeFileSync(path.join(webRoot, 'assets/index-Ab12Cd34.js'), 'console.log(1);\n');
  const opened = await openTestDatabase();
  dispose = opened.dispose;
  await opened.database.migrate();
  await seedDemo(opened.database.db);
  app = await buildApp({ database: opened.database, config: readConfig({ LOG_LEVEL: 'silent' }), webRoot });
  admin = cookieFrom(
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    }),
  );
});

afterAll(async () => {
  await app.close();
  await dispose();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

function directivesOf(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  const answers: [string, { url: string; method?: 'GET' | 'POST'; auth?: boolean; status: number }][] = [
    ['API data', { url: '/api/me', auth: true, status: 200 }],
    ['a 401', { url: '/api/me', status: 401 }],
    ['a validation error', { url: '/api/units/abc', auth: true, status: 400 }],
    ['an unknown API path', { url: '/api/nothing-here', auth: true, status: 404 }],
    ['the health check', { url: '/api/health', status: 200 }],
    ['the web UI page', { url: '/regions/420502000000', status: 200 }],
    ['a web UI file', { url: '/assets/index-Ab12Cd34.js', status: 200 }],
    ['a missing web UI file', { url: '/assets/missing.js', status: 404 }],
    ['the API docs', { url: '/api/docs/', status: 200 }],
    ['the API document', { url: '/api/docs/json', status: 200 }],
  ];
  for (const [what, probe] of answers) {
    it(`are on ${what}`, async () => {
      const res = await app.inject({
        method: probe.method ?? 'GET',
        url: probe.url,
        headers: probe.auth ? { cookie: admin } : {},
      });
      expect(res.statusCode).toBe(probe.status);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const csp = directivesOf(String(res.headers['content-security-policy']));
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      // No inline or evaluated scripts, on any page.
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
    });
  }
});

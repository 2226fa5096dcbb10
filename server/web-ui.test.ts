// The built UI as a browser gets it: compressed by Accept-Encoding, hashed files cached for good, the app shell
// for page addresses only, and a rebuild under the running server served at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/support/test-app.ts';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';

const script = `console.log(${JSON.stringify('统筹'.repeat(800))});\n`;
const shell = (entry: string) =>
  `<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/${entry}"></script></head>` +
  '<body><div id="root"></div></body></html>';

/** A webRoot as `vite build` leaves it: index.html, and a hashed script with its .br and .gz beside it. */
function makeWebRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-web-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), shell('index-Ab12Cd34.js'));
  const asset = path.join(root, 'assets/index-Ab12Cd34.js');
  fs.writeFileSync(asset, script);
  fs.writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script));
  fs.writeFileSync(`${asset}.gz`, zlib.gzipSync(script));
  fs.writeFileSync(path.join(root, '.source-hash'), 'abc');
  return root;
}

let app: FastifyInstance;
let webRoot: string;
let dispose: () => Promise<void>;

beforeAll(async () => {
  webRoot = makeWebRoot();
  const opened = await openTestDatabase();
  dispose = opened.dispose;
  // The app's job queue reads its table on start, as after main.ts's migration.
  await opened.database.migrate();
  app = await buildApp({
    database: opened.database,
    config: readConfig({ LOG_LEVEL: 'silent' }),
    webRoot,
    jobPollMs: 0,
  });
});

afterAll(async () => {
  await app.close();
  await dispose();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('hashed assets', () => {
  it('sends the brotli file to a browser that accepts br, cached for a year', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends the gzip file when only gzip is accepted', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends the plain file when no encoding is accepted, still marked as varying by it', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', 'identity');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.body).toBe(script);
  });

  it('answers 404, not the app shell, for a script or style that does not exist', async () => {
    for (const url of ['/assets/index-Gone0000.js', '/assets/index-Gone0000.css', '/favicon.ico']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('does not serve the build stamp or other dotfiles', async () => {
    expect((await get('/.source-hash')).statusCode).toBe(404);
  });
});

describe('app shell', () => {
  it('is sent for / and for page addresses, never cached without asking', async () => {
    const urls = ['/', '/regions/420502', '/meetings/12?tab=directives', '/index.html'];
    for (const [url, acceptEncoding] of urls.flatMap((u) => [
      [u, 'br, gzip'] as const,
      [u, undefined] as const,
    ])) {
      const res = await get(url, acceptEncoding);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toBe(shell('index-Ab12Cd34.js'));
    }
  });

  it('keeps unknown /api paths JSON', async () => {
    const res = await get('/api/no-such-route');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('serves a rebuild at once: the new index.html and its new script, without a restart', async () => {
    // Seen once before the rewrite, so a cached copy would show.
    expect((await get('/regions/420502')).body).toContain('index-Ab12Cd34.js');
    const newScript = 'console.log("new build");\n';
    fs.writeFileSync(path.join(webRoot, 'assets/index-Ef56Gh78.js'), newScript);
    fs.writeFileSync(path.join(webRoot, 'index.html'), shell('index-Ef56Gh78.js'));

    const page = await get('/regions/420502');
    expect(page.body).toBe(shell('index-Ef56Gh78.js'));
    expect((await get('/')).body).toBe(shell('index-Ef56Gh78.js'));
    const asset = await get('/assets/index-Ef56Gh78.js', 'br, gzip');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe(newScript);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});

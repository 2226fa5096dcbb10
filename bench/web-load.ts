// First load of the login page in headless Chromium under throttled networks: bytes on the wire and time until
// the login form is visible, with the built UI served pre-compressed against the same files sent uncompressed
// (the browser asks for `Accept-Encoding: identity`) in the same run, and their ratio.
// Run: npx tsx bench/web-load.ts [--rounds 3] [--web-root dist/web]   (another build, e.g. an older one, to compare)
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser.ts';
import { ensureWebBuilt, repoRoot } from '../e2e/support/server.ts';
import { buildApp } from '../server/app.ts';
import { readConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, 'web-root': { type: 'string' } },
});
const rounds = Number(args.rounds);
const webRoot = args['web-root'] ? path.resolve(args['web-root']) : path.join(repoRoot, 'dist/web');

/** The review's three cases: this machine, a fair mobile link, a grid worker's phone at the edge of coverage. */
const networks = [
  { name: 'local (no throttling)', mbps: 0, latencyMs: 0 },
  { name: '4 Mbps / 100 ms', mbps: 4, latencyMs: 100 },
  { name: '1.6 Mbps / 300 ms', mbps: 1.6, latencyMs: 300 },
] as const;
type Network = (typeof networks)[number];

type Variant = 'compressed' | 'uncompressed';
type Sample = { ms: number; bytes: number; requests: number; encodings: Set<string> };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function loadLoginPage(
  browser: Browser,
  url: string,
  network: Network,
  variant: Variant,
): Promise<Sample> {
  // A fresh context each time: an empty cache, as on a first visit.
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (variant === 'uncompressed') {
    // Chromium adds its own Accept-Encoding only when the request has none, so this one is what the server sees.
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  }
  if (network.mbps > 0) {
    const bytesPerSecond = (network.mbps * 1_000_000) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: network.latencyMs,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond / 2,
    });
  }
  let bytes = 0;
  let requests = 0;
  const encodings = new Set<string>();
  cdp.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    if (event.response.url.includes('/assets/')) encodings.add(headers['content-encoding'] ?? 'identity');
  });
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    requests += 1;
  });

  const start = performance.now();
  await page.goto(`${url}/login`, { waitUntil: 'commit' });
  await page.getByLabel('用户名').waitFor({ state: 'visible', timeout: 120_000 });
  await page.getByRole('button', { name: /登\s*录/ }).waitFor({ state: 'visible', timeout: 120_000 });
  const ms = performance.now() - start;
  // Everything the page fetched (preloads still in flight when the form showed are counted too).
  await page.waitForLoadState('networkidle');
  await context.close();
  return { ms, bytes, requests, encodings };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  if (!args['web-root']) ensureWebBuilt();
  const database = await openDatabase({ inMemory: true });
  const app = await buildApp({ database, config: readConfig({ LOG_LEVEL: 'silent' }), webRoot });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  console.log(
    `web root: ${path.relative(process.cwd(), webRoot) || '.'}; ${rounds} rounds each, median shown`,
  );
  try {
    // One warm-up load so the first measured one does not pay for starting the browser's processes.
    await loadLoginPage(browser, url, networks[0], 'compressed');
    for (const network of networks) {
      const samples: Record<Variant, Sample[]> = { compressed: [], uncompressed: [] };
      for (let round = 0; round < rounds; round++) {
        // Alternate the order so neither variant always runs on a warmer machine.
        const order: Variant[] = round % 2 ? ['compressed', 'uncompressed'] : ['uncompressed', 'compressed'];
        for (const variant of order)
          samples[variant].push(await loadLoginPage(browser, url, network, variant));
      }
      const summary = (variant: Variant) => ({
        ms: median(samples[variant].map((s) => s.ms)),
        bytes: median(samples[variant].map((s) => s.bytes)),
        requests: median(samples[variant].map((s) => s.requests)),
        encodings: [...new Set(samples[variant].flatMap((s) => [...s.encodings]))].join('+'),
      });
      const base = summary('uncompressed');
      const now = summary('compressed');
      console.log(`\n${network.name}`);
      for (const [label, s] of [
        ['uncompressed (baseline)', base],
        ['pre-compressed', now],
      ] as const) {
        console.log(
          `  ${label.padEnd(24)} ${kb(s.bytes).padStart(10)} in ${String(s.requests).padStart(2)} requests` +
            ` (assets ${s.encodings})   login form visible after ${s.ms.toFixed(0).padStart(5)} ms`,
        );
      }
      console.log(
        `  ratio pre-compressed / baseline: bytes ${(now.bytes / base.bytes).toFixed(2)}x, ` +
          `time ${(now.ms / base.ms).toFixed(2)}x`,
      );
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}

await main();

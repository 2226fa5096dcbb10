// One browser test file's setup: the real Tongchou on a free port and one Chromium, started before the file's
// tests and closed after them; each test opens its own context (zh-CN, Beijing time) on it.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../server/db/client.ts';
import { launchBrowser, newContext } from './browser.ts';
import { type RunningApp, startApp } from './server.ts';

export type Journey = {
  /** The app's address, e.g. http://127.0.0.1:41234 (only once the file's tests run). */
  readonly url: string;
  /** A fresh browser context on the app: desktop size unless a viewport is given. */
  context(options?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
};

/**
 * `prepare` changes the file's own database before its tests run, e.g. to clear demo records a journey's
 * hand-worked figures must not include.
 */
export function startJourney(options: { prepare?: (database: Database) => Promise<void> } = {}): Journey {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp();
    await options.prepare?.(app.database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  const started = () => {
    if (!app || !browser) throw new Error('the journey starts in beforeAll; use it inside tests');
    return { app, browser };
  };
  return {
    get url() {
      return started().app.url;
    },
    context(options = {}) {
      const { app: running, browser: chromium } = started();
      return newContext(chromium, { ...options, baseURL: running.url });
    },
  };
}

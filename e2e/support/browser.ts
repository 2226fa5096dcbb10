// Headless Debian Chromium driven by playwright-core, in Chinese and Beijing time like the users' machines.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from './server.ts';

export const desktop = { width: 1366, height: 768 };
export const phone = { width: 390, height: 844 };

export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function newContext(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; baseURL: string },
): Promise<BrowserContext> {
  const mobile = (options.viewport?.width ?? desktop.width) < 600;
  return browser.newContext({
    baseURL: options.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.viewport ?? desktop,
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
    acceptDownloads: true,
  });
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string, fullPage = true): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Logs in through the login form and waits for the app frame. */
/**
 * Waits until no transition or animation on the page is still moving (a drawer sliding in, a dropdown, a veil
 * fading, a progress bar filling), however long that takes on a loaded machine. Endless ones (spinners) are
 * not waited for. Use before a click that a moving target can miss, or a picture.
 */
export async function motionSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

export async function logInAs(page: Page, username: string, password = 'Tongchou@2022'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Picks an entry of the account menu (修改密码, 退出登录). The menu slides in; a click during the slide can miss
 * on a loaded machine, so the pick is tried again until the menu has closed behind it.
 */
export async function pickAccountMenu(page: Page, entry: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = page.locator('.ant-dropdown:visible').getByText(entry, { exact: true });
    if (!(await item.isVisible())) await page.getByRole('button', { name: '账号菜单' }).click();
    await item.waitFor();
    await motionSettled(page);
    await item.click();
    const closed = await page
      .locator('.ant-dropdown:visible')
      .waitFor({ state: 'detached', timeout: 5000 })
      .then(
        () => true,
        () => false,
      );
    if (closed) return;
  }
  throw new Error(`the account menu did not take “${entry}”`);
}

/** Opens an antd Select by its label, optionally types to search, and picks the option showing `option`. */
export async function choose(page: Page, scope: Locator, label: string, option: string, search?: string) {
  const input = scope.getByLabel(label, { exact: true });
  const select = scope.locator('.ant-select').filter({ has: page.getByLabel(label, { exact: true }) });
  for (let attempt = 0; attempt < 3; attempt++) {
    await input.click();
    if (search) {
      const answered = page.waitForResponse((r) => r.url().includes(encodeURIComponent(search)) && r.ok());
      await input.fill(search);
      // Searching selects ask the server after a pause; wait for the answer before picking.
      await answered.catch(() => undefined);
    }
    const item = page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first();
    await item.waitFor();
    await motionSettled(page); // the dropdown slides in; a click mid-animation can miss
    await item.click();
    const chosen = await expect
      .poll(() => select.textContent(), { timeout: 2000 })
      .toContain(option)
      .then(
        () => true,
        () => false,
      );
    if (chosen) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose ${option} in ${label}`);
}

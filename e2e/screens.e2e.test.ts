// Every page on a desktop and on a phone, in Chinese: pictures for review, and no page wider than the phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  desktop,
  logInAs,
  motionSettled,
  phone,
  pickAccountMenu,
  saveScreenshot,
} from './support/browser.ts';
import { startJourney } from './support/journey.ts';

const journey = startJourney();

const pages: { path: string; name: string; ready: (page: Page) => Promise<void> }[] = [
  {
    path: '/regions/420502001001',
    name: 'regions-community',
    ready: (page) => page.getByText('下辖网格').waitFor(),
  },
  {
    path: '/meetings',
    name: 'meetings',
    // The demo city's meetings, the HQ's 调度会 among them.
    ready: (page) => page.getByText('全市疫情防控调度会').first().waitFor(),
  },
  {
    path: '/meetings/import',
    name: 'meeting-import-empty',
    ready: (page) => page.getByText('导入会议报道').first().waitFor(),
  },
  {
    path: '/tasks',
    name: 'tasks',
    ready: (page) => page.locator('.ant-card-head').getByText('任务列表').waitFor(),
  },
  {
    path: '/tasks/inbox',
    name: 'tasks-inbox-empty',
    ready: (page) => page.locator('.ant-card-head').getByText('我的待办').waitFor(),
  },
  {
    path: '/tasks/calendar',
    name: 'tasks-calendar',
    ready: (page) => page.locator('.ant-card-head').getByText('报送日历').waitFor(),
  },
  { path: '/units', name: 'units', ready: (page) => page.getByText('共 46 条').waitFor() },
  { path: '/users', name: 'users', ready: (page) => page.getByText('共 11 条').waitFor() },
  {
    path: '/audit',
    name: 'audit',
    ready: (page) => page.getByText('登录', { exact: true }).first().waitFor(),
  },
];

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('every page', () => {
  for (const [size, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`renders on a ${size} without sideways scrolling`, async () => {
      const context = await journey.context({ viewport });
      const page = await context.newPage();
      await logInAs(page, 'admin');
      for (const { path, name, ready } of pages) {
        await page.goto(path);
        await ready(page);
        await motionSettled(page);
        expect(await sidewaysOverflow(page), `${name} on ${size}`).toBeLessThanOrEqual(0);
        await saveScreenshot(page, `${name}-${size}`);
      }
      await pickAccountMenu(page, '修改密码');
      const dialog = page.locator('.ant-modal').filter({ hasText: '确认新密码' });
      await dialog.getByLabel('新密码', { exact: true }).fill('short');
      await dialog.getByText('密码至少8位').waitFor();
      await motionSettled(page);
      await saveScreenshot(page, `change-password-${size}`, false);
      await dialog.getByRole('button', { name: /取\s*消/ }).click();

      // The grid worker's phone: one grid, nothing above it.
      await context.clearCookies();
      await logInAs(page, 'wangge');
      await page.getByRole('heading', { level: 3, name: '第1网格' }).waitFor();
      await page.getByText('网格是最小管理单元，没有下级区域').waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await saveScreenshot(page, `regions-grid-worker-${size}`);
      await context.close();
    });
  }
});

// The notification journey: a district liaison has the app open on a phone; the HQ assigns a task to the district
// and reminds it; the bell's count rises without a reload (pushed over the live stream), a toast says so, the
// drawer lists the reminder, a click opens the task and the count drops. On a desktop the reminders escalate
// blue → orange, a toast opens the task too, the page lists them all or only the unread ones, and everything can
// be marked read; the English switch relabels it all. Without a stream the bell still shows the count.
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logInAs, motionSettled, phone, saveScreenshot } from './support/browser.ts';
import { startJourney } from './support/journey.ts';

const journey = startJourney();
const XILING_REGION = '420502000000';

/** The day a week from now in Beijing, as the task form sends a deadline. */
function weekAhead(): string {
  return new Date(Date.now() + 7 * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
}

/** An HQ administrator's API session (its own browser context, so its cookie is not the liaison's). */
async function adminApi(): Promise<{ context: BrowserContext; api: APIRequestContext }> {
  const context = await journey.context();
  const login = await context.request.post('/api/auth/login', {
    data: { username: 'admin', password: 'Tongchou@2022' },
  });
  expect(login.status()).toBe(200);
  return { context, api: context.request };
}

async function unitIdOf(page: Page): Promise<number> {
  const me = await page.request.get('/api/me');
  expect(me.status()).toBe(200);
  return ((await me.json()) as { unit: { id: number } }).unit.id;
}

/** Assigns a task to the liaison's unit in 西陵区 and returns its id. */
async function assignTask(api: APIRequestContext, leadUnitId: number, title: string): Promise<number> {
  const created = await api.post('/api/tasks', {
    data: { title, category: 'epidemic', regionCode: XILING_REGION, leadUnitId, dueAt: weekAhead() },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: number }).id;
}

async function remind(api: APIRequestContext, taskId: number): Promise<void> {
  const reminded = await api.post(`/api/tasks/${taskId}/events`, {
    data: { type: 'remind', note: '请抓紧' },
  });
  expect(reminded.status(), await reminded.text()).toBe(200);
}

const bell = (page: Page) => page.locator('button[data-unread]');
const unreadOnBell = async (page: Page) => Number(await bell(page).getAttribute('data-unread'));

/** The bell once its live stream is connected, so what follows can only reach the page by being pushed. */
async function liveBell(page: Page): Promise<number> {
  await page.locator('button[data-unread][data-live="open"]').waitFor();
  return unreadOnBell(page);
}

describe('a district liaison with the app open on a phone', () => {
  it('sees a reminder arrive live, finds it under the bell, and opens the task from it', async () => {
    const context = await journey.context({ viewport: phone });
    const page = await context.newPage();
    const admin = await adminApi();
    try {
      await logInAs(page, 'xiling');
      const before = await liveBell(page);
      // Proof that nothing below reloads the page or asks for the count: it has to come over the stream.
      await page.evaluate(() => {
        (window as unknown as { journeyMark: number }).journeyMark = 1;
      });
      const countRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/api/notifications/unread-count')) countRequests.push(request.url());
      });

      const title = `核酸采样点夜间值守（通知测试 ${Date.now()}）`;
      const taskId = await assignTask(admin.api, await unitIdOf(page), title);
      await remind(admin.api, taskId);

      // 交办 and 催办: two more, pushed.
      await expect.poll(() => unreadOnBell(page)).toBe(before + 2);
      expect(countRequests).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { journeyMark?: number }).journeyMark)).toBe(1);
      await expect(bell(page).getAttribute('aria-label')).resolves.toBe(`通知，${before + 2} 条未读`);
      // A toast for the reminder, with its title, at the bottom where it leaves the header (and the bell) free.
      const toast = page
        .locator('.ant-notification-notice')
        .filter({ hasText: `催办（第1次）：任务「${title}」` });
      await toast.getByText('催办·蓝色', { exact: true }).waitFor();
      await motionSettled(page);
      expect((await toast.boundingBox())!.y).toBeGreaterThan(phone.height / 2);
      await saveScreenshot(page, 'notifications-toast-phone', false);

      // The drawer lists the reminder first, unread, as 催办·蓝色 with the note and its age.
      await bell(page).click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: '查看全部' });
      await drawer.waitFor();
      const reminder = drawer.locator('[data-notification]').first();
      await expect.poll(() => reminder.textContent()).toContain(`催办（第1次）：任务「${title}」`);
      await expect(reminder.getAttribute('data-unread')).resolves.toBe('true');
      await reminder.getByText('催办·蓝色', { exact: true }).waitFor();
      await reminder.getByText('请抓紧', { exact: true }).waitFor();
      await reminder.getByText(/^(刚刚|\d+分钟前)$/).waitFor();
      const assigned = drawer.locator('[data-notification]').nth(1);
      await assigned.getByText('交办', { exact: true }).waitFor();
      await expect(assigned.textContent()).resolves.toMatch(/新交办.*：任务「.+」/);
      await expect(assigned.textContent()).resolves.toContain(`任务「${title}」`);
      // Nothing sticks out sideways on the phone.
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).resolves.toBe(0);
      await motionSettled(page);
      await saveScreenshot(page, 'notifications-drawer-phone', false);

      // A click opens the task and reads the reminder: one fewer on the bell.
      await reminder.click();
      await page.waitForURL(`**/tasks/${taskId}`);
      await expect.poll(() => unreadOnBell(page)).toBe(before + 1);
      await expect.poll(() => drawer.isVisible()).toBe(false);

      // 查看全部 leads to the page, which fits the phone too: the read reminder, the unread assignment.
      await bell(page).click();
      await drawer.getByText('查看全部').click();
      await page.waitForURL('**/notifications');
      const listed = page.locator('[data-notification-list="page"] [data-notification]');
      await expect.poll(() => listed.first().getAttribute('data-unread')).toBe('false');
      await expect(listed.nth(1).getAttribute('data-unread')).resolves.toBe('true');
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).resolves.toBe(0);
      await motionSettled(page);
      await saveScreenshot(page, 'notifications-page-phone', false);
    } catch (err) {
      await saveScreenshot(page, 'failure-notifications-phone', false);
      throw err;
    } finally {
      // Closing the contexts ends the stream, so the server can close after the file's tests (a screenshot of a
      // failure is taken before).
      await admin.context.close();
      await context.close();
    }
  });
});

describe('a district liaison at a desktop', () => {
  it('sees repeated reminders escalate, filters the page to the unread ones and marks them read', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    const admin = await adminApi();
    try {
      await logInAs(page, 'xiling');
      await page.goto('/notifications');
      await page.getByText('我的通知').waitFor();
      const before = await liveBell(page);

      const title = `集中隔离点物资清点（通知测试 ${Date.now()}）`;
      const taskId = await assignTask(admin.api, await unitIdOf(page), title);
      // The third reminder of a task is orange (the first two are blue).
      for (let n = 0; n < 3; n++) await remind(admin.api, taskId);
      await expect.poll(() => unreadOnBell(page)).toBe(before + 4);
      const orangeToast = page
        .locator('.ant-notification-notice-warning')
        .filter({ hasText: `催办（第3次）：任务「${title}」` });
      await orangeToast.getByText('催办·橙色', { exact: true }).waitFor();

      // The page's first page gained them at the top without a reload, newest first.
      const list = page.locator('[data-notification-list="page"]');
      const first = list.locator('[data-notification]').first();
      await expect.poll(() => first.textContent()).toContain(`催办（第3次）：任务「${title}」`);
      await first.getByText('催办·橙色', { exact: true }).waitFor();
      await list.locator('[data-notification]').nth(1).getByText('催办·蓝色', { exact: true }).waitFor();

      // A click on the toast opens the task and reads the reminder.
      await orangeToast.click();
      await page.waitForURL(`**/tasks/${taskId}`);
      await expect.poll(() => unreadOnBell(page)).toBe(before + 3);
      await expect.poll(() => orangeToast.count()).toBe(0);
      await page.goto('/notifications');
      await liveBell(page);

      // The popover holds the same, and says the level in words too.
      await bell(page).click();
      const popover = page.locator('.ant-popover:visible');
      await popover.getByText('查看全部').waitFor();
      const latest = popover.locator('[data-notification]').first();
      await latest.getByText('催办·橙色', { exact: true }).waitFor();
      await expect(latest.getAttribute('data-unread')).resolves.toBe('false');
      await expect(popover.locator('[data-notification]').nth(1).getAttribute('data-unread')).resolves.toBe(
        'true',
      );
      await motionSettled(page);
      await saveScreenshot(page, 'notifications-popover-desktop', false);
      // 查看全部 is this page; the popover closes.
      await popover.getByText('查看全部').click();
      await expect.poll(() => popover.count()).toBe(0);

      // Only the unread: one marked read here leaves the list and the bell.
      await page.locator('.ant-card .ant-segmented').getByText(/^未读/).click();
      await page.waitForURL('**/notifications?show=unread');
      // This task's three unread ones (交办, 催办 1 and 2) come first, the demo's older ones after them.
      const ofThisTask = list.locator('[data-notification]').filter({ hasText: `任务「${title}」` });
      await expect.poll(() => ofThisTask.count()).toBe(3);
      await expect(list.locator('[data-unread="false"]').count()).resolves.toBe(0);
      await expect(list.getByText(`催办（第3次）：任务「${title}」`).count()).resolves.toBe(0);
      const second = list
        .locator('[data-notification]')
        .filter({ hasText: `催办（第2次）：任务「${title}」` });
      await second.getByRole('button', { name: '标为已读' }).click();
      await expect.poll(() => second.count()).toBe(0);
      await expect.poll(() => unreadOnBell(page)).toBe(before + 2);
      await motionSettled(page);
      await saveScreenshot(page, 'notifications-page-desktop');

      // All read: the bell is empty, the page says there is nothing unread.
      await page.getByRole('button', { name: '全部已读' }).click();
      await page.getByText('没有未读通知').waitFor();
      await expect.poll(() => unreadOnBell(page)).toBe(0);
      await expect(bell(page).getAttribute('aria-label')).resolves.toBe('通知');

      // 全部 still lists them, read, with the note in full.
      await page.locator('.ant-card .ant-segmented').getByText('全部', { exact: true }).click();
      await expect.poll(() => list.locator('[data-notification]').count()).toBeGreaterThanOrEqual(4);
      await expect(list.locator('[data-unread="true"]').count()).resolves.toBe(0);

      // In English the page, the bell and the labels switch too.
      await page.getByText('English', { exact: true }).click();
      await page.getByText('My notifications').waitFor();
      await expect(bell(page).getAttribute('aria-label')).resolves.toBe('Notifications');
      await list.getByText('Reminder · orange', { exact: true }).first().waitFor();
      await list.getByText('Assigned', { exact: true }).first().waitFor();
      await page.getByRole('button', { name: 'Mark all read' }).waitFor();
    } catch (err) {
      await saveScreenshot(page, 'failure-notifications-desktop', false);
      throw err;
    } finally {
      await admin.context.close();
      await context.close();
    }
  });
});

describe('a liaison whose stream cannot be opened (a proxy refusing it)', () => {
  it('still sees the count on the bell, asked for instead of pushed', async () => {
    const context = await journey.context({ viewport: phone });
    const page = await context.newPage();
    try {
      await page.route('**/api/notifications/stream', (route) =>
        route.fulfill({ status: 503, contentType: 'text/plain', body: 'Service Unavailable' }),
      );
      await logInAs(page, 'xiling');
      // EventSource gives up on an answer that is not a stream; the bell says so and falls back to asking.
      await page.locator('button[data-unread][data-live="closed"]').waitFor();
      const asked = await page.request.get('/api/notifications/unread-count');
      const { count } = (await asked.json()) as { count: number };
      await expect.poll(() => unreadOnBell(page)).toBe(count);
    } catch (err) {
      await saveScreenshot(page, 'failure-notifications-no-stream', false);
      throw err;
    } finally {
      await context.close();
    }
  });
});

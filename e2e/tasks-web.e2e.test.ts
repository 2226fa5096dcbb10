// The task journey in the browser: the office assigns a task to 西陵区人民政府 through the form; the district's
// liaison, on a phone, finds it in 我的待办, signs it, reports 60% with a photo and submits it; the office returns
// it with a reason, the liaison submits again, the office completes it. The liaison is never offered 办结.
import zlib from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { choose, logInAs, motionSettled, phone, saveScreenshot } from './support/browser.ts';
import { startJourney } from './support/journey.ts';

const journey = startJourney();
const title = `核酸采样点夜间值守排班表报送（${Date.now() % 100_000}）`;
let taskPath = '';

/** A valid 4×4 PNG made here (red pixels), so the upload is a real image the server can sniff. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(body));
    return Buffer.concat([head, body, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(4).fill([200, 30, 30]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat([row, row, row, row]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Beijing calendar day some days from now, as the date box reads it (YYYY-MM-DD). */
function beijingDay(daysAhead: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Waits until nothing on the page is loading or moving, so a click or a picture meets the settled page. */
async function settled(page: Page) {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
  await motionSettled(page);
}

/** Waits until the success toasts have gone, so a picture shows the page rather than a message over it. */
async function toastsGone(page: Page) {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
}

/** The action bar's button for an event (antd spaces out two-character labels: 签 收). */
function action(page: Page, label: string) {
  const spaced = label.length === 2 ? `${label[0]}\\s*${label[1]}` : label;
  return page.locator('[data-actions]').getByRole('button', { name: new RegExp(`^${spaced}$`) });
}

/** Opens an event's modal from the action bar, fills it with `fill`, confirms, and waits for the new status. */
async function act(page: Page, label: string, status: string, fill?: (modal: Locator) => Promise<void>) {
  await action(page, label).click();
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  await motionSettled(page);
  if (fill) await fill(modal);
  const spaced = label.length === 2 ? `${label[0]}\\s*${label[1]}` : label;
  await modal.getByRole('button', { name: new RegExp(`^${spaced}$`) }).click();
  await modal.waitFor({ state: 'detached' });
  await page
    .locator('.ant-card')
    .first()
    .locator(`[data-status]`)
    .getByText(status, { exact: true })
    .waitFor();
}

async function expectNoComplete(page: Page) {
  await expect(action(page, '办结').count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: /^办\s*结$/ }).count()).resolves.toBe(0);
}

describe('a task from assignment to completion', () => {
  it('the office assigns it to 西陵区人民政府 through the form, with Chinese messages for what is missing', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-task-create', false);
    });
    await logInAs(page, 'admin');
    await page.locator('.ant-menu').getByText('任务列表', { exact: true }).click();
    await page.waitForURL('**/tasks');
    await page.getByRole('button', { name: '新建任务' }).click();
    const drawer = page.locator('.ant-drawer:visible');
    await drawer.getByText('新建任务').first().waitFor();
    await motionSettled(page);

    // Nothing filled: the form says what is missing, in Chinese, and sends nothing.
    await drawer.getByRole('button', { name: /^交\s*办$/ }).click();
    await drawer.getByText('请填写任务标题').waitFor();
    await drawer.getByText('请选择任务类别').waitFor();
    await drawer.getByText('请选择牵头单位').waitFor();
    await drawer.getByText('请选择办结期限').waitFor();

    await drawer.getByLabel('任务', { exact: true }).fill(title);
    await drawer.getByLabel('任务描述').fill('各采样点明确夜间值守人员，每周一报送排班表。');
    await choose(page, drawer, '类别', '疫情防控');
    // The city is the default region, so splitting by county is offered; a district is chosen instead.
    await drawer.getByText('分解到各县市区').waitFor();
    await choose(page, drawer, '区域', '西陵区', '西陵区');
    await expect.poll(() => drawer.getByText('分解到各县市区').count()).toBe(0);
    await choose(page, drawer, '牵头单位', '西陵区人民政府', '西陵区人民政府');
    const due = drawer.getByLabel('办结期限');
    await due.click();
    await due.fill(beijingDay(10));
    await due.press('Enter');
    await drawer.getByLabel('验收标准').fill('提交排班表和值守照片');
    await motionSettled(page);
    await saveScreenshot(page, 'task-create-drawer-desktop', false);
    await drawer.getByRole('button', { name: /^交\s*办$/ }).click();

    await page.waitForURL(/\/tasks\/\d+$/);
    taskPath = new URL(page.url()).pathname;
    await page.getByText(`已交办任务“${title}”给西陵区人民政府`).waitFor();
    await page.getByRole('heading', { level: 3, name: title }).waitFor();
    const header = page.locator('.ant-card').first();
    await header.locator('[data-status]').getByText('待签收', { exact: true }).waitFor();
    await header.locator('[data-light="green"]').getByText('绿').waitFor();
    // The office may not sign for the unit: only its own actions are offered.
    await expect(action(page, '签收').count()).resolves.toBe(0);
    await page.locator('[data-event="assign"]').getByText('周建国').waitFor();
    const due10 = beijingDay(10);
    const dueText = `${Number(due10.slice(0, 4))}年${Number(due10.slice(5, 7))}月${Number(due10.slice(8, 10))}日`;
    await header.getByText(dueText).waitFor();

    // The list finds it by its title, the filter kept in the address (a reload shows the same list).
    await page.goto(`/tasks?q=${encodeURIComponent(title)}`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: title });
    await row.waitFor();
    await row.getByText('待签收', { exact: true }).waitFor();
    await row.locator('[data-light="green"]').getByText('绿').waitFor();
    await row.getByText(dueText).waitFor();
    await row.getByText('西陵区人民政府').waitFor();
    await expect(page.locator('.ant-table-tbody tr.ant-table-row').count()).resolves.toBe(1);
    await page.reload();
    await row.waitFor();
    await expect(page.getByPlaceholder('搜索任务标题').inputValue()).resolves.toBe(title);
    // The export asks for the same filters.
    const exportHref = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    // Open tasks are the list's default, and the export says so too.
    expect(exportHref).toBe(`/api/tasks/export.xlsx?q=${encodeURIComponent(title)}&state=open`);
    await settled(page);
    await saveScreenshot(page, 'task-list-desktop', false);

    // The calendar shows it on its deadline.
    await page.locator('.ant-menu').getByText('报送日历', { exact: true }).click();
    await page.waitForURL('**/tasks/calendar');
    if (due10.slice(0, 7) !== beijingDay(0).slice(0, 7))
      await page.getByRole('button', { name: '下个月' }).click();
    await page.locator(`[data-day="${due10}"]`).getByText(title).waitFor();
    await settled(page);
    await saveScreenshot(page, 'task-calendar-desktop', false);
    // The month shown is in the address: the month after, then back to this one.
    const shown = new URL(page.url()).searchParams.get('month');
    await page.getByRole('button', { name: '下个月' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('month')).not.toBe(shown);
    const [year, month] = (new URL(page.url()).searchParams.get('month') ?? '').split('-').map(Number);
    await page.locator('.ant-card-head').getByText(`${year}年${month}月`).waitFor();
    await settled(page);
    await saveScreenshot(page, 'task-calendar-next-month-desktop', false);
    await page.getByRole('button', { name: '上个月' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('month')).toBe(shown);
    await context.close();
  });

  it('the liaison, on a phone, finds it in 我的待办, signs, reports 60% with a photo and submits', async () => {
    expect(taskPath).toMatch(/^\/tasks\/\d+$/);
    const context = await journey.context({ viewport: phone });
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-task-liaison', false);
    });
    await logInAs(page, 'xiling');
    // A unit's liaison lands on their inbox.
    await page.waitForURL('**/tasks/inbox');
    const card = page.locator(`[data-task="${taskPath.split('/').at(-1)}"]`);
    await card.getByText(title).waitFor();
    await card.getByText('待签收', { exact: true }).waitFor();
    await settled(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'task-inbox-phone');
    // 待签收 keeps only what waits for a signature.
    await page.getByText(/^待签收 \d+$/).click();
    await card.waitFor();
    await expect
      .poll(async () => new Set(await page.locator('[data-task] [data-status]').allTextContents()))
      .toEqual(new Set(['待签收']));

    // The menu counts what waits for them.
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.locator('.ant-drawer:visible .ant-menu').getByText('我的待办').waitFor();
    await expect
      .poll(async () =>
        Number(await page.locator('.ant-drawer:visible .ant-badge-count').first().textContent()),
      )
      .toBeGreaterThanOrEqual(1);
    await page.locator('.ant-drawer:visible .ant-menu').getByText('我的待办').click();
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
    await motionSettled(page);

    await card.click();
    await page.waitForURL(`**${taskPath}`);
    await page.getByRole('heading', { level: 3, name: title }).waitFor();
    await expectNoComplete(page);
    await act(page, '签收', '已签收');
    await expectNoComplete(page);

    await act(page, '报送进展', '办理中', async (modal) => {
      await modal.getByLabel('进度（%）').fill('60');
      await modal.getByLabel('说明').fill('已排班32个采样点，夜间值守人员全部到岗。');
      await modal.locator('input[type="file"]').setInputFiles({
        name: '值守照片.png',
        mimeType: 'image/png',
        buffer: tinyPng(),
      });
      await modal.locator('.ant-upload-list-item-done').waitFor();
      await motionSettled(page);
      await saveScreenshot(page, 'task-report-modal-phone', false);
    });
    const report = page.locator('[data-report]').first();
    await report.getByText('进度 60%').waitFor();
    await report.getByText('已排班32个采样点').waitFor();
    const photo = report.locator('img[src*="/attachments/"]');
    await photo.waitFor();
    await expect
      .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(4);
    await page.locator('[data-event="report"]').getByText('进度 60%').waitFor();
    await expectNoComplete(page);

    await act(page, '报送办结', '已报送', async (modal) => {
      await modal.getByLabel('说明').fill('排班表已全部报送。');
    });
    await expectNoComplete(page);
    await settled(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await toastsGone(page);
    await saveScreenshot(page, 'task-page-phone');

    // The calendar on a phone is a list by day.
    await page.goto(`/tasks/calendar?month=${beijingDay(10).slice(0, 7)}`);
    await page
      .locator(`[data-day="${beijingDay(10)}"]`)
      .getByText(title)
      .waitFor();
    await settled(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'task-calendar-phone');

    // The whole list of the district's tasks, on a phone too.
    await page.goto(`/tasks?q=${encodeURIComponent(title)}`);
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: title }).waitFor();
    await settled(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'task-list-phone');
    await context.close();
  });

  it('the office returns it with a reason, the liaison submits again, the office completes it', async () => {
    expect(taskPath).toMatch(/^\/tasks\/\d+$/);
    const office = await journey.context();
    const officePage = await office.newPage();
    const unit = await journey.context({ viewport: phone });
    const unitPage = await unit.newPage();
    onTestFailed(async () => {
      await saveScreenshot(officePage, 'failure-task-office', false);
      await saveScreenshot(unitPage, 'failure-task-unit', false);
    });
    await logInAs(officePage, 'admin');
    await officePage.goto(taskPath);
    await officePage.getByRole('heading', { level: 3, name: title }).waitFor();
    // A return needs a reason: without one the form says so.
    await action(officePage, '退回').click();
    const modal = officePage.locator('.ant-modal:visible');
    await modal.waitFor();
    await motionSettled(officePage);
    await modal.getByRole('button', { name: /^退\s*回$/ }).click();
    await modal.getByText('退回须说明理由').waitFor();
    await modal.getByRole('button', { name: /取\s*消/ }).click();
    await modal.waitFor({ state: 'detached' });
    await act(officePage, '退回', '已退回', async (m) => {
      await m.getByLabel('理由').fill('缺少伍家岗交界处两个采样点的排班');
    });

    await logInAs(unitPage, 'xiling');
    await unitPage.waitForURL('**/tasks/inbox');
    await unitPage.getByText(/^被退回 \d+$/).click();
    await unitPage.locator(`[data-task="${taskPath.split('/').at(-1)}"]`).click();
    await unitPage.waitForURL(`**${taskPath}`);
    await unitPage.locator('[data-event="return"]').getByText('缺少伍家岗交界处两个采样点的排班').waitFor();
    await expectNoComplete(unitPage);
    await act(unitPage, '报送办结', '已报送', async (m) => {
      await m.getByLabel('说明').fill('已补充两个采样点的排班。');
    });
    await expectNoComplete(unitPage);

    await officePage.reload();
    await officePage.getByRole('heading', { level: 3, name: title }).waitFor();
    await act(officePage, '办结', '已办结');
    const header = officePage.locator('.ant-card').first();
    // Done before its deadline: green.
    await header.locator('[data-light="green"]').getByText('绿').waitFor();
    await expect(
      officePage.locator('[data-actions]').getByRole('button').count(),
    ).resolves.toBeLessThanOrEqual(1);

    // The history names who did what.
    const timeline = officePage.locator('.ant-timeline');
    await timeline.locator('[data-event="sign"]').getByText('李明').waitFor();
    await timeline.locator('[data-event="sign"]').getByText('签收', { exact: true }).waitFor();
    await timeline.locator('[data-event="return"]').getByText('周建国').waitFor();
    await timeline.locator('[data-event="return"]').getByText('退回', { exact: true }).waitFor();
    await timeline.locator('[data-event="complete"]').getByText('周建国').waitFor();
    await timeline.locator('[data-event="complete"]').getByText('办结', { exact: true }).waitFor();
    await expect(timeline.locator('[data-event="submit"]').count()).resolves.toBe(2);
    await settled(officePage);
    await toastsGone(officePage);
    await saveScreenshot(officePage, 'task-done-desktop');

    // In English the same page reads in English, the data as it is.
    await officePage.getByText('English', { exact: true }).click();
    await officePage.getByText('History', { exact: true }).waitFor();
    await header.locator('[data-status]').getByText('Done', { exact: true }).waitFor();
    await header.locator('[data-light="green"]').getByText('Green').waitFor();
    await timeline.locator('[data-event="return"]').getByText('Return', { exact: true }).waitFor();
    await expect(officePage.getByText('办理过程').count()).resolves.toBe(0);
    await saveScreenshot(officePage, 'task-done-desktop-en', false);
    await officePage.getByText('中文', { exact: true }).click();
    await officePage.getByText('办理过程', { exact: true }).waitFor();

    // The liaison sees it done, and still no 办结 (nor anything else to do).
    await unitPage.reload();
    await unitPage.locator('.ant-card').first().locator('[data-status]').getByText('已办结').waitFor();
    await expectNoComplete(unitPage);
    await expect(unitPage.locator('[data-actions]').count()).resolves.toBe(0);
    await office.close();
    await unit.close();
  });
});

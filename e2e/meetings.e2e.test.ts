// The meeting journey: import a scraped-looking report (traditional characters, pinyin glosses, mojibake), check
// the clean-up, save it, review its directives (accept, drop, merge, split, accept all, finish) and find it stored;
// a district user cannot see a city meeting; the same pages on a phone; the same report again, its garbled text
// left undecided, cannot be finished until that text is read.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { logInAs, motionSettled, phone, saveScreenshot } from './support/browser.ts';
import { startJourney } from './support/journey.ts';
import { repoRoot } from './support/server.ts';

// Reports the project wrote with a scraped page's noise (test/fixtures/meetings/reports/README.md).
const reports = path.join(repoRoot, 'test/fixtures/meetings/reports');
const dangyang = fs.readFileSync(path.join(reports, 't01-dangyang-phone.txt'), 'utf8');
const yiling = fs.readFileSync(path.join(reports, 't03-yiling-leadgroup.txt'), 'utf8');

/** A pinyin gloss after a character, as in 會(huì). */
const gloss = /\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)/u;

const journey = startJourney();
let meetingPath = '';

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const card = (page: Page, seq: number) => page.locator(`[data-directive="${seq}"]`);

/** Waits until directive `seq` shows `status` (the list is read again after every change). */
async function expectStatus(page: Page, seq: number, status: string) {
  await page.locator(`[data-directive="${seq}"][data-status="${status}"]`).waitFor();
}

async function directiveCount(page: Page): Promise<number> {
  return page.locator('[data-directive]').count();
}

/** Waits until no table or card is showing its loading veil, so a picture shows the data, not a fade. */
async function settled(page: Page) {
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await motionSettled(page); // the veil fades out
}

/** Clicks a Popconfirm's OK once it is shown. */
async function confirm(page: Page) {
  const ok = page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary');
  await ok.waitFor();
  await ok.click();
}

async function pasteAndParse(page: Page, text: string, publishedAt?: string) {
  await page.getByRole('textbox', { name: '会议报道正文' }).fill(text);
  if (publishedAt) {
    const date = page.locator('#meeting-published-at');
    await date.click();
    await date.fill(publishedAt);
    await date.press('Enter');
  }
  await page.getByRole('button', { name: /解\s*析/ }).click();
  await page.getByText('解析结果（尚未保存）').waitFor();
}

function cleanPane(page: Page): Locator {
  return page.locator('[data-pane="clean"]').first();
}

describe('an HQ administrator', () => {
  it('imports a scraped report: sees the clean-up, decides on the garbled span, saves a draft', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-meeting-import', false);
    });
    await logInAs(page, 'admin');
    await page.locator('.ant-menu').getByText('会议', { exact: true }).click();
    await page.waitForURL('**/meetings');
    // The demo city's own meetings are listed already.
    await page.getByText('全市疫情防控调度会').first().waitFor();
    await page.getByRole('button', { name: '导入会议报道' }).click();
    await page.waitForURL('**/meetings/import');

    // Nothing to parse is said plainly.
    await page.getByRole('button', { name: /解\s*析/ }).click();
    await page.getByText('请先粘贴会议报道正文或上传文件').waitFor();

    await pasteAndParse(page, dangyang, '2022-05-17');

    // The clean text is simplified, without pinyin glosses; the original shows what was changed and why.
    const clean = cleanPane(page);
    await expect.poll(() => clean.textContent()).toContain('当阳市疫情防控指挥部');
    const cleanText = (await clean.textContent()) ?? '';
    expect(cleanText).not.toMatch(gloss);
    expect(cleanText).not.toContain('當陽');
    expect(dangyang).toMatch(gloss);
    const original = page.locator('[data-pane="original"]');
    await expect(original.locator('[data-edit="gloss"]').first().textContent()).resolves.toMatch(gloss);
    await expect(original.locator('[data-edit="simplify"]').count()).resolves.toBeGreaterThan(50);
    await original.getByText(/删除拼音注音 \d+/).waitFor();
    await original.getByText(/繁简转换 \d+/).waitFor();

    // The garbled run is marked red and its suggestion offered; taking it shows the suggestion in place.
    const garbled = clean.locator('[data-unreadable="pending"]');
    await expect(garbled.textContent()).resolves.toContain('?饝羯祥T');
    const row = page.locator('[data-unreadable-row]').first();
    await row.getByText('逐户上门').waitFor();
    await page.getByText('还有 1 处乱码未决定，保存后将保留标记').waitFor();
    await row.getByText('采用', { exact: true }).click();
    await clean.locator('[data-unreadable="accepted"]').getByText('逐户上门').waitFor();
    await expect(page.getByText('还有 1 处乱码未决定').count()).resolves.toBe(0);

    // The fields read from the report, the year taken from the publication date.
    await expect(page.getByLabel('会议名称').inputValue()).resolves.toBe('当阳市疫情防控指挥部电视电话会议');
    await expect(page.locator('#date').inputValue()).resolves.toBe('2022-05-16');
    await page.locator('.ant-form').getByText('电视电话会议', { exact: true }).waitFor();
    await page.locator('.ant-form').getByText('周敏', { exact: true }).waitFor();

    // A proposed directive shows where it came from.
    const directives = page.locator('[data-directive]');
    expect(await directives.count()).toBeGreaterThan(10);
    await directives.filter({ hasText: '每万人20间' }).first().locator('[role="button"]').click();
    await expect
      .poll(async () => (await clean.locator('[data-highlight]').allTextContents()).join(''))
      .toContain('每万人20间');
    await motionSettled(page);
    await saveScreenshot(page, 'meeting-import-preview-desktop');

    // A person the parser missed is added here and saved with the import itself, in one request.
    const attendees = page.locator('.ant-form-item').filter({ hasText: '出席' });
    await attendees.getByRole('button', { name: '添加' }).click();
    await page.getByLabel('姓名').fill('韩梅梅');
    await page.getByLabel('职务（可不填）').fill('市卫健委主任');
    await page
      .locator('.ant-popover:visible')
      .getByRole('button', { name: /^添\s*加$/ })
      .click();
    await attendees.getByText('韩梅梅').waitFor();
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET' && request.url().includes('/api/meetings'))
        writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });

    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    meetingPath = new URL(page.url()).pathname;
    await page.getByText('已保存会议“当阳市疫情防控指挥部电视电话会议”，请审核要求').waitFor();
    await page.getByText('韩梅梅').first().waitFor();
    expect(writes).toEqual(['POST /api/meetings/import']);
    await page.getByRole('heading', { level: 3, name: '当阳市疫情防控指挥部电视电话会议' }).waitFor();
    await page.getByText('2022年5月16日').first().waitFor();
    // The accepted suggestion is in the stored text.
    await page.locator('[data-unreadable="accepted"]').first().waitFor();
    await context.close();
  });

  it('reviews the directives: accepts, drops, merges, splits, accepts the rest and finishes', async () => {
    expect(meetingPath).toMatch(/^\/meetings\/\d+$/);
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-meeting-review', false);
    });
    await logInAs(page, 'admin');
    await page.goto(meetingPath);
    await card(page, 1).waitFor();
    const total = await directiveCount(page);

    // Accept the first three, drop the fourth.
    for (const seq of [1, 2, 3]) {
      await card(page, seq)
        .getByRole('button', { name: /^采\s*纳$/ })
        .click();
      await expectStatus(page, seq, 'accepted');
    }
    await card(page, 4).getByRole('button', { name: '不采纳' }).click();
    await expectStatus(page, 4, 'dropped');

    // A click on a directive highlights its source in the clean text beside it.
    await card(page, 5).locator('[role="button"]').click();
    const fifth = (await card(page, 5).locator('[role="button"]').textContent()) ?? '';
    await expect
      .poll(async () => (await page.locator('[data-highlight]').allTextContents()).join(''))
      .toBe(fifth);

    // Finishing now is refused, naming what is still pending.
    await page.getByRole('button', { name: '完成审核' }).click();
    await page.getByText(`还有 ${total - 4} 条要求没有采纳或不采纳，不能完成审核`).waitFor();
    await page.getByText(/第 5 条“.+”尚未决定采纳与否/).waitFor();

    // Merge 5 with 6: one fewer, the text of both.
    const sixth = (await card(page, 6).locator('[role="button"]').textContent()) ?? '';
    await card(page, 5).getByRole('button', { name: '与下一条合并' }).click();
    await confirm(page);
    await expect.poll(() => directiveCount(page)).toBe(total - 1);
    const merged = (await card(page, 5).locator('[role="button"]').textContent()) ?? '';
    expect(merged).toContain(fifth);
    expect(merged).toContain(sixth);
    await saveScreenshot(page, 'meeting-review-desktop', false);

    // Split the merged one back at the boundary chosen by position.
    await card(page, 5)
      .getByRole('button', { name: /^拆\s*分$/ })
      .click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '拆分第 5 条要求' });
    // A position past the end is said, not clamped; a click afterwards wins, and the box shows it.
    const position = dialog.getByLabel('从第几个字开始为第二条');
    await position.fill('9999');
    await dialog.getByText(/^拆分位置应在 2 到 \d+ 之间/).waitFor();
    await expect(dialog.getByRole('button', { name: /^拆\s*分$/ }).isDisabled()).resolves.toBe(true);
    await dialog.locator('[data-split-text] > span').nth(3).click();
    await expect.poll(() => position.inputValue()).toBe('3');
    await expect(dialog.getByText(/^拆分位置应在/).count()).resolves.toBe(0);
    await position.fill(String(merged.indexOf(sixth)));
    await expect.poll(() => dialog.locator('[data-split-tail]').textContent()).toBe(sixth);
    await saveScreenshot(page, 'meeting-split-desktop', false);
    await dialog.getByRole('button', { name: /^拆\s*分$/ }).click();
    await page.getByText('已拆分为第 5、6 条').waitFor();
    await expect.poll(() => directiveCount(page)).toBe(total);
    await expect(card(page, 6).locator('[role="button"]').textContent()).resolves.toBe(sixth);

    // The rest in one go (one request), then finish.
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET' && request.url().includes('/api/meetings'))
        writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await page.getByRole('button', { name: '全部采纳' }).click();
    await confirm(page);
    await page
      .getByText(`已采纳 ${total - 4} 条要求`)
      .first()
      .waitFor();
    expect(writes).toEqual([`POST /api${meetingPath}/directives/accept-remaining`]);
    await page.getByText('待审核 0 条').waitFor();
    await page.getByRole('button', { name: '完成审核' }).click();
    await page.getByText('审核完成，要求已锁定').first().waitFor();
    await page.locator('.ant-card').first().getByText('已审核', { exact: true }).waitFor();

    // Stored: after a reload the counts and statuses are the same and the meeting is read-only.
    await page.reload();
    await page.getByText(`要求清单（${total}）`).waitFor();
    await page.getByText(`已采纳 ${total - 1} 条`).waitFor();
    await page.getByText('不采纳 1 条').waitFor();
    await expectStatus(page, 4, 'dropped');
    await expect(page.locator('[data-status="proposed"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '完成审核' }).count()).resolves.toBe(0);
    await expect(card(page, 1).locator('button').count()).resolves.toBe(0);
    await page.getByRole('button', { name: '重新打开' }).waitFor();
    await page.getByText('这次会议的要求已审核确认，只能查看。如需修改，请先“重新打开”。').waitFor();
    await saveScreenshot(page, 'meeting-reviewed-desktop');

    // The list shows it with its date, counts and status.
    await page.goto('/meetings');
    const listed = page.getByRole('row').filter({ hasText: '当阳市疫情防控指挥部电视电话会议' });
    await listed.getByText('2022年5月16日').waitFor();
    await listed.getByText(`${total - 1}/${total}`).waitFor();
    await listed.getByText('已审核').waitFor();
    await listed.getByText('电视电话会议', { exact: true }).waitFor();
    await settled(page);
    await saveScreenshot(page, 'meetings-desktop');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /导出 Excel/ }).click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

    // The audit log and a region's children export the same way (their buttons sit on those pages).
    for (const url of [
      '/api/audit/export.xlsx?entity=directive',
      '/api/regions/420502001001/children/export.xlsx',
    ]) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(200);
      expect(response.headers()['content-type']).toContain('spreadsheetml');
    }
    await context.close();
  });

  it('records a meeting by hand and adds a directive to it', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-meeting-create', false);
    });
    await logInAs(page, 'admin');
    await page.goto('/meetings');
    await page.getByRole('button', { name: '新建会议' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '新建会议' });
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('请输入会议名称').waitFor();
    await drawer.getByText('请选择会议日期').waitFor();
    await drawer.getByLabel('会议名称').fill('宜昌市疫情防控指挥部视频调度会');
    const date = drawer.locator('#date');
    await date.click();
    await date.fill('2022-05-12');
    await date.press('Enter');
    await drawer.getByRole('button', { name: '添加主持人' }).click();
    await drawer.getByLabel('姓名').fill('王立');
    await drawer.getByLabel('职务（可不填）').fill('市委书记');
    await expect(drawer.locator('.ant-form-item-has-error').count()).resolves.toBe(0);
    await saveScreenshot(page, 'meeting-create-desktop', false);
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByRole('heading', { level: 3, name: '宜昌市疫情防控指挥部视频调度会' }).waitFor();
    await page.getByText('2022年5月12日').first().waitFor();
    await page.getByText('还没有要求', { exact: false }).waitFor();

    await page.getByRole('button', { name: '新增要求' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新增要求' });
    await dialog.getByLabel('要求内容').fill('要在5月底前完成全市隔离房间储备，西陵区、伍家岗区每周报告进度');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新增第 1 条要求').waitFor();
    await card(page, 1).getByText('西陵区', { exact: true }).waitFor();
    await card(page, 1).getByText('疫情防控', { exact: true }).waitFor();
    await expectStatus(page, 1, 'proposed');
    await context.close();
  });

  it('is not visible to the 西陵区 liaison, by list or by address', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    await logInAs(page, 'xiling');
    await page.goto('/meetings');
    // The district's own demo meeting, and none of the city's.
    await page.getByText('西陵区疫情防控指挥部专题会议').first().waitFor();
    await expect(page.getByText('当阳市疫情防控指挥部').count()).resolves.toBe(0);
    await expect(page.getByText('全市疫情防控调度会').count()).resolves.toBe(0);
    await page.goto(meetingPath);
    await page.getByText('无法查看该会议').waitFor();
    await page.getByText('不存在或不在您的管辖范围内').waitFor();
    const body = (await page.locator('.ant-layout-content').textContent()) ?? '';
    expect(body).not.toContain('当阳');
    await saveScreenshot(page, 'meeting-out-of-scope-desktop');
    await context.close();
  });

  it('is read-only for a leader', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    await logInAs(page, 'leader');
    await page.goto(meetingPath);
    await page.getByRole('heading', { level: 3, name: '当阳市疫情防控指挥部电视电话会议' }).waitFor();
    await card(page, 1).waitFor();
    await expect(page.getByRole('button', { name: '重新打开' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '编辑会议信息' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: '导出要求' }).waitFor();
    await page.goto('/meetings');
    await page.getByRole('row').filter({ hasText: '当阳市' }).waitFor();
    await expect(page.getByRole('button', { name: '导入会议报道' }).count()).resolves.toBe(0);
    await context.close();
  });
});

describe('on a phone (390×844)', () => {
  it('imports a report, confirms the missing year and reviews, without sideways scrolling', async () => {
    const context = await journey.context({ viewport: phone });
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-meeting-phone', false);
    });
    await logInAs(page, 'admin');
    await page.goto('/meetings');
    await page.getByRole('row').filter({ hasText: '当阳市' }).waitFor();
    await settled(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'meetings-phone');

    await page.goto('/meetings/import');
    await pasteAndParse(page, yiling);
    // No year in the report and no publication date: the page asks, offering this year as a guess.
    await page.getByText('报道中的会议日期没有年份：3月2日（年份待确认）').waitFor();
    const thisYear = Number(await page.getByLabel('年份').inputValue());
    await page.getByText(`没有发布日期，年份暂按今年（${thisYear} 年）推测，请核对后再确认`).waitFor();
    // The button says the year in the box, whatever it is, and refuses one that puts the meeting in the future.
    await page.getByLabel('年份').fill('1999');
    await page.getByRole('button', { name: '确认为 1999 年' }).waitFor();
    await expect(page.getByRole('button', { name: '确认为 1999 年' }).isEnabled()).resolves.toBe(true);
    await expect(page.locator('[data-year-origin]').count()).resolves.toBe(0);
    await page.getByLabel('年份').fill(String(thisYear + 1));
    await page.getByText(/会议日期不能晚于今天/).waitFor();
    await expect(page.getByRole('button', { name: `确认为 ${thisYear + 1} 年` }).isDisabled()).resolves.toBe(
      true,
    );
    await page.getByLabel('年份').fill('2022');
    await page.getByRole('button', { name: '确认为 2022 年' }).click();
    await expect(page.locator('#date').inputValue()).resolves.toBe('2022-03-02');
    // A directive click switches to the clean text and highlights it.
    await page.locator('[data-directive="2"] [role="button"]').click();
    await expect.poll(() => page.locator('[data-highlight]').count()).toBeGreaterThan(0);
    await motionSettled(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'meeting-import-preview-phone');

    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.locator('[data-directive="1"]').waitFor();
    await page
      .locator('[data-directive="1"]')
      .getByRole('button', { name: /^采\s*纳$/ })
      .click();
    await expectStatus(page, 1, 'accepted');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'meeting-review-phone');
    await page.getByRole('tab', { name: '原文/规范文本' }).click();
    await page.getByRole('tab', { name: '原文（标出改动）' }).click();
    await page.locator('[data-edit]').first().waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'meeting-text-phone');
    await context.close();
  });
});

describe('importing the same report again, leaving its garbled text undecided', () => {
  it('warns of the earlier meeting, and refuses to finish the review until the garbled text is read', async () => {
    expect(meetingPath).toMatch(/^\/meetings\/\d+$/);
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-meeting-garbled', false);
    });
    await logInAs(page, 'admin');
    await page.goto('/meetings/import');
    await pasteAndParse(page, dangyang, '2022-05-17');

    // The meeting imported first has the same title and date: named, with a link, but not in the way.
    const duplicates = page.locator('[data-duplicates]');
    await duplicates.getByText('已有 1 个同名、同日期的会议，可能是重复导入').waitFor();
    await expect(
      duplicates.getByRole('link', { name: '当阳市疫情防控指挥部电视电话会议' }).getAttribute('href'),
    ).resolves.toBe(meetingPath);

    // A cleared title, a screen above the save button, is brought into view and said.
    const title = page.getByLabel('会议名称');
    await title.fill('');
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.getByText('请先改正标红的内容：请输入会议名称').waitFor();
    await expect
      .poll(() =>
        title.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    await title.fill('当阳市疫情防控指挥部电视电话会议');

    // Saved with the garbled span undecided; the earlier meeting is named again.
    await page.getByText('还有 1 处乱码未决定，保存后将保留标记').waitFor();
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    expect(new URL(page.url()).pathname).not.toBe(meetingPath);
    const earlier = meetingPath.split('/').at(-1);
    await page.getByText(`注意：已有同名、同日期的会议（编号 ${earlier}），请确认不是重复导入`).waitFor();

    // The directive holding the garble is marked before anyone tries to finish.
    const garbled = page.locator('[data-directive]').filter({ has: page.locator('[data-garbled]') });
    await expect.poll(() => garbled.count()).toBe(1);
    const seq = Number(await garbled.getAttribute('data-directive'));
    await expect(garbled.locator('[role="button"]').textContent()).resolves.toContain('医护人员?饝羯祥T服务');

    // Everything accepted, finishing is refused, naming the directive and what to do.
    await page.getByRole('button', { name: '全部采纳' }).click();
    await confirm(page);
    await page.getByText('待审核 0 条').waitFor();
    await page.getByRole('button', { name: '完成审核' }).click();
    await page.getByText('1 条已采纳的要求中仍有乱码，不能完成审核').waitFor();
    const named = page.getByText(`第 ${seq} 条含乱码“?饝羯祥T”（建议改为“逐户上门”）`);
    await named.waitFor();
    await page.getByText(/采用建议文字，或点“编辑”改正这些要求中的乱码/).waitFor();
    await named.click();
    await expect
      .poll(async () => (await page.locator('[data-highlight]').allTextContents()).join(''))
      .toContain('?饝羯祥T');
    await page.locator('.ant-card').first().getByText('草稿', { exact: true }).waitFor();
    await saveScreenshot(page, 'meeting-review-garbled-desktop', false);

    // The suggestion taken here, the text and the directive are corrected, and the review goes through.
    const open = page.locator('[data-unreadable-list]');
    await open.getByText('逐户上门').waitFor();
    await open.getByRole('button', { name: '采用建议' }).click();
    await confirm(page);
    await page.getByText('已采用建议“逐户上门”，正文和相关要求已改正').waitFor();
    await expect
      .poll(() => card(page, seq).locator('[role="button"]').textContent())
      .toContain('医护人员逐户上门服务');
    await expect(page.locator('[data-garbled]').count()).resolves.toBe(0);
    await expect(page.locator('[data-unreadable-list]').count()).resolves.toBe(0);
    await expectStatus(page, seq, 'accepted');
    await page.getByRole('button', { name: '完成审核' }).click();
    await page.getByText('审核完成，要求已锁定').first().waitFor();
    await page.locator('.ant-card').first().getByText('已审核', { exact: true }).waitFor();
    await context.close();
  });
});

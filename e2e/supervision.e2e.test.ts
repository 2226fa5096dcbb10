// The supervision journey: on a phone, HQ staff turn three accepted directives of a reviewed meeting into tasks for
// three units (the deadlines read from a 2022 report have passed and are refused on their fields, the cadenced one
// is kept), and the directives show their tasks; the districts deliver; 督办考评 ranks them with 红黑榜, a chart and
// the table; on a desktop the period, the settings (the server's messages under the fields), Excel and English.
import { sql } from 'drizzle-orm';
import { type APIRequestContext, type Page, request } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { logInAs, motionSettled, phone, saveScreenshot } from './support/browser.ts';
import { startJourney } from './support/journey.ts';

// The ranking's figures are worked out by hand from this journey's own tasks: the demo's tasks go first (the
// database is this file's own), and the 督办通知书 numbers start again.
const journey = startJourney({
  prepare: async (database) => {
    await database.db.execute(sql`delete from tasks`);
    await database.db.execute(sql`update supervision_settings set notice_serial = 0, notice_year = null`);
  },
});

/** Today in Beijing as YYYY-MM-DD: deadlines and the ranking's month are Beijing days. */
const beijingToday = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(new Date());

const texts = {
  health: '由市卫健委牵头，市公安局配合，11月底前完成全市隔离点排查',
  housing: '市住建局要每周一报送自建房安全排查整治进展',
  xiling: '西陵区要在本周内完成老旧小区自建房排查',
  counties: '各县市区要在本月底前完成60岁以上人群疫苗接种摸底',
};

let meetingPath = '';

/** An API session of its own for an account, the way a second person would act at the same time. */
async function apiAs(username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: journey.url });
  const login = await api.post('/api/auth/login', { data: { username, password: 'Tongchou@2022' } });
  expect(login.status(), await login.text()).toBe(200);
  return api;
}

async function send(api: APIRequestContext, taskId: number, type: string, note?: string) {
  const res = await api.post(`/api/tasks/${taskId}/events`, { data: { type, note } });
  expect(res.status(), `${type}: ${await res.text()}`).toBe(200);
}

/** A ranking row's cells by their column's header. */
async function figures(page: Page, unit: string): Promise<Record<string, string>> {
  const headers = await page.locator('.ant-table-thead th').allTextContents();
  const cells = await page.locator(`tr[data-unit="${unit}"] td`).allTextContents();
  return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]));
}

/** Waits until no table or card is showing its loading veil, so a picture shows the data, not a fade. */
async function settled(page: Page) {
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await motionSettled(page);
}

async function pickDate(page: Page, input: ReturnType<Page['locator']>, day: string) {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await motionSettled(page);
}

describe('turning directives into tasks and evaluating the units', () => {
  it('on a phone: three accepted directives become tasks for three units; refused deadlines are shown on their fields', async () => {
    const admin = await apiAs('admin');
    const made = await admin.post('/api/meetings', {
      data: { title: '宜昌市疫情防控指挥部调度会', date: '2022-11-02', kind: 'scheduling_meeting' },
    });
    expect(made.status(), await made.text()).toBe(201);
    const meeting = (await made.json()) as { id: number };
    const ids: Record<keyof typeof texts, number> = { health: 0, housing: 0, xiling: 0, counties: 0 };
    for (const key of Object.keys(texts) as (keyof typeof texts)[]) {
      const res = await admin.post(`/api/meetings/${meeting.id}/directives`, {
        data: { text: texts[key], status: 'accepted' },
      });
      expect(res.status(), await res.text()).toBe(201);
      ids[key] = ((await res.json()) as { id: number }).id;
    }
    const reviewed = await admin.post(`/api/meetings/${meeting.id}/review`);
    expect(reviewed.status(), await reviewed.text()).toBe(200);
    await admin.dispose();
    meetingPath = `/meetings/${meeting.id}`;

    const context = await journey.context({ viewport: phone });
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-task-conversion-phone', false);
    });
    await logInAs(page, 'staff');
    await page.goto(meetingPath);
    const card = (seq: number) => page.locator(`[data-directive="${seq}"]`);
    await card(1).waitFor();
    // Nothing made yet: each accepted directive says so.
    for (const seq of [1, 2, 3, 4]) await card(seq).getByText('未转任务').waitFor();
    await expect(page.getByRole('button', { name: '转为任务' }).isDisabled()).resolves.toBe(true);

    for (const seq of [1, 2, 3])
      await page.getByRole('checkbox', { name: `选择第 ${seq} 条转为任务` }).check();
    await page.getByRole('button', { name: '转为任务（3）' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '转为任务（3 条要求）' });
    const draft = (key: keyof typeof texts) => drawer.locator(`[data-task-draft="d${ids[key]}"]`);
    await draft('health').getByText('依据：').waitFor();
    await motionSettled(page);

    // Filled in from the text, with the reasons in grey.
    const health = draft('health');
    await expect(health.locator('[data-reasons]').textContent()).resolves.toContain(
      '市卫健委 → 宜昌市卫生健康委员会',
    );
    await expect(health.locator('[data-reasons]').textContent()).resolves.toContain('11月底前 → 2022-11-30');
    await health.getByText('宜昌市卫生健康委员会', { exact: true }).waitFor();
    await health.getByText('宜昌市公安局', { exact: true }).waitFor();
    await expect(health.getByLabel('任务标题').inputValue()).resolves.not.toBe('');
    await draft('housing').getByText('宜昌市住房和城乡建设局', { exact: true }).waitFor();
    await expect(draft('housing').getByRole('radio', { name: '定期报送' }).isChecked()).resolves.toBe(true);
    await draft('xiling').getByText('西陵区人民政府', { exact: true }).waitFor();
    await draft('xiling').getByText('西陵区', { exact: true }).waitFor();
    // A date read from a 2022 report has passed: said before sending.
    await health.getByText(/按要求原文推算的期限 2022年11月30日 已过/).waitFor();
    await saveScreenshot(page, 'task-conversion-phone', false);
    // The phone gets the whole screen, and nothing runs off its side.
    const box = await drawer.locator('.ant-drawer-section').boundingBox();
    expect(box?.width).toBe(phone.width);
    await expect(
      page.evaluate(() => document.querySelector('.ant-drawer-body')!.scrollWidth - window.innerWidth),
    ).resolves.toBeLessThanOrEqual(0);

    // Sent as they are: the server refuses the passed deadlines, under their fields; the weekly task is made.
    await drawer.getByRole('button', { name: '交办 3 项任务' }).click();
    await page.getByText('已交办 1 项；2 项未交办（第 1 条、第 3 条），请按提示修改后重新提交').waitFor();
    await draft('health').locator('.ant-form-item-explain-error').getByText('期限已过').waitFor();
    await draft('xiling').locator('.ant-form-item-explain-error').getByText('期限已过').waitFor();
    await draft('health')
      .getByText(/期限 2022-11-30 已经过去/)
      .waitFor();
    await expect(draft('housing').count()).resolves.toBe(0);
    await drawer.getByText(/第 2 条 → 任务“.+”，牵头：宜昌市住房和城乡建设局/).waitFor();
    await motionSettled(page);
    await saveScreenshot(page, 'task-conversion-refused-phone', false);
    await draft('health').getByLabel('办结期限').scrollIntoViewIfNeeded();
    await motionSettled(page);
    await saveScreenshot(page, 'task-conversion-deadline-phone', false);

    // New dates, and the two that failed go again.
    await pickDate(page, draft('health').getByLabel('办结期限'), beijingToday);
    await pickDate(page, draft('xiling').getByLabel('办结期限'), beijingToday);
    await expect(draft('health').locator('.ant-form-item-explain-error').count()).resolves.toBe(0);
    await drawer.getByRole('button', { name: '重新提交未交办的 2 项' }).click();
    await page.getByText('已交办 2 项任务').waitFor();
    await drawer.waitFor({ state: 'detached' });

    // Each directive now names its task: state, lead unit, light.
    const tag = (seq: number) => card(seq).locator('[data-task]');
    await expect.poll(() => tag(1).textContent()).toBe('待签收 · 宜昌市卫生健康委员会');
    await expect.poll(() => tag(2).textContent()).toBe('待签收 · 宜昌市住房和城乡建设局');
    await expect.poll(() => tag(3).textContent()).toBe('待签收 · 西陵区人民政府');
    // Due today: within the yellow days.
    await expect(tag(1).getAttribute('data-light')).resolves.toBe('yellow');
    await expect(page.getByText('未转任务', { exact: true }).count()).resolves.toBe(1);
    await card(4).getByText('未转任务').waitFor();
    const href = await card(3).locator('a:has([data-task])').getAttribute('href');
    expect(href).toMatch(/^\/tasks\/\d+$/);
    await settled(page);
    await saveScreenshot(page, 'meeting-tasks-phone');
    await context.close();
  });

  it('on a phone: the units deliver, and 督办考评 ranks them with 红黑榜, a chart and the figures', async () => {
    expect(meetingPath).not.toBe('');
    const admin = await apiAs('admin');
    const meetingId = Number(meetingPath.split('/').pop());
    const list = await admin.get(`/api/tasks?meetingId=${meetingId}&pageSize=100`);
    const tasks = (await list.json()).items as { id: number; leadUnit: { name: string } }[];
    expect(tasks).toHaveLength(3);
    const xilingTask = tasks.find((t) => t.leadUnit.name === '西陵区人民政府')!;

    // 西陵区 signs and delivers on time.
    const xiling = await apiAs('xiling');
    await send(xiling, xilingTask.id, 'sign');
    await send(xiling, xilingTask.id, 'submit', '已完成老旧小区自建房排查');
    // 伍家岗区 gets a task of its own, is sent back once, then delivers.
    const units = await admin.get('/api/units', { params: { q: '伍家岗区', pageSize: 5 } });
    const wujiagangUnit = ((await units.json()).items as { id: number; name: string }[]).find(
      (u) => u.name === '伍家岗区人民政府',
    )!;
    const created = await admin.post('/api/tasks', {
      data: {
        title: '完成辖区农贸市场消杀',
        category: 'epidemic',
        regionCode: '420503000000',
        leadUnitId: wujiagangUnit.id,
        dueAt: beijingToday,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const wujiagangTask = ((await created.json()) as { id: number }).id;
    const wujiagang = await apiAs('wujiagang');
    await send(wujiagang, wujiagangTask, 'sign');
    await send(wujiagang, wujiagangTask, 'submit');
    await send(admin, wujiagangTask, 'return', '缺少消杀记录照片');
    await send(wujiagang, wujiagangTask, 'submit', '已补充消杀记录');
    await Promise.all([admin.dispose(), xiling.dispose(), wujiagang.dispose()]);

    const context = await journey.context({ viewport: phone });
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-ranking-phone', false);
    });
    await logInAs(page, 'staff');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await motionSettled(page);
    await page.locator('.ant-drawer .ant-menu').getByText('督办考评', { exact: true }).click();
    await page.waitForURL('**/supervision');
    const row = (unit: string) => page.locator(`tr[data-unit="${unit}"]`);
    await row('西陵区人民政府').waitFor();

    // This month by default; the figures in the table.
    await expect(page.getByRole('radio', { name: '本月' }).isChecked()).resolves.toBe(true);
    // Read by column name: on a phone the score and list come first after the unit.
    const xilingFigures = await figures(page, '西陵区人民政府');
    expect(xilingFigures).toMatchObject({
      名次: '1',
      任务数: '1',
      按时完成: '1',
      按时率: '100.0%',
      逾期: '0',
      退回: '0',
      拒收: '0',
      平均逾期天数: '0.0',
      得分: '100.0',
      红黑榜: '红榜',
    });
    expect(await figures(page, '伍家岗区人民政府')).toMatchObject({
      名次: '2',
      任务数: '1',
      按时率: '100.0%',
      退回: '1',
      得分: '98.0',
      红黑榜: '红榜',
    });
    const headers = (await page.locator('.ant-table-thead th').allTextContents()).map((h) => h.trim());
    expect(headers.slice(0, 4)).toEqual(['名次', '单位', '得分', '红黑榜']);
    // The 卫健委 task is due later today and not delivered: not yet rated, so not listed.
    await expect(row('宜昌市卫生健康委员会').count()).resolves.toBe(0);

    // 红黑榜 above the table, the rule with its weights, the chart drawn on a canvas.
    await expect(page.locator('[data-list="red"] li').allTextContents()).resolves.toEqual([
      '西陵区人民政府100 分',
      '伍家岗区人民政府98 分',
    ]);
    await page.locator('[data-list="black"]').getByText('本期无单位上黑榜').waitFor();
    await expect(page.locator('[data-formula]').textContent()).resolves.toContain('退回次数 × 2');
    const canvas = page.locator('[data-ranking-chart] canvas');
    await canvas.waitFor();
    const size = await canvas.boundingBox();
    expect(size?.width).toBeGreaterThan(200);
    expect(size?.height).toBeGreaterThan(60);
    await settled(page);
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).resolves.toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'ranking-phone');
    await context.close();
  });

  it('on a desktop: period buttons, kinds, settings refused and saved, Excel, English', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-ranking-desktop', false);
    });
    await logInAs(page, 'admin');

    // Several directives can also become one task: the first lead, the others' units as co-units, both texts.
    await page.goto(meetingPath);
    for (const seq of [1, 2]) await page.getByRole('checkbox', { name: `选择第 ${seq} 条转为任务` }).check();
    await page.getByRole('button', { name: '转为任务（2）' }).click();
    const conversion = page.locator('.ant-drawer').filter({ hasText: '转为任务（2 条要求）' });
    await conversion.getByText('合并为一项任务（2 条要求）').click();
    const merged = conversion.locator('[data-task-draft="merged"]');
    await merged.getByText('第 1、2 条（合并）').waitFor();
    await expect(conversion.locator('[data-task-draft]').count()).resolves.toBe(1);
    await expect(merged.getByLabel('任务描述').inputValue()).resolves.toBe(
      `${texts.health}\n${texts.housing}`,
    );
    await merged.getByText('宜昌市卫生健康委员会', { exact: true }).waitFor();
    await merged.getByText('宜昌市住房和城乡建设局', { exact: true }).waitFor();
    await merged.getByText('宜昌市公安局', { exact: true }).waitFor();
    await merged.getByLabel('任务标题').fill('隔离点和自建房排查');
    await motionSettled(page);
    await saveScreenshot(page, 'task-conversion-merged-desktop', false);
    // Back to one task each and merged again: what was typed is kept.
    await conversion.getByText('合并为一项任务（2 条要求）').click();
    await expect(conversion.locator('[data-task-draft]').count()).resolves.toBe(2);
    await conversion.getByText('合并为一项任务（2 条要求）').click();
    await expect(merged.getByLabel('任务标题').inputValue()).resolves.toBe('隔离点和自建房排查');
    await conversion.getByRole('button', { name: /取\s*消/ }).click();
    await conversion.waitFor({ state: 'detached' });
    await expect(page.locator('[data-directive="1"] [data-task]').count()).resolves.toBe(1);
    // Cancelling keeps the choice; it is cleared by hand.
    await page.getByRole('button', { name: '转为任务（2）' }).waitFor();
    await page.getByRole('button', { name: '取消选择' }).click();

    // 各县市区: split by county, and the parent task still wants a lead unit, which the form says.
    await page.getByRole('checkbox', { name: '选择第 4 条转为任务' }).check();
    await page.getByRole('button', { name: '转为任务（1）' }).click();
    const split = page.locator('.ant-drawer').filter({ hasText: '转为任务（1 条要求）' });
    await split.getByText(/交办时为 13 个县市区各建一项子任务：.*西陵区人民政府/).waitFor();
    await expect(split.getByRole('switch').isChecked()).resolves.toBe(true);
    await split.getByRole('button', { name: '交办 1 项任务' }).click();
    await split.getByText('分解到各县市区时，仍需选择一个牵头单位').waitFor();
    await motionSettled(page);
    await saveScreenshot(page, 'task-conversion-split-desktop', false);
    await split.getByRole('button', { name: /取\s*消/ }).click();
    await split.waitFor({ state: 'detached' });

    await page.locator('.ant-menu').getByText('督办考评', { exact: true }).click();
    await page.waitForURL('**/supervision');
    const row = (unit: string) => page.locator(`tr[data-unit="${unit}"]`);
    await row('伍家岗区人民政府').waitFor();

    // The year holds this month; departments alone have nothing rated yet.
    await page.getByText('本年', { exact: true }).click();
    await page.waitForURL(
      new RegExp(`from=${beijingToday.slice(0, 4)}-01-01&to=${beijingToday.slice(0, 4)}-12-31`),
    );
    await row('伍家岗区人民政府').waitFor();
    await page.getByRole('combobox', { name: '单位类别' }).click();
    await page.locator('.ant-select-dropdown:visible').getByText('职能部门', { exact: true }).click();
    await page.getByText('这段时间没有可考评的任务').waitFor();
    await page.getByRole('combobox', { name: '单位类别' }).click();
    await page.locator('.ant-select-dropdown:visible').getByText('全部单位', { exact: true }).click();
    await row('伍家岗区人民政府').waitFor();

    // The same period as Excel.
    const exportHref = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    expect(exportHref).toContain(`from=${beijingToday.slice(0, 4)}-01-01`);
    const file = await page.request.get(exportHref!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');

    // Settings: the server's rule under the field it is about, then a change that moves the scores.
    await page.getByRole('button', { name: '考评设置' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '督办考评设置' });
    await drawer.getByLabel('黑榜分数线').waitFor();
    await motionSettled(page);
    await drawer.getByLabel('黑榜分数线').fill('95');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.locator('.ant-form-item-explain-error').getByText('黑榜分数线不能高于红榜最低分').waitFor();
    await drawer.getByLabel('每项逾期扣分').fill('');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.locator('.ant-form-item-explain-error').getByText('逾期扣分应为数字').waitFor();
    await saveScreenshot(page, 'ranking-settings-refused-desktop', false);
    await drawer.getByLabel('每项逾期扣分').fill('5');
    await drawer.getByLabel('黑榜分数线').fill('60');
    await drawer.getByLabel('每次退回扣分').fill('10');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存督办考评设置，排名已按新规则重新计算').waitFor();
    await expect.poll(() => page.locator('[data-formula]').textContent()).toContain('退回次数 × 10');
    await expect.poll(async () => (await figures(page, '伍家岗区人民政府')).得分).toBe('90.0');
    await settled(page);
    await saveScreenshot(page, 'ranking-desktop');

    // English.
    await page.getByText('English', { exact: true }).click();
    await page.getByText('Evaluation', { exact: true }).first().waitFor();
    await page.getByRole('columnheader', { name: 'On-time rate' }).waitFor();
    await page.getByText('This year', { exact: true }).waitFor();
    await expect(row('伍家岗区人民政府').textContent()).resolves.toContain('Red list');
    await settled(page);
    await saveScreenshot(page, 'ranking-desktop-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByText('督办考评', { exact: true }).first().waitFor();
    await context.close();
  });
});

// Personal data and scope as a user meets them: a unit's contact phone masked for staff and kept when they edit the
// unit, and a district administrator reading the log of a unit that moved in from another district.
import { beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { logInAs, phone, saveScreenshot } from './support/browser.ts';
import { startJourney } from './support/journey.ts';

const journey = startJourney();
let admin: string;

/** The API as the test's own client, for setting the scene the browser then looks at. */
async function api(method: string, url: string, cookie: string, body?: object) {
  const res = await fetch(journey.url + url, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}

async function login(username: string, password = 'Tongchou@2022') {
  const res = await fetch(`${journey.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

beforeAll(async () => {
  admin = await login('admin');
});

describe('personal data across roles and districts', () => {
  it('shows staff a masked contact phone and keeps the number when they edit the unit', async () => {
    const created = await api('POST', '/api/units', admin, {
      name: '宜昌市电话保留测试办',
      kind: 'department',
      regionCode: '420500000000',
      contactPhone: '0717-6221234',
    });
    expect(created.status).toBe(201);

    const context = await journey.context({ viewport: phone });
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-unit-phone', false);
    });
    await logInAs(page, 'staff');
    await page.goto(`/units?q=${encodeURIComponent('电话保留测试办')}`);
    const row = page.getByRole('row').filter({ hasText: '宜昌市电话保留测试办' });
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '编辑单位' });
    await expect.poll(() => form.getByLabel('联系电话').inputValue()).toBe('0717-***1234');
    await form.getByText('号码已部分隐藏').waitFor();
    await saveScreenshot(page, 'unit-masked-phone-phone', false);
    await form.getByLabel('简称').fill('电话测试办');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.waitFor({ state: 'detached' });
    const stored = await api('GET', `/api/units/${created.json.id}`, admin);
    expect(stored.json).toMatchObject({ shortName: '电话测试办', contactPhone: '0717-6221234' });

    // Saved, the unit opens in its drawer; a wrong number is still refused in the form.
    await page.locator('.ant-drawer').getByText('0717-***1234').waitFor();
    await page
      .locator('.ant-drawer')
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await form.getByLabel('联系电话').fill('12345');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.getByText('联系电话应为手机号或带区号的固定电话').waitFor();
    await context.close();
  });

  it('shows a district administrator a unit that moved in, without its state in the other district', async () => {
    const unit = (await api('GET', `/api/units?q=${encodeURIComponent('西陵区人民政府')}`, admin)).json
      .items[0];
    const account = await api('POST', '/api/users', admin, {
      username: 'xlaudit',
      displayName: '王西陵',
      password: 'District#2026',
      role: 'hq_admin',
      unitId: unit.id,
      scopeRegionCode: '420502000000',
    });
    expect(account.status).toBe(201);
    const moving = await api('POST', '/api/units', admin, {
      name: '迁入测试办公室',
      kind: 'department',
      regionCode: '420503000000',
    });
    expect(moving.status).toBe(201);
    expect(
      (await api('PATCH', `/api/units/${moving.json.id}`, admin, { regionCode: '420502000000' })).status,
    ).toBe(200);

    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-audit-moved', false);
    });
    await logInAs(page, 'xlaudit', 'District#2026');
    await page.goto('/audit');
    const entry = page.getByRole('row').filter({ hasText: '修改单位 迁入测试办公室' });
    await entry.getByRole('button', { name: /详\s*情/ }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '修改单位 迁入测试办公室' });
    await drawer.getByText('该记录变更前位于您管辖范围以外的区域').waitFor();
    await drawer.getByRole('cell', { name: '420502000000', exact: true }).first().waitFor();
    await expect.poll(() => drawer.getByText('其他辖区（不在您的管辖范围内）').count()).toBeGreaterThan(0);
    await expect(drawer.getByText('420503000000').count()).resolves.toBe(0);
    await saveScreenshot(page, 'audit-moved-unit-desktop', false);
    await context.close();
  });
});

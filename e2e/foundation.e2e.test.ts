// The foundation journey: log in, browse the division tree, switch language, log out; scope and login errors.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logInAs, motionSettled, phone, pickAccountMenu, saveScreenshot } from './support/browser.ts';
import { startJourney } from './support/journey.ts';

const journey = startJourney();

async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
  const context = await journey.context({ viewport });
  return context.newPage();
}

/** Waits until the region card's title reads `name`. */
const showsRegion = (page: Page, name: string) =>
  page.getByRole('heading', { level: 3, name, exact: true }).waitFor();

describe('an HQ administrator', () => {
  it('browses 宜昌市 → 西陵区 → 西陵街道, switches language and logs out', async () => {
    const page = await openPage();
    await page.goto('/regions');
    await page.getByText('疫情防控指挥部统筹平台').first().waitFor();
    await saveScreenshot(page, 'login-desktop');

    await logInAs(page, 'admin');
    await page.waitForURL('**/regions');
    await showsRegion(page, '宜昌市');
    await page.getByText('401.76万人').waitFor();
    await page.locator('header').getByText('周建国').waitFor();

    // Down the tree: the city's node lists its districts once loaded.
    const tree = page.locator('.ant-tree');
    await tree.getByText('西陵区', { exact: true }).click();
    await page.waitForURL('**/regions/420502000000');
    await showsRegion(page, '西陵区');

    // …and through the children table.
    await page.getByRole('cell', { name: '西陵街道' }).click();
    await page.waitForURL('**/regions/420502001000');
    await showsRegion(page, '西陵街道');
    await page.getByText('下辖社区村').waitFor();
    await expect(page.getByRole('row').filter({ hasText: '社区' }).count()).resolves.toBeGreaterThan(1);
    const breadcrumb = page.locator('.ant-breadcrumb');
    await expect(breadcrumb.textContent()).resolves.toMatch(/宜昌市\s*\/\s*西陵区\s*\/\s*西陵街道/);
    // The tree followed the table: 西陵街道 is open and selected.
    await expect(tree.locator('.ant-tree-node-selected').textContent()).resolves.toBe('西陵街道');
    await saveScreenshot(page, 'regions-township-desktop');

    // The back button returns to the district; the address can be bookmarked.
    await page.goBack();
    await showsRegion(page, '西陵区');
    expect(new URL(page.url()).pathname).toBe('/regions/420502000000');
    await breadcrumb.getByText('宜昌市').click();
    await page.waitForURL('**/regions/420500000000');

    // English and back.
    const menu = page.locator('.ant-layout-sider .ant-menu');
    await menu.getByText('区域', { exact: true }).waitFor();
    await page.getByText('English', { exact: true }).click();
    await menu.getByText('Regions', { exact: true }).waitFor();
    await expect(menu.getByText('区域', { exact: true }).count()).resolves.toBe(0);
    await page.getByText('Residents', { exact: true }).first().waitFor();
    await saveScreenshot(page, 'regions-city-desktop-en');
    await page.getByText('中文', { exact: true }).click();
    await menu.getByText('区域', { exact: true }).waitFor();
    await expect(menu.getByText('Regions', { exact: true }).count()).resolves.toBe(0);

    // The modules still to come are listed but cannot be opened.
    const inspections = menu.getByRole('menuitem').filter({ hasText: '督导检查' });
    await expect(inspections.getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(inspections.textContent()).resolves.toContain('待建设');
    const meetings = menu.getByRole('menuitem').filter({ hasText: '会议' });
    await expect(meetings.getAttribute('aria-disabled')).resolves.not.toBe('true');
    await expect(meetings.textContent()).resolves.not.toContain('待建设');

    await pickAccountMenu(page, '退出登录');
    await page.waitForURL('**/login');
    await page.getByText('已退出登录').waitFor();
    // The session is gone: a protected address leads back to the login page.
    await page.goto('/regions/420502000000');
    await page.waitForURL('**/login?next=**');
    await page.context().close();
  });
});

describe('searching regions', () => {
  it('names where each 第1网格 lies, pages through them, and opens the one picked', async () => {
    const page = await openPage();
    await logInAs(page, 'xiling');
    // A liaison lands on their task inbox; the regions are one click away.
    await page.waitForURL('**/tasks/inbox');
    await page.goto('/regions');
    await showsRegion(page, '西陵区');
    const box = page.getByPlaceholder('按名称或区划代码搜索');
    await box.fill('第1網格');
    await box.press('Enter');
    const results = page.locator('.ant-card').filter({ hasText: '搜索结果' });
    await results.getByText(/搜索结果（\d+）/u).waitFor();
    const hits = results.locator('.ant-list-item');
    await expect.poll(() => hits.count()).toBe(20);
    await hits.first().getByText('西陵区 西陵街道', { exact: false }).waitFor();
    const firstPage = await hits.first().textContent();
    await results.locator('.ant-pagination-next').click();
    await expect.poll(() => hits.first().textContent()).not.toBe(firstPage);
    await saveScreenshot(page, 'regions-search-grids-desktop', false);
    const picked = hits.first();
    const within = (await picked.locator('div div').first().textContent()) ?? '';
    await picked.click();
    const community = within.split(' ').at(-1) ?? '';
    await page.locator('.ant-breadcrumb').getByText(community).waitFor();
    await page.context().close();
  });
});

describe('a district liaison (西陵区)', () => {
  it('cannot reach 伍家岗区 by tree, search or address', async () => {
    const page = await openPage();
    await logInAs(page, 'xiling');
    // A liaison lands on their task inbox; the regions are one click away.
    await page.waitForURL('**/tasks/inbox');
    await page.goto('/regions');
    await showsRegion(page, '西陵区');
    const tree = page.locator('.ant-tree');
    await tree.getByText('西陵街道').waitFor();
    await expect(tree.textContent()).resolves.not.toContain('伍家岗');
    await expect(page.getByText('宜昌市').count()).resolves.toBe(0);

    await page.getByPlaceholder('按名称或区划代码搜索').fill('伍家岗');
    await page.getByPlaceholder('按名称或区划代码搜索').press('Enter');
    await page.getByText('管辖范围内没有与“伍家岗”匹配的区域').waitFor();

    await page.goto('/regions/420503000000');
    await page.getByText('无法查看该区域').waitFor();
    await page.getByText('不存在或不在您的管辖范围内').waitFor();
    const body = await page.locator('main, .ant-layout-content').first().textContent();
    expect(body).not.toContain('伍家岗');
    expect(body).not.toMatch(/常住人口/);
    await saveScreenshot(page, 'regions-out-of-scope-desktop');
    await page.context().close();
  });
});

describe('logging in', () => {
  it('shows the server’s message for a wrong password', async () => {
    const page = await openPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('请输入用户名').waitFor();
    await page.getByText('请输入密码', { exact: true }).waitFor();
    await page.getByLabel('用户名').fill('leader');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误，再错4次账号将被锁定' }).waitFor();
    await saveScreenshot(page, 'login-wrong-password-desktop');
    await page.context().close();
  });
});

describe("changing one's password", () => {
  it('explains a weak or mismatched new password, then the new one is the one that works', async () => {
    const page = await openPage();
    await logInAs(page, 'staff');
    await pickAccountMenu(page, '修改密码');
    const dialog = page.locator('.ant-modal').filter({ hasText: '确认新密码' });
    await dialog.getByLabel('当前密码').fill('Tongchou@2022');
    await dialog.getByLabel('新密码', { exact: true }).fill('short');
    await dialog.getByText('密码至少8位').waitFor();
    await dialog.getByLabel('新密码', { exact: true }).fill('Staff#Pass2026');
    await dialog.getByLabel('确认新密码').fill('Staff#Pass2027');
    await dialog.getByText('两次输入的新密码不一致').waitFor();
    await dialog.getByLabel('确认新密码').fill('Staff#Pass2026');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('密码已修改，其他设备上的登录已失效').waitFor();
    await page.context().clearCookies();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('staff');
    await page.getByLabel('密码').fill('Tongchou@2022');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await logInAs(page, 'staff', 'Staff#Pass2026');
    await page.locator('header').getByText('刘晓燕').waitFor();
    await page.context().close();
  });
});

describe('on a phone (390×844)', () => {
  it('shows the regions page with a menu drawer and no sideways overflow', async () => {
    const page = await openPage(phone);
    await page.goto('/login');
    await saveScreenshot(page, 'login-phone');
    await logInAs(page, 'admin');
    await page.goto('/regions/420502001000');
    await showsRegion(page, '西陵街道');
    await page.getByRole('cell').filter({ hasText: '社区' }).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'regions-township-phone');

    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('单位', { exact: true }).waitFor();
    await motionSettled(page); // let the slide-in finish before the picture
    await saveScreenshot(page, 'menu-drawer-phone', false);
    await drawer.getByText('单位', { exact: true }).click();
    await page.waitForURL('**/units');
    await page.context().close();
  });
});

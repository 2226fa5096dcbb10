// The administrator's journey: a new unit, a new account for it, the audited look at personal data, the audit log,
// an account's scope taken from its unit, unlocking a locked account.
import { describe, expect, it, onTestFailed } from 'vitest';
import { idNumberCheckChar } from '../shared/contracts/personal.ts';
import { choose, logInAs, motionSettled, saveScreenshot } from './support/browser.ts';
import { startJourney } from './support/journey.ts';

const journey = startJourney();

const idFirst17 = '42050219900101123';
const validIdNumber = idFirst17 + idNumberCheckChar(idFirst17);
const wrongCheck = idNumberCheckChar(idFirst17) === '1' ? '2' : '1';

describe('an HQ administrator', () => {
  it('creates a unit and an account, views its personal data and finds that view in the audit log', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-admin', false);
    });
    await logInAs(page, 'admin');

    // A new working group under the HQ office.
    await page.locator('.ant-menu').getByText('单位', { exact: true }).click();
    await page.waitForURL('**/units');
    await page.getByText('宜昌市疫情防控指挥部办公室', { exact: true }).first().waitFor();
    await saveScreenshot(page, 'units-desktop');
    await page.getByRole('button', { name: '新建单位' }).click();
    const unitForm = page.locator('.ant-modal').filter({ hasText: '新建单位' });
    await unitForm.getByRole('button', { name: /保\s*存/ }).click();
    await unitForm.getByText('请输入单位名称').waitFor();
    await unitForm.getByText('请选择单位类别').waitFor();
    await unitForm.getByLabel('单位名称').fill('核酸检测专班');
    await unitForm.getByLabel('简称').fill('核酸专班');
    await choose(page, unitForm, '类别', '工作组');
    await choose(page, unitForm, '上级单位', '宜昌市疫情防控指挥部办公室', '指挥部办公室');
    await unitForm.getByLabel('联系电话').fill('12345');
    await unitForm.getByRole('button', { name: /保\s*存/ }).click();
    await unitForm.getByText('联系电话应为手机号或带区号的固定电话').waitFor();
    await unitForm.getByLabel('联系电话').fill('0717-6222222');
    await saveScreenshot(page, 'unit-form-desktop', false);
    await unitForm.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建单位 核酸检测专班').waitFor();
    const unitDrawer = page.locator('.ant-drawer').filter({ hasText: '核酸检测专班' });
    await unitDrawer.getByText('0717-6222222').waitFor();
    await unitDrawer.getByText('宜昌市疫情防控指挥部办公室').waitFor();
    await saveScreenshot(page, 'unit-drawer-desktop', false);
    await unitDrawer
      .getByRole('button', { name: 'Close' })
      .or(unitDrawer.locator('.ant-drawer-close'))
      .first()
      .click();

    // An account for that unit, scoped to 西陵区.
    await page.locator('.ant-menu').getByText('账号', { exact: true }).click();
    await page.waitForURL('**/users');
    await page.getByRole('cell', { name: 'xiling', exact: true }).waitFor();
    await page.getByRole('button', { name: '新建账号' }).click();
    const userForm = page.locator('.ant-modal').filter({ hasText: '新建账号' });
    await userForm.getByLabel('用户名').fill('hesuan01');
    await userForm.getByLabel('姓名').fill('王小红');
    await userForm.getByLabel('初始密码').fill('abc');
    await userForm.getByText('密码至少8位').waitFor();
    await userForm.getByLabel('初始密码').fill('Hesuan@2022');
    await choose(page, userForm, '角色', '单位联络员');
    await choose(page, userForm, '所属单位', '核酸检测专班', '核酸');
    await choose(page, userForm, '管辖区域', '西陵区', '西陵区');
    await userForm.getByLabel('手机号').fill('13972011234');
    await userForm.getByLabel('身份证号').fill(idFirst17 + wrongCheck);
    await userForm.getByRole('button', { name: /保\s*存/ }).click();
    await userForm.getByText('身份证号校验码不正确，请核对是否录入有误').waitFor();
    await saveScreenshot(page, 'user-form-invalid-id-desktop', false);
    await userForm.getByLabel('身份证号').fill(validIdNumber);
    await userForm.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建账号 王小红（hesuan01）').waitFor();

    // The list shows it masked…
    await page.getByPlaceholder('搜索用户名或姓名').fill('hesuan01');
    await page.getByPlaceholder('搜索用户名或姓名').press('Enter');
    const row = page.getByRole('row').filter({ hasText: 'hesuan01' });
    await row.getByText('139****1234').waitFor();
    await expect(row.getByText('13972011234').count()).resolves.toBe(0);
    await row.getByText('核酸检测专班').waitFor();
    await row.getByText('西陵区').waitFor();
    await saveScreenshot(page, 'users-desktop');

    // …and in full only after a confirm that says the view is recorded.
    await row.getByRole('button', { name: /查看完整信息/ }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('本次查看将记录在审计日志中').waitFor();
    await confirm.getByRole('button', { name: '确认查看' }).click();
    const personal = page.locator('.ant-modal').filter({ hasText: '王小红 的完整信息' });
    await personal.getByText('13972011234').waitFor();
    await personal.getByText(validIdNumber).waitFor();
    await saveScreenshot(page, 'user-personal-desktop', false);
    await personal.locator('.ant-modal-footer').getByRole('button').click();

    // The audit log has the view, with who and what.
    await page.locator('.ant-menu').getByText('审计日志', { exact: true }).click();
    await page.waitForURL('**/audit');
    await choose(page, page.locator('.ant-card'), '操作', '查看个人信息');
    const entry = page.getByRole('row').filter({ hasText: '查看 王小红 的身份证号、手机号' });
    await entry.waitFor();
    await entry.getByText('周建国（admin）').waitFor();
    await entry.getByText('查看个人信息').waitFor();
    await saveScreenshot(page, 'audit-desktop');

    // The account's creation shows its fields, personal data masked even here.
    await choose(page, page.locator('.ant-card'), '操作', '新建');
    const created = page.getByRole('row').filter({ hasText: '新建账号 hesuan01' });
    await created.getByRole('button', { name: /详\s*情/ }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '新建账号 hesuan01' });
    await expect.poll(() => drawer.textContent()).toContain('修改后');
    await drawer.getByRole('cell', { name: '王小红', exact: true }).waitFor();
    await drawer.getByRole('cell', { name: '139****1234', exact: true }).waitFor();
    await expect(drawer.getByText('13972011234').count()).resolves.toBe(0);
    await saveScreenshot(page, 'audit-drawer-desktop', false);
    await context.close();
  });
  it("starts a new account's scope empty, fills it from a district unit, and unlocks a locked account", async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-scope-unlock', false);
    });
    await logInAs(page, 'admin');

    // The name in the header opens the account menu, like the icon beside it.
    await page.locator('header').getByText('周建国', { exact: true }).click();
    await page.locator('.ant-dropdown:visible').getByText('退出登录', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-dropdown:visible').waitFor({ state: 'detached' });

    await page.goto('/users');
    await page.getByRole('cell', { name: 'xiling', exact: true }).waitFor();
    await page.getByRole('button', { name: '新建账号' }).click();
    const userForm = page.locator('.ant-modal').filter({ hasText: '新建账号' });
    const scopeInput = userForm.getByLabel('管辖区域', { exact: true });
    const scope = userForm
      .locator('.ant-select')
      .filter({ has: page.getByLabel('管辖区域', { exact: true }) });
    // Not the administrator's own 宜昌市: nothing until someone chooses.
    await expect.poll(() => scope.textContent()).toContain('输入名称或代码搜索区域');
    expect(await scope.textContent()).not.toContain('宜昌市');
    await userForm.getByLabel('用户名').fill('xlliaison');
    await userForm.getByLabel('姓名').fill('陈静');
    await userForm.getByLabel('初始密码').fill('Admin@123');
    await userForm.getByText('这个密码太常见，容易被猜中，请换一个').waitFor();
    await userForm.getByLabel('初始密码').fill('Xiling#2026b');
    await choose(page, userForm, '角色', '单位联络员');
    await choose(page, userForm, '所属单位', '西陵区人民政府', '西陵区人民');
    await expect.poll(() => scope.textContent()).toContain('西陵区');
    await saveScreenshot(page, 'user-form-scope-from-unit-desktop', false);

    // Typing another name and pressing Enter takes the first match, not the value already there.
    await scopeInput.click();
    const answered = page.waitForResponse((r) => r.url().includes(encodeURIComponent('伍家岗')) && r.ok());
    await scopeInput.fill('伍家岗');
    await answered;
    const firstHit = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await expect.poll(() => firstHit.textContent()).toContain('伍家岗区');
    await page.keyboard.press('Enter');
    await expect.poll(() => scope.textContent()).toContain('伍家岗区');
    // …which the server refuses for a 西陵区 unit, under the field.
    await userForm.getByRole('button', { name: /保\s*存/ }).click();
    await userForm.getByText('管辖区域应在所属单位的区域（西陵区）以内').waitFor();
    await choose(page, userForm, '管辖区域', '西陵街道', '西陵街道');
    await userForm.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建账号 陈静（xlliaison）').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'xlliaison' })
      .getByText('西陵街道', { exact: true })
      .waitFor();

    // 张丽 mistypes her password five times; the administrator lets her in again from the list.
    for (let i = 0; i < 5; i++) {
      await page.request.post('/api/auth/login', {
        data: { username: 'wujiagang', password: 'Wrong#Pass1' },
      });
    }
    await page.getByPlaceholder('搜索用户名或姓名').fill('wujiagang');
    await page.getByPlaceholder('搜索用户名或姓名').press('Enter');
    const row = page.getByRole('row').filter({ hasText: 'wujiagang' });
    await row.getByText('已锁定').waitFor();
    await saveScreenshot(page, 'users-locked-desktop', false);
    await row.getByRole('button', { name: /解\s*锁/ }).click();
    await page.getByText('已解锁 张丽（wujiagang）的账号，现在可以登录了').waitFor();
    await row.getByText('正常').waitFor();
    expect(await row.getByRole('button', { name: /解\s*锁/ }).count()).toBe(0);
    const her = await journey.context();
    const herPage = await her.newPage();
    await logInAs(herPage, 'wujiagang');
    await her.close();
    await context.close();
  });

  it('keeps list filters in the address: a reload, the back button and a shared link show the same list', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-list-filters', false);
    });
    await logInAs(page, 'admin');
    await page.goto('/users');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.filter({ hasText: 'admin' }).first().waitFor();
    await choose(page, page.locator('main'), '角色', '网格员');
    await expect.poll(() => new URL(page.url()).searchParams.get('role')).toBe('grid_worker');
    await expect.poll(() => rows.filter({ hasText: 'admin' }).count()).toBe(0);
    await rows.filter({ hasText: 'wangge' }).waitFor();

    await page.reload();
    await rows.filter({ hasText: 'wangge' }).waitFor();
    expect(await rows.filter({ hasText: 'admin' }).count()).toBe(0);
    await expect.poll(() => page.locator('main .ant-select').first().textContent()).toContain('网格员');

    await page.goto('/units');
    const search = page.getByPlaceholder('搜索单位名称或简称');
    await search.fill('卫健');
    await search.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('卫健');
    await rows.filter({ hasText: '卫生健康委员会' }).first().waitFor();

    await page.goBack();
    await rows.filter({ hasText: 'wangge' }).waitFor();
    expect(await rows.filter({ hasText: 'admin' }).count()).toBe(0);

    // Dates in a filter read as a Chinese official writes them.
    await page.goto('/audit?from=2022-05-01&to=2022-05-31');
    const range = page.locator('.ant-picker-range input');
    await expect.poll(() => range.first().inputValue()).toBe('2022年5月1日');
    expect(await range.nth(1).inputValue()).toBe('2022年5月31日');

    // The address with the filter, opened fresh, shows the filtered list and the search it came from.
    const shared = await context.newPage();
    await shared.goto('/units?q=%E5%8D%AB%E5%81%A5');
    await expect.poll(() => shared.getByPlaceholder('搜索单位名称或简称').inputValue()).toBe('卫健');
    await shared
      .locator('.ant-table-tbody tr.ant-table-row')
      .filter({ hasText: '卫生健康委员会' })
      .first()
      .waitFor();
    expect(
      await shared.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '公安局' }).count(),
    ).toBe(0);
    await context.close();
  });

  it('manages the grids of a community: creates one, and imports a sheet only when every row is right', async () => {
    const context = await journey.context();
    const page = await context.newPage();
    onTestFailed(async () => {
      await saveScreenshot(page, 'failure-grids', false);
    });
    await logInAs(page, 'admin');
    await page.goto('/regions/420502001001');
    await page.getByRole('heading', { level: 3, name: '土街头社区' }).waitFor();
    await page.getByText('下辖网格').waitFor();

    // The community's own figures are corrected in a form that leaves its official name alone.
    await page.getByRole('button', { name: '修改人口' }).click();
    const figures = page.locator('.ant-modal').filter({ hasText: '修改人口：土街头社区' });
    expect(await figures.getByLabel('网格名称').count()).toBe(0);
    await figures.getByLabel('常住人口', { exact: true }).fill('9000');
    await figures.getByLabel('60岁以上人口', { exact: true }).fill('9500');
    await figures.getByRole('button', { name: /保\s*存/ }).click();
    await figures.getByText('60岁以上人口不能多于常住人口').waitFor();
    await figures.getByLabel('60岁以上人口', { exact: true }).fill('2000');
    await figures.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').first().waitFor();
    const facts = page.locator('.ant-descriptions').first();
    await expect.poll(() => facts.textContent()).toContain('9,000人');
    await expect.poll(() => facts.textContent()).toContain('22.2%');
    // Its grids now hold fewer people than the community: the page says by how many.
    await expect.poll(() => facts.textContent()).toMatch(/网格人口合计[\d,]+人，比社区常住人口少 [\d,]+人/u);

    await page.getByRole('button', { name: '新建网格' }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '在土街头社区新建网格' });
    await form.getByLabel('网格名称').fill('第7网格');
    await form.getByLabel('常住人口', { exact: true }).fill('500');
    await form.getByLabel('60岁以上人口', { exact: true }).fill('600');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.getByText('60岁以上人口不能多于常住人口').waitFor();
    await form.getByLabel('60岁以上人口', { exact: true }).fill('120');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建网格 第7网格（420502001001007）').waitFor();
    await page.getByRole('row').filter({ hasText: '420502001001007' }).getByText('24.0%').waitFor();

    // The template is an Excel file named for the community, its code column kept as text.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: /下载模板/ })
        .first()
        .click(),
    ]);
    expect(template.suggestedFilename()).toBe('土街头社区网格导入模板.xlsx');

    // A sheet with one bad row is refused as a whole, row by row.
    await page.getByRole('button', { name: '导入网格' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '上传 Excel' });
    const upload = dialog.locator('input[type=file]');
    const header = '所属社区代码,网格名称,网格代码,常住人口,60岁以上人口';
    await upload.setInputFiles({
      name: '网格.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${header}\n420502001001,第8网格,,400,90\n420502001001,第9网格,,100,200\n`),
    });
    await dialog.getByText('未导入任何数据').waitFor();
    await motionSettled(page); // the progress bar animates to its final state
    const problem = dialog.getByRole('row').filter({ hasText: '60岁以上人口不能多于常住人口' });
    await problem.getByText('3', { exact: true }).waitFor();
    await saveScreenshot(page, 'grid-import-refused-desktop', false);

    await upload.setInputFiles({
      name: '网格.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${header}\n420502001001,第8网格,,400,90\n420502001001,第9网格,,300,80\n`),
    });
    await dialog.getByText('已导入 2 个网格').waitFor();
    await saveScreenshot(page, 'grid-import-done-desktop', false);
    await dialog.getByRole('button', { name: /完\s*成/ }).click();
    await page.getByText('共 9 项').waitFor();
    await page.locator('.ant-tree').getByText('第9网格').waitFor();
    await context.close();
  });
});

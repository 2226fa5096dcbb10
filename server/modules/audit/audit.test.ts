// The audit log: what is recorded, who may browse it, and that browsing is scoped and filterable.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGrid, makeUser } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('audit log', () => {
  it('records logins, failed logins and logouts with who and from where', async () => {
    // An account of this test's own, so other tests' logins are not in its entries.
    const person = await makeUser(t, admin, { displayName: '审计测试员' });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: person.username, password: 'wrong' },
    });
    const cookie = await t.login(person.username, person.password);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    const items = (await get(`/api/audit?actor=${person.username}&pageSize=10`, admin)).json().items;
    expect(items.map((i: { action: string }) => i.action)).toEqual(['logout', 'login', 'login_failed']);
    expect(items[2].summary).toContain('密码错误');
    expect(items[1].ip).toBeTruthy();
    expect(items[1]).toMatchObject({ actorUsername: person.username, actorName: '审计测试员' });
    // The person's name finds the same entries as the login name.
    const byName = (await get(`/api/audit?actor=${encodeURIComponent('测试员')}&pageSize=10`, admin)).json();
    expect(byName.items.map((i: { id: number }) => i.id)).toEqual(items.map((i: { id: number }) => i.id));
  });

  it('filters by action and by date, newest first', async () => {
    const failed = (await get('/api/audit?action=login_failed', admin)).json();
    expect(failed.items.every((i: { action: string }) => i.action === 'login_failed')).toBe(true);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const todays = (await get(`/api/audit?from=${today}&to=${today}`, admin)).json();
    expect(todays.total).toBeGreaterThan(0);
    const times = todays.items.map((i: { at: string }) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const future = (await get('/api/audit?from=2099-01-01', admin)).json();
    expect(future.total).toBe(0);
    const bad = await get('/api/audit?from=yesterday', admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('querystring.from');
  });

  it('exports the filtered log to Excel, in Beijing time, with personal data masked', async () => {
    const leaderId = (await get('/api/users?q=leader', admin)).json().items[0].id;
    await get(`/api/users/${leaderId}/personal`, admin);
    const res = await get('/api/audit/export.xlsx?action=view_personal', admin);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('时间');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '时间',
      '操作人',
      '用户名',
      '操作',
      '对象',
      '对象编号',
      '区域代码',
      '摘要',
      '来源地址',
    ]);
    expect(sheet.getRow(2).getCell(2).text).toBe('周建国');
    expect(sheet.getRow(2).getCell(4).text).toBe('查看个人信息');
    expect(sheet.getRow(2).getCell(5).text).toBe('账号');
    expect(sheet.getRow(2).getCell(1).text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell.text)));
    expect(cells.join(' ')).not.toContain('13872010002');
    expect((await get('/api/audit/export.xlsx', await t.login('leader'))).statusCode).toBe(403);
  });

  it('is for HQ administrators only', async () => {
    for (const user of ['leader', 'staff', 'xiling', 'inspector', 'wangge']) {
      const res = await get('/api/audit', await t.login(user));
      expect(res.statusCode, user).toBe(403);
    }
  });

  it('shows a district administrator only what happened in the district', async () => {
    const districtAdminAccount = await makeUser(t, admin, {
      role: 'hq_admin',
      scopeRegionCode: '420502000000',
    });
    await makeGrid(t, admin, { parentCode: '420503001001', name: '伍家岗审计网格' });
    await makeGrid(t, admin, { parentCode: '420502001001', name: '西陵审计网格' });
    const districtAdmin = await t.login(districtAdminAccount.username, districtAdminAccount.password);
    const seen = (await get('/api/audit?pageSize=500', districtAdmin)).json();
    expect(seen.items.length).toBeGreaterThan(0);
    expect(seen.items.every((i: { regionCode: string }) => i.regionCode?.startsWith('420502'))).toBe(true);
    expect(JSON.stringify(seen)).toContain('西陵审计网格');
    expect(JSON.stringify(seen)).not.toContain('伍家岗审计网格');
    expect(JSON.stringify((await get('/api/audit?pageSize=500', admin)).json())).toContain('伍家岗审计网格');
  });
});

describe('audit scope across districts', () => {
  const password = 'District#2026';
  let xl: string;
  let wjg: string;
  beforeAll(async () => {
    const districtAdmin = async (username: string, displayName: string, unitName: string, scope: string) => {
      const unit = (await get(`/api/units?q=${encodeURIComponent(unitName)}`, admin)).json().items[0];
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: admin },
        payload: {
          username,
          displayName,
          password,
          role: 'hq_admin',
          unitId: unit.id,
          scopeRegionCode: scope,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return t.login(username, password);
    };
    xl = await districtAdmin('xlmove', '王西陵', '西陵区人民政府', '420502000000');
    wjg = await districtAdmin('wjgmove', '孙伍岗', '伍家岗区人民政府', '420503000000');
  });

  it('shows a unit moved from 伍家岗区 to 西陵区 to both districts, each without the other district’s state', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: admin },
      payload: {
        name: '伍家岗区迁移测试办公室',
        kind: 'department',
        regionCode: '420503000000',
        contactPhone: '0717-6221234',
      },
    });
    expect(created.statusCode).toBe(201);
    const unitId = created.json().id;
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/units/${unitId}`,
      headers: { cookie: admin },
      payload: { regionCode: '420502000000', name: '西陵区迁移测试办公室' },
    });
    expect(moved.statusCode).toBe(200);

    const entries = async (cookie: string) => {
      const res = await get(`/api/audit?entity=unit&entityId=${unitId}`, cookie);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('6221234');
      return res.json().items as {
        action: string;
        regionCode: string | null;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
        hidden: string[];
      }[];
    };

    // The city sees the whole move, with the phone masked as everywhere in the log.
    const city = await entries(admin);
    expect(city.map((e) => e.action)).toEqual(['update', 'create']);
    expect(city[0]).toMatchObject({
      hidden: [],
      regionCode: '420502000000',
      before: { regionCode: '420503000000', name: '伍家岗区迁移测试办公室', contactPhone: '0717-***1234' },
      after: { regionCode: '420502000000', name: '西陵区迁移测试办公室' },
    });

    // 西陵区 sees the unit arrive, not what it was in 伍家岗区; the creation in 伍家岗区 is not its business.
    const xiling = await entries(xl);
    expect(xiling).toHaveLength(1);
    expect(xiling[0]).toMatchObject({ action: 'update', hidden: ['before'], before: null });
    expect(xiling[0]!.after).toMatchObject({ regionCode: '420502000000', name: '西陵区迁移测试办公室' });
    expect(JSON.stringify(xiling)).not.toContain('420503');

    // 伍家岗区 sees its unit created and leave, not where it went.
    const wujiagang = await entries(wjg);
    expect(wujiagang.map((e) => e.action)).toEqual(['update', 'create']);
    expect(wujiagang[0]).toMatchObject({ hidden: ['after', 'regionCode'], after: null, regionCode: null });
    expect(wujiagang[0]!.before).toMatchObject({ regionCode: '420503000000' });
    expect(JSON.stringify(wujiagang)).not.toContain('420502');
    expect(JSON.stringify(wujiagang)).not.toContain('西陵区迁移');

    // The export withholds the other district's region code the same way.
    const sheet = await get(`/api/audit/export.xlsx?entity=unit&entityId=${unitId}`, wjg);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect([2, 3].map((r) => ws.getRow(r).getCell(7).text)).toEqual(['', '420503000000']);
    expect(ws.getRow(2).getCell(8).text).toBe('记录已移至您管辖范围以外的区域');
  });
});

// Units: the HQ's structure, CRUD with validation, uniqueness per parent, scope, export.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnit, makeUser } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
let xiling: string;
beforeAll(async () => {
  t = await createTestApp();
  [admin, xiling] = await Promise.all([t.login('admin'), t.login('xiling')]);
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

describe('unit list', () => {
  it('shows the HQ office with its sixteen working groups, the departments and every district', async () => {
    const all = (await call('GET', '/api/units?pageSize=100', admin)).json();
    const hq = all.items.find((u: { kind: string }) => u.kind === 'hq_office');
    expect(hq.name).toBe('宜昌市疫情防控指挥部办公室');
    // Other tests here add working groups under districts; the HQ office's own are the demo's sixteen.
    const groups = all.items.filter(
      (u: { kind: string; parentName: string }) => u.kind === 'working_group' && u.parentName === hq.name,
    );
    expect(groups).toHaveLength(16);
    const names = all.items.map((u: { name: string }) => u.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '宜昌市卫生健康委员会',
        '宜昌市住房和城乡建设局',
        '宜昌市商务局',
        '宜昌市应急管理局',
      ]),
    );
    expect(all.items.filter((u: { kind: string }) => u.kind === 'district')).toHaveLength(13);
  });

  it('filters by kind and text and pages on the server', async () => {
    const all = (await call('GET', '/api/units?kind=working_group&pageSize=100', admin)).json();
    expect(all.total).toBeGreaterThanOrEqual(16);
    expect(all.items.every((u: { kind: string }) => u.kind === 'working_group')).toBe(true);
    const page = (await call('GET', '/api/units?kind=working_group&pageSize=5&page=2', admin)).json();
    expect(page).toMatchObject({ total: all.total, page: 2, pageSize: 5 });
    expect(page.items).toEqual(all.items.slice(5, 10));
    const found = (await call('GET', `/api/units?q=${encodeURIComponent('卫健')}`, admin)).json();
    expect(found.items.map((u: { shortName: string }) => u.shortName)).toEqual(['市卫健委']);
  });

  it('shows a district liaison only the units of the district', async () => {
    const seen = (await call('GET', '/api/units?pageSize=100', xiling)).json();
    // The demo's one 西陵区 unit, and any a test here added under it.
    expect(seen.items.map((u: { name: string }) => u.name)).toContain('西陵区人民政府');
    expect(seen.items.every((u: { regionCode: string }) => u.regionCode.startsWith('420502'))).toBe(true);
    const wujiagang = (await call('GET', `/api/units?q=${encodeURIComponent('伍家岗')}`, admin)).json()
      .items[0];
    const direct = await call('GET', `/api/units/${wujiagang.id}`, xiling);
    expect(direct.statusCode).toBe(404);
    expect(direct.body).not.toContain('伍家岗');
  });

  it('exports the list as an Excel file a clerk can open', async () => {
    const res = await call('GET', '/api/units/export.xlsx?kind=district', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('单位列表'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('单位名称');
    expect(sheet.rowCount).toBe(14);
    expect(sheet.getRow(2).getCell(3).text).toBe('县市区');
    expect(sheet.getRow(2).getCell(6).text).toBe('420502000000');
  });
});

describe('unit changes', () => {
  it('creates a department, then refuses the same name again with 409', async () => {
    const body = {
      name: '宜昌市数据局',
      shortName: '市数据局',
      kind: 'department',
      regionCode: '420500000000',
      contactPhone: '0717-6222222',
    };
    const created = await call('POST', '/api/units', admin, body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '宜昌市数据局', regionName: '宜昌市', userCount: 0 });
    const dup = await call('POST', '/api/units', admin, body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].field).toBe('name');
    // Spaces (half or full width) and a full stop do not make another unit.
    for (const name of ['宜昌市 数据局', '宜昌市\u3000数据局', '宜昌市数据局。', ' 宜昌市数据局 ']) {
      const again = await call('POST', '/api/units', admin, { ...body, name });
      expect(again.statusCode, name).toBe(409);
    }
    const english = await call('POST', '/api/units', admin, { ...body, name: 'Yichang  Data  Bureau.' });
    expect(english.json().name).toBe('Yichang Data Bureau');
  });

  it('allows the same name under different parents (each district has its own 综合协调组)', async () => {
    const districts = (await call('GET', '/api/units?kind=district&pageSize=20', admin)).json().items;
    for (const d of districts.slice(0, 2)) {
      const res = await call('POST', '/api/units', admin, {
        name: '综合协调组',
        kind: 'working_group',
        parentId: d.id,
        regionCode: d.regionCode,
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it('names the bad field', async () => {
    const blank = await call('POST', '/api/units', admin, {
      name: '  ',
      kind: 'department',
      regionCode: '420500000000',
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details[0]).toMatchObject({ field: 'body.name', message: '单位名称不能为空' });
    const kind = await call('POST', '/api/units', admin, {
      name: 'X',
      kind: 'ministry',
      regionCode: '420500000000',
    });
    expect(kind.json().error.details[0].field).toBe('body.kind');
    const phone = await call('POST', '/api/units', admin, {
      name: 'X',
      kind: 'department',
      regionCode: '420500000000',
      contactPhone: '12345',
    });
    expect(phone.json().error.details[0].field).toBe('body.contactPhone');
    const region = await call('POST', '/api/units', admin, {
      name: 'X',
      kind: 'department',
      regionCode: '420599000000',
    });
    expect(region.statusCode).toBe(400);
    expect(region.json().error.details[0].field).toBe('regionCode');
  });

  it('edits and deletes, each change in the audit log with before and after', async () => {
    const created = await makeUnit(t, admin, { name: '临时专班', kind: 'working_group' });
    const edited = await call('PATCH', `/api/units/${created.id}`, admin, { name: '疫苗接种攻坚专班' });
    expect(edited.json().name).toBe('疫苗接种攻坚专班');
    expect((await call('DELETE', `/api/units/${created.id}`, admin)).statusCode).toBe(200);
    const audit = (await call('GET', `/api/audit?entity=unit&entityId=${created.id}`, admin)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['delete', 'update', 'create']);
    expect(audit[1].before.name).toBe('临时专班');
    expect(audit[1].after.name).toBe('疫苗接种攻坚专班');
  });

  it('refuses to delete a unit that still has accounts', async () => {
    const hq = (await call('GET', '/api/units?kind=hq_office', admin)).json().items[0];
    const res = await call('DELETE', `/api/units/${hq.id}`, admin);
    expect(res.statusCode).toBe(409);
    expect((await call('GET', `/api/units/${hq.id}`, admin)).statusCode).toBe(200);
  });

  it("keeps liaisons and district admins out of other districts' units", async () => {
    expect(
      (
        await call('POST', '/api/units', xiling, {
          name: 'X',
          kind: 'department',
          regionCode: '420502000000',
        })
      ).statusCode,
    ).toBe(403);
    const staff = await t.login('staff');
    const wujiagang = (
      await call('GET', `/api/units?q=${encodeURIComponent('伍家岗区人民政府')}`, admin)
    ).json().items[0];
    expect((await call('PATCH', `/api/units/${wujiagang.id}`, staff, { shortName: '伍区' })).statusCode).toBe(
      200,
    );
    const account = await makeUser(t, admin, { role: 'hq_staff', scopeRegionCode: '420502000000' });
    const districtStaff = await t.login(account.username, account.password);
    const patch = await call('PATCH', `/api/units/${wujiagang.id}`, districtStaff, { shortName: '越权' });
    expect(patch.statusCode).toBe(404);
    const del = await call('DELETE', `/api/units/${wujiagang.id}`, districtStaff);
    expect(del.statusCode).toBe(404);
    const moveIn = await call('POST', '/api/units', districtStaff, {
      name: '越界单位',
      kind: 'department',
      regionCode: '420503000000',
    });
    expect(moveIn.statusCode).toBe(403);
    expect((await call('GET', `/api/units/${wujiagang.id}`, admin)).json().shortName).toBe('伍区');
  });
});

describe('unit contact phones are personal data', () => {
  it('shows them whole only to roles that may see personal data, in the list, the detail, the export and the log', async () => {
    const staff = await t.login('staff');
    const created = await call('POST', '/api/units', staff, {
      name: '宜昌市联系电话测试办',
      kind: 'department',
      regionCode: '420500000000',
      contactPhone: '13907171234',
    });
    expect(created.statusCode).toBe(201);
    // The staff member who typed it in gets it back masked: staff may manage units, not read personal data.
    expect(created.json().contactPhone).toBe('139****1234');
    const id = created.json().id;
    const q = `/api/units?q=${encodeURIComponent('联系电话测试办')}`;
    expect((await call('GET', q, staff)).json().items[0].contactPhone).toBe('139****1234');
    expect((await call('GET', `/api/units/${id}`, staff)).json().contactPhone).toBe('139****1234');
    expect((await call('GET', q, admin)).json().items[0].contactPhone).toBe('13907171234');
    expect((await call('GET', `/api/units/${id}`, admin)).json().contactPhone).toBe('13907171234');

    const phoneInExport = async (cookie: string) => {
      const res = await call(
        'GET',
        `/api/units/export.xlsx?q=${encodeURIComponent('联系电话测试办')}`,
        cookie,
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb.worksheets[0]!.getRow(2).getCell(7).text;
    };
    expect(await phoneInExport(staff)).toBe('139****1234');
    expect(await phoneInExport(admin)).toBe('13907171234');

    // A change that does not name the phone keeps it; the log holds only the masked form, even for an admin.
    const renamed = await call('PATCH', `/api/units/${id}`, staff, { name: '宜昌市联系电话测试办公室' });
    expect(renamed.statusCode).toBe(200);
    expect((await call('GET', `/api/units/${id}`, admin)).json().contactPhone).toBe('13907171234');
    const landline = await call('PATCH', `/api/units/${id}`, staff, { contactPhone: '0717-6225678' });
    expect(landline.json().contactPhone).toBe('0717-***5678');
    const log = await call('GET', `/api/audit?entity=unit&entityId=${id}`, admin);
    expect(log.json().items).toHaveLength(3);
    expect(log.body).not.toContain('13907171234');
    expect(log.body).not.toContain('6225678');
    expect(log.body).toContain('139****1234');
    expect(log.body).toContain('0717-***5678');
  });
});

// Browsing the 宜昌市 tree, searching it, and managing grids, each inside the caller's scope.
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
let xiling: string;
let grid: string;
beforeAll(async () => {
  t = await createTestApp();
  [admin, xiling, grid] = await Promise.all([t.login('admin'), t.login('xiling'), t.login('wangge')]);
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

/**
 * Runs `check` on a database just as the demo loaded it (a clone of its own, ≈1 s), for figures other tests in
 * this file change: a new grid adds to the city's population, a renamed grid changes the tree.
 */
async function readDemo(
  check: (get: (url: string, cookie?: string) => Promise<LightMyRequestResponse>) => Promise<void>,
) {
  const demo = await createTestApp();
  try {
    const cookie = await demo.login('admin');
    await check((url) => demo.app.inject({ method: 'GET', url, headers: { cookie } }));
  } finally {
    await demo.close();
  }
}

describe('the division tree', () => {
  it('has the real 宜昌市 with 13 county-level divisions and census totals', async () => {
    await readDemo(async (get) => {
      const city = (await get('/api/regions/4205', admin)).json();
      expect(city).toMatchObject({
        code: '420500000000',
        name: '宜昌市',
        level: 'city',
        population: 4_017_607,
        childCount: 13,
      });
      expect(city.populationAged60Plus / city.population).toBeCloseTo(0.2495, 4);
      const counties = (await get('/api/regions/4205/children', admin)).json();
      expect(counties.map((c: { name: string }) => c.name)).toEqual([
        '西陵区',
        '伍家岗区',
        '点军区',
        '猇亭区',
        '夷陵区',
        '远安县',
        '兴山县',
        '秭归县',
        '长阳土家族自治县',
        '五峰土家族自治县',
        '宜都市',
        '当阳市',
        '枝江市',
      ]);
      expect(counties.reduce((s: number, c: { population: number }) => s + c.population, 0)).toBe(4_017_607);
    });
  });

  it('goes down to streets, communities with official 12-digit codes, and generated grids', async () => {
    await readDemo(async (get) => {
      const streets = (await get('/api/regions/420502/children', admin)).json();
      const xilingStreet = streets.find((s: { name: string }) => s.name === '西陵街道');
      expect(xilingStreet).toMatchObject({ code: '420502001000', level: 'township' });
      const communities = (await get(`/api/regions/${xilingStreet.code}/children`, admin)).json();
      expect(communities[0]).toMatchObject({
        code: '420502001001',
        name: '土街头社区',
        officialName: '土街头社区居民委员会',
        level: 'community',
      });
      const grids = (await get('/api/regions/420502001001/children', admin)).json();
      expect(grids.length).toBeGreaterThanOrEqual(3);
      expect(grids.length).toBeLessThanOrEqual(8);
      expect(grids[0]).toMatchObject({ code: '420502001001001', name: '第1网格', level: 'grid' });
      expect(grids.reduce((s: number, g: { population: number }) => s + g.population, 0)).toBe(
        communities[0].population,
      );
    });
  });

  it("gives a breadcrumb that starts at the caller's own scope", async () => {
    const forAdmin = (await get('/api/regions/420502001001', admin)).json();
    expect(forAdmin.path.map((p: { name: string }) => p.name)).toEqual([
      '宜昌市',
      '西陵区',
      '西陵街道',
      '土街头社区',
    ]);
    const forXiling = (await get('/api/regions/420502001001', xiling)).json();
    expect(forXiling.path.map((p: { name: string }) => p.name)).toEqual(['西陵区', '西陵街道', '土街头社区']);
  });

  it('searches by name and by code inside the scope only', async () => {
    const byName = (await get(`/api/regions?q=${encodeURIComponent('伍家')}`, admin)).json();
    expect(byName.items[0]).toMatchObject({ name: '伍家岗区', level: 'county' });
    const byCode = (await get('/api/regions?q=420502001', admin)).json();
    expect(byCode.items.every((r: { code: string }) => r.code.startsWith('420502001'))).toBe(true);
    expect(byCode.total).toBeGreaterThan(5);
    const xilingSearch = (await get(`/api/regions?q=${encodeURIComponent('伍家岗')}`, xiling)).json();
    expect(xilingSearch).toMatchObject({ items: [], total: 0 });
  });

  it('says where each hit lies, pages through many, and reads traditional characters', async () => {
    const grids = (await get(`/api/regions?q=${encodeURIComponent('第1网格')}&page=2`, admin)).json();
    expect(grids.total).toBeGreaterThan(1000);
    expect(grids.page).toBe(2);
    expect(grids.items).toHaveLength(20);
    const first = grids.items[0];
    const community = (await get(`/api/regions/${first.parentCode}`, admin)).json();
    expect(first.within.split(' ')).toEqual(community.path.slice(1).map((p: { name: string }) => p.name));
    expect(first.within.split(' ')).toHaveLength(3);
    const traditional = (await get(`/api/regions?q=${encodeURIComponent('西陵區')}`, admin)).json();
    expect(traditional.items[0]).toMatchObject({ name: '西陵区', within: null });
  });

  it('keeps a district liaison inside the district and a grid worker inside the grid', async () => {
    for (const url of [
      '/api/regions/420503',
      '/api/regions/420503/children',
      '/api/regions/4205',
      '/api/regions/4205/children',
    ]) {
      const res = await get(url, xiling);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('伍家岗');
    }
    expect((await get('/api/regions/420502/children', xiling)).statusCode).toBe(200);
    expect((await get('/api/regions/420502001001001', grid)).statusCode).toBe(200);
    expect((await get('/api/regions/420502001001002', grid)).statusCode).toBe(404);
    expect((await get('/api/regions/420502001001', grid)).statusCode).toBe(404);
    const gridSearch = (await get('/api/regions?q=420', grid)).json();
    expect(gridSearch.items.map((r: { code: string }) => r.code)).toEqual(['420502001001001']);
  });

  it("exports a region's children to Excel with codes kept as text", async () => {
    const res = await get('/api/regions/420502/children/export.xlsx', admin);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('西陵区下级区域'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual(
      expect.arrayContaining(['名称', '区划代码', '常住人口', '60岁以上占比(%)']),
    );
    expect(sheet.getRow(2).getCell(1).text).toBe('西陵街道');
    expect(sheet.getRow(2).getCell(3).value).toBe('420502001000');
    expect(sheet.getRow(2).getCell(4).text).toBe('乡镇街道');
    expect((await get('/api/regions/420503/children/export.xlsx', xiling)).statusCode).toBe(404);
  });

  it('rejects a malformed code with a message naming the field', async () => {
    const res = await get('/api/regions/42x5', admin);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('params.code');
  });
});

describe('grids', () => {
  const post = (payload: object, cookie = admin) =>
    t.app.inject({ method: 'POST', url: '/api/regions/grids', headers: { cookie }, payload });

  it('creates a grid numbered after the existing ones and records it in the audit log', async () => {
    const siblings = (await get('/api/regions/420502001002/children', admin)).json();
    const res = await post({
      parentCode: '420502001002',
      name: '新建测试网格',
      population: 800,
      populationAged60Plus: 200,
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.code).toBe(`420502001002${String(siblings.length + 1).padStart(3, '0')}`);
    expect(created.path.map((r: { name: string }) => r.name)).toEqual([
      '宜昌市',
      '西陵区',
      '西陵街道',
      '樵湖岭社区',
      '新建测试网格',
    ]);
    const audit = (await get(`/api/audit?entity=region&entityId=${created.code}`, admin)).json();
    expect(audit.items[0]).toMatchObject({
      action: 'create',
      actorUsername: 'admin',
      after: { name: '新建测试网格' },
    });
  });

  it('refuses a duplicate name in the same community, a grid under a street, and bad numbers', async () => {
    await post({ parentCode: '420502001003', name: '重名网格' });
    const dup = await post({ parentCode: '420502001003', name: '重名网格' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details[0]).toMatchObject({ field: 'name' });
    const underStreet = await post({ parentCode: '420502001000', name: 'X' });
    expect(underStreet.json().error.message).toContain('网格只能建在社区/村之下');
    const tooOld = await post({
      parentCode: '420502001003',
      name: 'Y',
      population: 10,
      populationAged60Plus: 11,
    });
    expect(tooOld.statusCode).toBe(400);
    expect(tooOld.json().error.details[0].field).toBe('body.populationAged60Plus');
  });

  it('does not let a liaison create grids, nor a district HQ admin create one in another district', async () => {
    expect((await post({ parentCode: '420502001003', name: 'Z' }, xiling)).statusCode).toBe(403);
    const made = await makeUser(t, admin, { role: 'hq_admin', scopeRegionCode: '420502000000' });
    const districtAdmin = await t.login(made.username, made.password);
    expect(
      (await post({ parentCode: '420502001003', name: '西陵管理员网格' }, districtAdmin)).statusCode,
    ).toBe(201);
    const elsewhere = await post({ parentCode: '420503001001', name: '越界网格' }, districtAdmin);
    expect(elsewhere.statusCode, elsewhere.body).toBe(403);
    expect((await get('/api/regions/420503001001/children', admin)).body).not.toContain('越界网格');
  });

  it('renames a grid, but never an official division', async () => {
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: '/api/regions/420502001001001',
      headers: { cookie: admin },
      payload: { name: '土街头一网格' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('土街头一网格');
    const official = await t.app.inject({
      method: 'PATCH',
      url: '/api/regions/420502',
      headers: { cookie: admin },
      payload: { name: '新西陵区' },
    });
    expect(official.statusCode).toBe(400);
    expect(official.json().error.details[0].field).toBe('name');
  });

  it('corrects an official division’s population, with the change in the audit log', async () => {
    const patch = (payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/regions/420502001002',
        headers: { cookie: admin },
        payload,
      });
    const refused = await patch({ population: 1000, populationAged60Plus: 1001 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('populationAged60Plus');
    const totals = async () =>
      Promise.all(
        ['420502001000', '420502000000', '420500000000'].map(
          async (code) => (await get(`/api/regions/${code}`, admin)).json() as { population: number },
        ),
      );
    const community = (await get('/api/regions/420502001002', admin)).json();
    const above = await totals();
    const saved = await patch({ population: 8800, populationAged60Plus: 2100 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ population: 8800, populationAged60Plus: 2100 });
    // The street, the district and the city still add up.
    const grown = 8800 - community.population;
    expect((await totals()).map((r) => r.population)).toEqual(above.map((r) => r.population + grown));
    const street = await t.app.inject({
      method: 'PATCH',
      url: '/api/regions/420502001000',
      headers: { cookie: admin },
      payload: { population: 1 },
    });
    expect(street.statusCode).toBe(400);
    expect(street.json().error.message).toContain('由下级汇总');
    const audit = (await get('/api/audit?entity=region', admin)).json();
    const entry = audit.items.find((e: { entityId: string }) => e.entityId === '420502001002');
    expect(entry).toMatchObject({ action: 'update' });
    expect((await patch({ population: 9000 })).json().populationAged60Plus).toBe(2100);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: '/api/regions/420502001002',
          headers: { cookie: xiling },
          payload: { population: 1 },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('deletes an unused grid but not one a grid worker is assigned to', async () => {
    const created = (await post({ parentCode: '420502001004', name: '待删除网格' })).json();
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/regions/${created.code}`,
          headers: { cookie: admin },
        })
      ).statusCode,
    ).toBe(200);
    expect((await get(`/api/regions/${created.code}`, admin)).statusCode).toBe(404);
    const inUse = await t.app.inject({
      method: 'DELETE',
      url: '/api/regions/420502001001001',
      headers: { cookie: admin },
    });
    expect(inUse.statusCode).toBe(409);
    const street = await t.app.inject({
      method: 'DELETE',
      url: '/api/regions/420502001000',
      headers: { cookie: admin },
    });
    expect(street.statusCode).toBe(403);
  });
});

describe('grid import', () => {
  const upload = (body: Buffer | string, contentType: string, cookie = admin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/regions/grids/import',
      headers: { cookie, 'content-type': contentType },
      payload: body,
    });

  it('imports an Excel list of grids', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('网格');
    sheet.addRow(['所属社区代码', '网格名称', '网格代码', '常住人口', '60岁以上人口']);
    sheet.addRow(['420503001001', '导入一网格', '', 1200, 300]);
    sheet.addRow(['420503001001', '导入二网格', '420503001001901', 900, 210]);
    const res = await upload(
      Buffer.from(await wb.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(2);
    const grid901 = (await get('/api/regions/420503001001901', admin)).json();
    expect(grid901).toMatchObject({ name: '导入二网格', population: 900, populationAged60Plus: 210 });
  });

  it('stores nothing when any row is wrong, and names every bad row and field', async () => {
    const before = (await get('/api/regions/420503001002/children', admin)).json().length;
    const csv =
      '\uFEFF所属社区代码,网格名称,常住人口,60岁以上人口\n420503001002,好网格,100,20\n420503001002,,100,20\n4205030010,坏代码,100,20\n420503001002,老人太多,10,50\n';
    const res = await upload(csv, 'text/csv');
    expect(res.statusCode).toBe(400);
    const details = res.json().error.details;
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, field: '网格名称' }),
        expect.objectContaining({ row: 4, field: '所属社区代码' }),
        expect.objectContaining({ row: 5, field: '60岁以上人口' }),
      ]),
    );
    expect(res.json().error.message).toContain('未导入任何数据');
    expect(res.json().error.message).toMatch(/^第3行“网格名称”：网格名称不能为空/);
    expect((await get('/api/regions/420503001002/children', admin)).json().length).toBe(before);
  });

  it('reports every problem at once: bad cells, names already taken, and repeats inside the file', async () => {
    const existing = (await get('/api/regions/420503001002/children', admin)).json()[0].name;
    const csv = [
      '\uFEFF所属社区代码,网格名称,网格代码,常住人口,60岁以上人口',
      `420503001002,${existing},,100,20`,
      '420503001002,新网格甲,,abc,20',
      '420503001002,新网格乙,420503001002950,100,20',
      '420503001002,新网格乙,,100,20',
      '420503001002,新网格丙,420503001002950,100,20',
    ].join('\n');
    const res = await upload(csv, 'text/csv');
    expect(res.statusCode).toBe(400);
    const details = res.json().error.details as { row: number; field: string; message: string }[];
    expect(details.map((d) => [d.row, d.field])).toEqual([
      [2, '网格名称'],
      [3, '常住人口'],
      [5, '网格名称'],
      [6, '网格代码'],
    ]);
    expect(details[0]?.message).toContain(`该社区已有名为“${existing}”的网格`);
    expect(details[2]?.message).toContain('与第4行重复');
    expect(details[3]?.message).toContain('与第4行重复');
    expect(res.json().error.message).toContain('共4处错误');
    expect((await get('/api/regions/420503001002950', admin)).statusCode).toBe(404);
  });

  it("refuses rows outside the importer's scope", async () => {
    const staff = await t.login('staff');
    const ok = await upload('所属社区代码,网格名称\n420503001003,范围内\n', 'text/csv', staff);
    expect(ok.statusCode).toBe(200);
    const liaison = await upload('所属社区代码,网格名称\n420503001003,联络员\n', 'text/csv', xiling);
    expect(liaison.statusCode).toBe(403);
    const made = await makeUser(t, admin, { role: 'hq_admin', scopeRegionCode: '420502000000' });
    const districtAdmin = await t.login(made.username, made.password);
    const mixed = await upload(
      '所属社区代码,网格名称\n420502001005,本区网格\n420503001003,外区网格\n',
      'text/csv',
      districtAdmin,
    );
    expect(mixed.statusCode).toBe(403);
    expect(mixed.json().error.details).toEqual([expect.objectContaining({ row: 3, field: '所属社区代码' })]);
    expect((await get('/api/regions/420502001005/children', admin)).body).not.toContain('本区网格');
  });

  it('hands out a template whose codes stay text, listing the communities to copy from, that imports as filled', async () => {
    const res = await get('/api/regions/420502001000/grid-template.xlsx', admin);
    expect(res.statusCode).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      '西陵街道网格导入模板.xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['网格', '社区代码', '填写说明']);
    const sheet = wb.getWorksheet('网格')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '所属社区代码',
      '网格名称',
      '网格代码',
      '常住人口',
      '60岁以上人口',
    ]);
    expect(sheet.getColumn(1).numFmt).toBe('@');
    const codes = wb.getWorksheet('社区代码')!.getColumn(1).values.slice(2);
    expect(codes).toContain('420502001001');
    expect(codes.every((c) => typeof c === 'string' && c.startsWith('420502001'))).toBe(true);

    sheet.addRow(['420502001006', '模板网格', '', 500, 90]);
    const filled = await upload(
      Buffer.from(await wb.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(filled.statusCode, filled.body).toBe(200);
    expect(filled.json().created).toBe(1);
  });

  it('explains an old .xls, a PDF and a malformed region code in plain words', async () => {
    const xls = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'application/vnd.ms-excel');
    expect(xls.statusCode).toBe(415);
    expect(xls.json().error.message).toContain('另存为 .xlsx');
    const pdf = await upload(Buffer.from('%PDF-1.4'), 'application/pdf');
    expect(pdf.json().error.message).toContain('不支持 PDF 文件');
    const badCode = await get('/api/regions/abc', admin);
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.message).toBe('区划代码应为4、6、9、12位数字，网格为15位');
    expect(badCode.json().error.details[0].field).toBe('params.code');
  });

  it('explains a file that is not a table', async () => {
    const res = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'application/octet-stream');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('无法读取 Excel 文件');
    const noHeader = await upload('a,b\n1,2\n', 'text/csv');
    expect(noHeader.json().error.message).toContain('缺少“所属社区代码”列');
  });
});

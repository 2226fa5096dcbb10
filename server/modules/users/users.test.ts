// Accounts: creation with validated personal data, role/unit/scope that fit, masking, the audited full view, unlocking, scope.

import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
let leader: string;
let xilingUnitId: number;
let wujiagangUnitId: number;
let hqUnitId: number;
beforeAll(async () => {
  t = await createTestApp();
  [admin, leader] = await Promise.all([t.login('admin'), t.login('leader')]);
  const unitId = async (name: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/units?q=${encodeURIComponent(name)}`,
        headers: { cookie: admin },
      })
    ).json().items[0].id as number;
  xilingUnitId = await unitId('西陵区人民政府');
  wujiagangUnitId = await unitId('伍家岗区人民政府');
  hqUnitId = await unitId('宜昌市疫情防控指挥部办公室');
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

const idOf = async (username: string) =>
  (await call('GET', `/api/users?q=${username}`, admin)).json().items[0].id as number;

/** Five wrong passwords (the default threshold) lock an account. */
async function lockOut(username: string) {
  for (let i = 0; i < 5; i++) await login(username, 'Wrong#Pass1');
  expect((await login(username, 'Wrong#Pass1')).statusCode).toBe(423);
}

/** A district HQ administrator of 西陵区 of the test's own, logged in. */
async function loginDistrictAdmin(): Promise<string> {
  const made = await makeUser(t, admin, { role: 'hq_admin' });
  return t.login(made.username, made.password);
}

/** 刘伟, a 西陵区 liaison with known personal data, made afresh under a name of the test's own. */
const makeLiuwei = (username: string) => makeUser(t, admin, newUser({ username }));

const newUser = (over: Record<string, unknown> = {}) => ({
  username: 'liuwei',
  displayName: '刘伟',
  password: 'Liuwei#2026',
  role: 'unit_liaison',
  unitId: xilingUnitId,
  scopeRegionCode: '420502000000',
  phone: '13972012345',
  idNumber: '42050219900307016X',
  ...over,
});

describe('creating accounts', () => {
  it('creates an account that can log in, with personal data masked in the answer', async () => {
    const res = await call('POST', '/api/users', admin, newUser());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'liuwei',
      phone: '139****2345',
      idNumber: '420502********016X',
      scopeRegion: { name: '西陵区' },
    });
    expect(res.body).not.toContain('13972012345');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'liuwei', password: 'Liuwei#2026' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('refuses a duplicate username with 409', async () => {
    const existing = await makeUser(t, admin);
    const res = await call('POST', '/api/users', admin, newUser({ username: existing.username }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details[0].field).toBe('username');
  });

  it('checks ID numbers and phones and explains what is wrong', async () => {
    const badCheck = await call(
      'POST',
      '/api/users',
      admin,
      newUser({ username: 'a1x', idNumber: '420502199003070161' }),
    );
    expect(badCheck.statusCode).toBe(400);
    expect(badCheck.json().error.details[0]).toMatchObject({
      field: 'body.idNumber',
      message: '身份证号校验码不正确，请核对是否录入有误',
    });
    const old = await call(
      'POST',
      '/api/users',
      admin,
      newUser({ username: 'a2x', idNumber: '420502900307002' }),
    );
    expect(old.json().error.details[0].message).toContain('旧的15位身份证号');
    const phone = await call('POST', '/api/users', admin, newUser({ username: 'a3x', phone: '2345678' }));
    expect(phone.json().error.details[0]).toMatchObject({
      field: 'body.phone',
      message: '手机号应为以1开头的11位数字',
    });
    const weak = await call('POST', '/api/users', admin, newUser({ username: 'a4x', password: 'password' }));
    expect(weak.json().error.details[0].field).toBe('body.password');
    for (const password of ['Password1', 'Passw0rd!', 'Admin@123', 'Qwer1234', 'P@SSW0RD']) {
      const common = await call('POST', '/api/users', admin, newUser({ username: 'a6x', password }));
      expect(common.statusCode, password).toBe(400);
      expect(common.json().error.details, password).toEqual([
        { field: 'body.password', message: '这个密码太常见，容易被猜中，请换一个' },
      ]);
    }
    const role = await call('POST', '/api/users', admin, newUser({ username: 'a5x', role: 'mayor' }));
    expect(role.json().error.details[0].field).toBe('body.role');
  });

  it('only lets HQ admins create accounts, inside their own scope', async () => {
    expect((await call('POST', '/api/users', leader, newUser({ username: 'byleader' }))).statusCode).toBe(
      403,
    );
    const xladmin = await call(
      'POST',
      '/api/users',
      admin,
      newUser({ username: 'xladmin', role: 'hq_admin' }),
    );
    expect(xladmin.statusCode).toBe(201);
    const districtAdmin = await t.login('xladmin', 'Liuwei#2026');
    const outside = await call(
      'POST',
      '/api/users',
      districtAdmin,
      newUser({ username: 'wjgnew', scopeRegionCode: '420503000000' }),
    );
    expect(outside.statusCode).toBe(403);
    const inside = await call(
      'POST',
      '/api/users',
      districtAdmin,
      newUser({ username: 'xlnew', scopeRegionCode: '420502001000' }),
    );
    expect(inside.statusCode).toBe(201);
  });
});

describe('role, unit and scope that fit together', () => {
  const refusedScope = (res: LightMyRequestResponse): { message: string } => {
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ field: 'scopeRegionCode', message: expect.any(String) }),
    ]);
    return res.json().error;
  };

  it('gives a grid worker a grid, never a district or the city', async () => {
    for (const scopeRegionCode of ['420502000000', '420500000000', '420502001001']) {
      const error = refusedScope(
        await call(
          'POST',
          '/api/users',
          admin,
          newUser({ username: 'gw1', role: 'grid_worker', scopeRegionCode }),
        ),
      );
      expect(error.message).toMatch(/^网格员的管辖区域必须是一个网格/);
    }
    const grid = await call(
      'POST',
      '/api/users',
      admin,
      newUser({ username: 'gw1', role: 'grid_worker', scopeRegionCode: '420502001001002' }),
    );
    expect(grid.statusCode).toBe(201);
    expect(grid.json().scopeRegion).toMatchObject({ level: 'grid' });
  });

  it("keeps a unit's accounts inside the unit's region, whatever the role", async () => {
    for (const [role, scopeRegionCode] of [
      ['unit_liaison', '420503000000'],
      ['hq_admin', '420500000000'],
      ['leader', '420503001000'],
    ] as const) {
      const error = refusedScope(
        await call('POST', '/api/users', admin, newUser({ username: 'fit1', role, scopeRegionCode })),
      );
      expect(error.message).toContain('西陵区人民政府的账号只能管辖西陵区及其下级区域');
    }
    // A city-wide unit may have an account for one district, and a district unit one for its own street.
    for (const [username, unitId, scopeRegionCode] of [
      ['fit2', hqUnitId, '420503000000'],
      ['fit3', xilingUnitId, '420502001000'],
    ] as const) {
      const res = await call('POST', '/api/users', admin, newUser({ username, unitId, scopeRegionCode }));
      expect(res.statusCode, username).toBe(201);
    }
    expect((await call('GET', '/api/users?q=fit1', admin)).json().total).toBe(0);
  });

  it('checks the same on a change, against what the account already has', async () => {
    const { id } = await makeUser(t, admin, { unitId: xilingUnitId, scopeRegionCode: '420502001000' });
    refusedScope(await call('PATCH', `/api/users/${id}`, admin, { role: 'grid_worker' }));
    refusedScope(await call('PATCH', `/api/users/${id}`, admin, { unitId: wujiagangUnitId }));
    refusedScope(await call('PATCH', `/api/users/${id}`, admin, { scopeRegionCode: '420500000000' }));
    const moved = await call('PATCH', `/api/users/${id}`, admin, {
      unitId: wujiagangUnitId,
      scopeRegionCode: '420503000000',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      unit: { name: '伍家岗区人民政府' },
      scopeRegion: { name: '伍家岗区' },
    });
    const gridWorker = await call('PATCH', `/api/users/${id}`, admin, {
      role: 'grid_worker',
      scopeRegionCode: '420503001001001',
    });
    expect(gridWorker.statusCode).toBe(200);
    // Renaming does not re-check an assignment nobody touched.
    expect((await call('PATCH', `/api/users/${id}`, admin, { displayName: '改名' })).statusCode).toBe(200);
  });

  it('still refuses a scope outside the administrator’s own before anything else', async () => {
    const districtAdmin = await loginDistrictAdmin();
    const res = await call(
      'POST',
      '/api/users',
      districtAdmin,
      newUser({ username: 'fit4', role: 'grid_worker', scopeRegionCode: '420500000000' }),
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('personal data', () => {
  it('is masked in lists for everyone, the admin included', async () => {
    for (const cookie of [admin, leader]) {
      const list = (await call('GET', '/api/users?pageSize=100', cookie)).json();
      for (const u of list.items) {
        if (u.phone) expect(u.phone).toMatch(/^1\d\d\*{4}\d{4}$/);
        if (u.idNumber) expect(u.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      }
    }
  });

  it('is shown in full only to an HQ admin, and every look is audited', async () => {
    const { id } = await makeLiuwei('liuwei-view');
    const denied = await call('GET', `/api/users/${id}/personal`, leader);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).not.toContain('13972012345');
    const full = await call('GET', `/api/users/${id}/personal`, admin);
    expect(full.json()).toMatchObject({ phone: '13972012345', idNumber: '42050219900307016X' });
    const audit = (await call('GET', `/api/audit?action=view_personal&entityId=${id}`, admin)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actorUsername: 'admin',
      entity: 'user',
      summary: '查看 刘伟 的身份证号、手机号',
    });
  });

  it('never reaches the audit log in full', async () => {
    const { id } = await makeLiuwei('liuwei-audit');
    await call('PATCH', `/api/users/${id}`, admin, { phone: '13800001111' });
    const log = await call('GET', '/api/audit?entity=user&pageSize=100', admin);
    expect(log.body).not.toContain('13972012345');
    expect(log.body).not.toContain('13800001111');
    expect(log.body).not.toContain('42050219900307016X');
    expect(log.body).not.toContain('passwordHash');
    expect(log.body).toContain('138****1111');
  });
});

describe('changing accounts', () => {
  it('deactivates an account, which ends its sessions and blocks login', async () => {
    const { id } = await makeLiuwei('liuwei-off');
    const cookie = await t.login('liuwei-off', 'Liuwei#2026');
    const res = await call('PATCH', `/api/users/${id}`, admin, { active: false });
    expect(res.json().active).toBe(false);
    expect((await call('GET', '/api/me', cookie)).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'liuwei-off', password: 'Liuwei#2026' },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.message).toBe('账号已停用，请联系管理员');
  });

  it('resets a password and unlocks the account', async () => {
    const { id } = await makeLiuwei('liuwei-reset');
    await call('PATCH', `/api/users/${id}`, admin, { active: false });
    await lockOut('liuwei-reset');
    await call('PATCH', `/api/users/${id}`, admin, { active: true, password: 'Reset#Pass99' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'liuwei-reset', password: 'Reset#Pass99' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('does not let an admin lock themselves out', async () => {
    const me = (await call('GET', '/api/me', admin)).json();
    const res = await call('PATCH', `/api/users/${me.id}`, admin, { active: false });
    expect(res.statusCode).toBe(400);
  });

  it("hides other districts' accounts from a district admin, for reading and writing", async () => {
    const districtAdmin = await loginDistrictAdmin();
    const list = (await call('GET', '/api/users?pageSize=100', districtAdmin)).json();
    expect(
      list.items.every((u: { scopeRegion: { code: string } }) => u.scopeRegion.code.startsWith('420502')),
    ).toBe(true);
    const wujiagang = (await call('GET', '/api/users?q=wujiagang', admin)).json().items[0];
    for (const [method, url, payload] of [
      ['GET', `/api/users/${wujiagang.id}`, undefined],
      ['GET', `/api/users/${wujiagang.id}/personal`, undefined],
      ['PATCH', `/api/users/${wujiagang.id}`, { displayName: '改名' }],
    ] as const) {
      const res = await call(method, url, districtAdmin, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain('张丽');
    }
    expect((await call('GET', `/api/users/${wujiagang.id}`, admin)).json().displayName).toBe('张丽');
  });
});

describe('unlocking', () => {
  it('lets an HQ admin unlock a locked account at once, and records it as a change', async () => {
    await lockOut('wangge');
    const id = await idOf('wangge');
    expect((await call('GET', `/api/users/${id}`, admin)).json().locked).toBe(true);
    const res = await call('POST', `/api/users/${id}/unlock`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'wangge', locked: false });
    expect((await login('wangge', 'Tongchou@2022')).statusCode).toBe(200);
    const audit = (await call('GET', `/api/audit?entity=user&entityId=${id}&action=update`, admin)).json();
    expect(audit.items[0]).toMatchObject({ actorUsername: 'admin', summary: '解锁账号 wangge' });
    expect(JSON.stringify(audit.items[0])).not.toContain('passwordHash');
  });

  it('forgets earlier wrong passwords, so the full count of tries is back', async () => {
    for (let i = 0; i < 4; i++) await login('xiling', 'Wrong#Pass1');
    await call('POST', `/api/users/${await idOf('xiling')}/unlock`, admin);
    const next = await login('xiling', 'Wrong#Pass1');
    expect(next.json().error.message).toBe('用户名或密码错误，再错4次账号将被锁定');
  });

  it('is refused to roles without account management, outside the scope and for unknown accounts', async () => {
    await lockOut('wujiagang');
    const id = await idOf('wujiagang');
    expect((await call('POST', `/api/users/${id}/unlock`, leader)).statusCode).toBe(403);
    const districtAdmin = await loginDistrictAdmin();
    const outside = await call('POST', `/api/users/${id}/unlock`, districtAdmin);
    expect(outside.statusCode).toBe(404);
    expect(outside.body).not.toContain('张丽');
    expect((await call('POST', '/api/users/999999/unlock', admin)).statusCode).toBe(404);
    expect((await call('GET', `/api/users/${id}`, admin)).json().locked).toBe(true);
    expect((await login('wujiagang', 'Tongchou@2022')).statusCode).toBe(423);
  });
});

describe('exporting accounts', () => {
  it('writes the status in the words of the list, with personal data masked', async () => {
    await lockOut('wujiagang');
    const res = await call('GET', '/api/users/export.xlsx', admin);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const status = header.indexOf('状态') + 1;
    const statusOf = (username: string) => {
      let found = '';
      sheet.eachRow((row) => {
        if (row.getCell(1).text === username) found = row.getCell(status).text;
      });
      return found;
    };
    expect(statusOf('admin')).toBe('正常');
    expect(statusOf('wujiagang')).toBe('已锁定');
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell.text)));
    expect(cells.join(' ')).toMatch(/1\d{2}\*{4}\d{4}/);
  });
});

// Accounts: creation with validated personal data, masking by default, the audited full view, scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
let leader: string;
let xilingUnitId: number;
beforeAll(async () => {
  t = await createTestApp();
  [admin, leader] = await Promise.all([t.login('admin'), t.login('leader')]);
  const units = await t.app.inject({
    method: 'GET',
    url: `/api/units?q=${encodeURIComponent('西陵区人民政府')}`,
    headers: { cookie: admin },
  });
  xilingUnitId = units.json().items[0].id;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

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
    const res = await call('POST', '/api/users', admin, newUser());
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
    const id = (await call('GET', '/api/users?q=liuwei', admin)).json().items[0].id;
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
    const id = (await call('GET', '/api/users?q=liuwei', admin)).json().items[0].id;
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
    const cookie = await t.login('liuwei', 'Liuwei#2026');
    const id = (await call('GET', '/api/users?q=liuwei', admin)).json().items[0].id;
    const res = await call('PATCH', `/api/users/${id}`, admin, { active: false });
    expect(res.json().active).toBe(false);
    expect((await call('GET', '/api/me', cookie)).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'liuwei', password: 'Liuwei#2026' },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.message).toBe('账号已停用，请联系管理员');
  });

  it('resets a password and unlocks the account', async () => {
    const id = (await call('GET', '/api/users?q=liuwei', admin)).json().items[0].id;
    await call('PATCH', `/api/users/${id}`, admin, { active: true, password: 'Reset#Pass99' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'liuwei', password: 'Reset#Pass99' },
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
    const districtAdmin = await t.login('xladmin', 'Liuwei#2026');
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

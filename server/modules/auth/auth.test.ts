// Logging in, being locked out, sessions, password change, and what an anonymous caller gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_LOCK_THRESHOLD: '3' });
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('login', () => {
  it('sets an httpOnly SameSite session cookie and returns who I am', async () => {
    const res = await login('xiling', 'Tongchou@2022');
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^tongchou_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieFrom(res) } });
    expect(me.json()).toMatchObject({
      username: 'xiling',
      role: 'unit_liaison',
      unit: { name: '西陵区人民政府' },
      scopeRegion: { code: '420502000000', name: '西陵区' },
    });
  });

  it('answers an unknown username exactly as a known one with a wrong password, through the lock', async () => {
    // Lock times differ by the moment of the try; everything else must be the same.
    const shape = (res: Awaited<ReturnType<typeof login>>) => {
      const { code, message, details } = res.json().error;
      return {
        status: res.statusCode,
        code,
        message: message.replace(/\d{2}:\d{2}/, 'HH:MM'),
        details: details.map((d: { message: string }) => d.message.replace(/[\d:.TZ-]{24}/, 'ISO')),
        cookie: res.headers['set-cookie'],
      };
    };
    const answers: object[] = [];
    for (let i = 0; i < 4; i++) {
      const known = shape(await login('leader', 'nope-nope'));
      const unknown = shape(await login('nobody', 'nope-nope'));
      expect(unknown, `try ${i + 1}`).toEqual(known);
      answers.push(known);
    }
    expect(answers).toMatchObject([
      { status: 401, code: 'UNAUTHENTICATED', message: '用户名或密码错误，再错2次账号将被锁定' },
      { status: 401, message: '用户名或密码错误，再错1次账号将被锁定' },
      { status: 423, code: 'ACCOUNT_LOCKED', message: expect.stringMatching(/^密码连续错误3次，账号已锁定/) },
      { status: 423, message: expect.stringMatching(/^登录失败次数过多，账号已锁定，请于 HH:MM 后再试/) },
    ]);
    // Usernames are compared as typed at login (trimmed, lower case), for both.
    expect(shape(await login(' NOBODY ', 'nope-nope'))).toEqual(shape(await login(' LEADER ', 'nope-nope')));
  });

  it('takes about as long to refuse an unknown username as a wrong password', async () => {
    const admin = await t.login('admin');
    const units = await t.app.inject({
      method: 'GET',
      url: `/api/units?q=${encodeURIComponent('宜昌市疫情防控指挥部办公室')}`,
      headers: { cookie: admin },
    });
    const timed = async (username: string) => {
      const start = performance.now();
      expect((await login(username, 'nope-nope')).statusCode).toBe(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: admin },
        payload: {
          username: `timing${i}`,
          displayName: '计时',
          password: 'Timing#2026a',
          role: 'hq_staff',
          unitId: units.json().items[0].id,
          scopeRegionCode: '420500000000',
        },
      });
      expect(created.statusCode).toBe(201);
      known.push(await timed(`timing${i}`));
      unknown.push(await timed(`ghost${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Without the decoy hash an unknown name answers about ten times faster (no password hash is checked); the
    // bounds are loose because a busy machine slows the known path's database write more than the hash.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.3);
    expect(median(unknown) / median(known)).toBeLessThan(3);
  });

  it('locks the account after repeated failures, even for the right password, and says until when', async () => {
    for (let i = 0; i < 2; i++) expect((await login('inspector', 'wrong-password')).statusCode).toBe(401);
    const third = await login('inspector', 'wrong-password');
    expect(third.statusCode).toBe(423);
    expect(third.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(third.json().error.message).toMatch(/已锁定，请于 \d{2}:\d{2} 后再试/);
    const right = await login('inspector', 'Tongchou@2022');
    expect(right.statusCode).toBe(423);
    expect(right.headers['set-cookie']).toBeUndefined();
  });

  it('names the missing field when the body is incomplete', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(res.json().error.details[0].field).toBe('body.password');
  });
});

describe('rate limit', () => {
  it('answers 429 with a clear message when one address tries too often', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'staff', password: 'x' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('RATE_LIMITED');
      expect(blocked.json().error.message).toMatch(/登录尝试过于频繁，请 \d+ 秒后再试/);
    } finally {
      await limited.close();
    }
  });
});

describe('sessions', () => {
  it('refuses anonymous callers on every data route', async () => {
    for (const url of ['/api/me', '/api/regions/4205', '/api/units', '/api/users', '/api/audit']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: 'tongchou_session=forged' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('logs out: the old cookie stops working', async () => {
    const cookie = await t.login('staff');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changes the password: the old one stops working, other sessions end, this one stays', async () => {
    const here = await t.login('wujiagang');
    const elsewhere = await t.login('wujiagang');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: 'Tongchou@2022', newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].field).toBe('body.newPassword');
    const common = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: 'Tongchou@2022', newPassword: 'Passw0rd!' },
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.details).toEqual([
      { field: 'body.newPassword', message: '这个密码太常见，容易被猜中，请换一个' },
    ]);
    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: 'not-it', newPassword: 'Better#Pass2026' },
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.message).toBe('当前密码不正确');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: 'Tongchou@2022', newPassword: 'Better#Pass2026' },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: here } })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: elsewhere } })).statusCode,
    ).toBe(401);
    expect((await login('wujiagang', 'Tongchou@2022')).statusCode).toBe(401);
    expect((await login('wujiagang', 'Better#Pass2026')).statusCode).toBe(200);
  });
});

describe('system', () => {
  it('reports health and the database kind without a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('serves OpenAPI built from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/regions/{code}/children', '/api/users/{id}/personal']),
    );
    expect(doc.paths['/api/units'].post.requestBody.content['application/json'].schema.required).toContain(
      'name',
    );
  });

  it('explains malformed and oversized requests in Chinese', async () => {
    const cookie = await t.login('admin');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"name": "半截',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatchObject({ code: 'VALIDATION', message: '请求体不是有效的 JSON' });
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/regions/grids/import',
      headers: { cookie, 'content-type': 'text/csv' },
      payload: Buffer.alloc(11 * 1024 * 1024, 0x61),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toBe('上传内容过大，超过了该接口允许的大小');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/nothing-here',
      headers: { cookie: await t.login('admin') },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});

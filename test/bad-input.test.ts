// Each class of bad input on a representative route of every module, with the answer a user sees: NUL refused
// naming the field, impossible ids as 404 in the address and 400 elsewhere, deep JSON refused, invisible
// characters removed from names, and anonymous callers refused before their body is read.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_INTEGER_MAX } from '../shared/contracts/common.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let admin: string;
let xilingUnitId: number;

const TOO_BIG = PG_INTEGER_MAX + 1;
const deepJson = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  xilingUnitId = (await get(`/api/units?q=${encodeURIComponent('西陵区人民政府')}`)).json().items[0].id;
});
afterAll(() => t.close());

const get = (url: string, cookie = admin) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const send = (
  method: 'POST' | 'PATCH',
  url: string,
  payload: object | string,
  cookie: string | null = admin,
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

function expectRefused(res: { statusCode: number; json: () => unknown }, status: number, field?: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { message: string; details: { field?: string }[] } };
  if (field) expect(body.error.details.map((d) => d.field)).toContain(field);
}

describe('auth', () => {
  it('refuses a username holding NUL with a 400 naming the field', async () => {
    const res = await send('POST', '/api/auth/login', { username: 'admin\u0000', password: 'x' }, null);
    expectRefused(res, 400, 'body.username');
    expect(res.json().error.message).toContain('U+0000');
  });

  it('refuses deeply nested JSON at login with a 400', async () => {
    expectRefused(await send('POST', '/api/auth/login', deepJson, null), 400, 'body');
  });

  it('answers an anonymous caller 401, not the validation of its body', async () => {
    const res = await send('POST', '/api/units', { name: '' }, null);
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('单位名称');
  });

  it('keeps the public routes public', async () => {
    expect((await get('/api/health', '')).statusCode).toBe(200);
    expect((await get('/api/docs/json', '')).statusCode).toBe(200);
    expect((await get('/api/docs/', '')).statusCode).toBe(200);
    const login = await send(
      'POST',
      '/api/auth/login',
      { username: 'admin', password: 'Tongchou@2022' },
      null,
    );
    expect(login.statusCode).toBe(200);
  });

  it('answers an anonymous 10 MB upload 401 without reading it, and closes the connection', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    let sent = 0;
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (d) => (received += d.toString()));
    socket.on('error', () => {}); // the server may reset the connection while we still write
    socket.write(
      'POST /api/meetings/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n' +
        // Under the route's body limit, so only the missing session can refuse it at once.
        `Content-Length: ${10 * 1024 * 1024}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    socket.write(chunk);
    sent += chunk.length;
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 401/);
    expect(received.toLowerCase()).toContain('connection: close');
    // The answer came and the connection ended with almost all of the declared body never sent.
    expect(sent).toBeLessThan(1024 * 1024);
  });
});

describe('regions', () => {
  it('refuses a search holding NUL with a 400 naming the field', async () => {
    expectRefused(await get('/api/regions?q=%E8%A5%BF%00'), 400, 'query.q');
  });

  it('refuses a population past PostgreSQL integer with a 400', async () => {
    const res = await send('PATCH', '/api/regions/420502001001', { population: TOO_BIG });
    expectRefused(res, 400, 'body.population');
  });

  it('stores a grid name without bidi and zero-width characters, so its twin is a duplicate', async () => {
    const created = await send('POST', '/api/regions/grids', {
      parentCode: '420502001001',
      name: '\u202E东山\u200B网格\uFEFF',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().name).toBe('东山网格');
    const twin = await send('POST', '/api/regions/grids', { parentCode: '420502001001', name: '东山网格' });
    expect(twin.statusCode).toBe(400);
    expect(twin.json().error.message).toContain('已有名为“东山网格”');
  });

  it('cleans names in an imported grid file too', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/regions/grids/import',
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: '所属社区代码,网格名称\n420502001001,西山\u2066网格\u2069\n',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().grids.map((g: { name: string }) => g.name)).toEqual(['西山网格']);
  });

  it('refuses deeply nested JSON with a 400', async () => {
    expectRefused(await send('POST', '/api/regions/grids', deepJson), 400, 'body');
  });
});

describe('units', () => {
  it('answers an id in the address that no record can have with a 404', async () => {
    for (const id of [TOO_BIG, 99999999999, '99999999999999999999999', 0, -1]) {
      const res = await get(`/api/units/${id}`);
      expect(res.statusCode, String(id)).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('refuses ids past PostgreSQL integer in a query and in a body with a 400', async () => {
    expectRefused(await get(`/api/units?parentId=${TOO_BIG}`), 400, 'querystring.parentId');
    const res = await send('POST', '/api/units', {
      name: '大数单位',
      kind: 'department',
      regionCode: '420502000000',
      parentId: TOO_BIG,
    });
    expectRefused(res, 400, 'body.parentId');
  });

  it('refuses a unit name holding NUL, naming the field', async () => {
    const res = await send('POST', '/api/units', {
      name: '财政\u0000局',
      kind: 'department',
      regionCode: '420502000000',
    });
    expectRefused(res, 400, 'body.name');
  });

  it('stores names as they read: a right-to-left override cannot make 局政财 show as another name', async () => {
    const res = await send('POST', '/api/units', {
      name: '西陵区\u202E局政财\u202C',
      shortName: '\u200B财政\u200D',
      kind: 'department',
      regionCode: '420502000000',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '西陵区局政财', shortName: '财政' });
  });
});

describe('users', () => {
  it('refuses a unit id past PostgreSQL integer in the body and the query with a 400', async () => {
    const res = await send('POST', '/api/users', {
      username: 'bigunit',
      displayName: '大数',
      password: 'Bigunit#2026a',
      role: 'hq_staff',
      unitId: TOO_BIG,
      scopeRegionCode: '420502000000',
    });
    expectRefused(res, 400, 'body.unitId');
    expectRefused(await get(`/api/users?unitId=${TOO_BIG}`), 400, 'querystring.unitId');
    expect((await get(`/api/users/${TOO_BIG}`)).statusCode).toBe(404);
    expect((await get(`/api/users/${TOO_BIG}/personal`)).statusCode).toBe(404);
  });

  it('stores a display name without zero-width characters and refuses one that is nothing else', async () => {
    const body = {
      username: 'zerowidth',
      displayName: '\u200B王\u2060五\uFEFF',
      password: 'Zerowidth#2026a',
      role: 'hq_staff',
      unitId: xilingUnitId,
      scopeRegionCode: '420502000000',
    };
    const res = await send('POST', '/api/users', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().displayName).toBe('王五');
    const empty = await send('POST', '/api/users', {
      ...body,
      username: 'zerowidth2',
      displayName: '\u200B\u202E',
    });
    expectRefused(empty, 400, 'body.displayName');
    expect(empty.json().error.message).toBe('姓名不能为空');
  });

  it('refuses a search holding NUL', async () => {
    expectRefused(await get('/api/users?q=ad%00min'), 400, 'query.q');
  });
});

describe('audit', () => {
  it('refuses filters holding NUL with a 400 naming the field', async () => {
    expectRefused(await get('/api/audit?actor=ad%00min'), 400, 'query.actor');
    expectRefused(await get('/api/audit/export.xlsx?entityId=1%00'), 400, 'query.entityId');
  });
});

describe('meetings', () => {
  let meetingId: number;
  beforeAll(async () => {
    const res = await send('POST', '/api/meetings', {
      title: '\u202E例会\u200B',
      regionCode: '420502000000',
      chair: [{ name: '张\u200B三', post: '\u2067区长\u2069' }],
      text: '会议要求，要加快老年人疫苗接种。',
    });
    expect(res.statusCode, res.body).toBe(201);
    meetingId = res.json().id;
  });

  it('stores a meeting title and people without invisible characters', async () => {
    const meeting = (await get(`/api/meetings/${meetingId}`)).json();
    expect(meeting.title).toBe('例会');
    expect(meeting.chair).toEqual([{ name: '张三', post: '区长' }]);
  });

  it('answers impossible ids in the address with 404 and in a body with 400', async () => {
    expect((await get(`/api/meetings/${TOO_BIG}`)).statusCode).toBe(404);
    const directive = await send('PATCH', `/api/meetings/${meetingId}/directives/${TOO_BIG}`, {
      status: 'dropped',
    });
    expect(directive.statusCode).toBe(404);
    const merge = await send('POST', `/api/meetings/${meetingId}/directives/merge`, { ids: [1, TOO_BIG] });
    expectRefused(merge, 400, 'body.ids.1');
  });

  it('refuses a pasted report holding NUL, and deeply nested JSON on import, with a 400', async () => {
    const res = await send('POST', '/api/meetings/import', { text: '会议要求\u0000，要加快疫苗接种。' });
    expectRefused(res, 400, 'body.text');
    expectRefused(await send('POST', '/api/meetings/import', deepJson), 400, 'body');
    const nested = `{"text":"会议","chair":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expectRefused(await send('POST', '/api/meetings/parse', nested), 400, 'body');
  });

  it('does not count brackets inside text as nesting', async () => {
    const text = `会议要求，要加快疫苗接种。"${'[{'.repeat(100)}\\"${'['.repeat(100)}`;
    const res = await send('POST', '/api/meetings/parse', { text });
    expect(res.statusCode, res.body).toBe(200);
  });
});

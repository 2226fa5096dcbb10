// Bad input never breaks the server: every route in the OpenAPI document gets each class of bad input (NUL in
// text, ids past PostgreSQL's integer, JSON nested 10,000 deep, bidi and zero-width characters, odd raw bodies)
// as a logged-in HQ admin, and anonymously. None may answer 5xx; the classes the input checks refuse are 400 (404
// for an id in the address). A new route is swept without being listed here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_INTEGER_MAX } from '../shared/contracts/common.ts';
import { makeGrid, makeMeeting, makeUnit, makeUser } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};
type Parameter = { in: 'path' | 'query'; name: string; schema?: JsonSchema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
};
type Route = { method: string; path: string; op: Operation };

let t: TestApp;
let admin: string;
let routes: Route[];
const ids = { unit: 0, user: 0, meeting: 0, directive: 0, grid: '' };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  ids.unit = (await makeUnit(t, admin, { regionCode: '420502000000' })).id;
  ids.user = (await makeUser(t, admin, { role: 'hq_staff' })).id;
  ids.grid = (await makeGrid(t, admin)).code;
  ids.meeting = (
    await makeMeeting(t, admin, { regionCode: '420502000000', text: '会议要求，要加快老年人疫苗接种。' })
  ).id;
  const directive = await t.app.inject({
    method: 'POST',
    url: `/api/meetings/${ids.meeting}/directives`,
    headers: { cookie: admin },
    payload: { text: '要加快老年人疫苗接种' },
  });
  expect(directive.statusCode, directive.body).toBe(201);
  ids.directive = directive.json().id;
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  routes = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
});
afterAll(() => t.close());

/** A class of bad input: what to put where a route takes text, an integer, or a value in the address. */
type BadInput = {
  name: string;
  text: (field: string) => unknown;
  integer: unknown;
  pathId: string;
  pathCode: (path: string) => string;
};

/** Values that pass each field's own format, so the other fields' bad input goes as deep as it can. */
const wellFormed: Record<string, string> = {
  parentCode: '420502001001',
  regionCode: '420502000000',
  scopeRegionCode: '420502000000',
  code: '420502001001099',
  date: '2022-05-10',
  publishedAt: '2022-05-10',
  from: '2022-01-01',
  to: '2022-12-31',
  username: 'sweepnew',
  password: 'Sweep#2026ab',
  newPassword: 'Sweep#2026cd',
  phone: '13800138000',
  idNumber: '',
  contactPhone: '',
  deadline: '5月底前',
  accept: '1',
  reject: '2',
};

const codeFor = (path: string) =>
  path.includes('{code}') && !path.includes('/children') ? ids.grid : '420502';
const idValue = () => String(ids.meeting);

const NUL = 'a\u0000b';
const INVISIBLE = '\u202E扫描\u200B名称\uFEFF';

const classes: BadInput[] = [
  { name: 'NUL in text', text: () => NUL, integer: 1, pathId: '%00', pathCode: () => '%00' },
  {
    name: 'integer past PostgreSQL integer',
    text: (field) => wellFormed[field] ?? '扫描',
    integer: PG_INTEGER_MAX + 1,
    pathId: String(PG_INTEGER_MAX + 1),
    pathCode: codeFor,
  },
  {
    name: 'integer far past any range',
    text: (field) => wellFormed[field] ?? '扫描',
    integer: 1e20,
    pathId: '99999999999999999999',
    pathCode: codeFor,
  },
  {
    name: 'bidi and zero-width characters',
    text: (field) => wellFormed[field] ?? INVISIBLE,
    integer: 1,
    pathId: '',
    pathCode: codeFor,
  },
];

function sample(schema: JsonSchema | undefined, field: string, bad: BadInput): unknown {
  const branch = schema?.anyOf ?? schema?.oneOf;
  if (branch) return sample(branch.find((s) => s.type !== 'null') ?? branch[0], field, bad);
  if (!schema) return bad.text(field);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return bad.integer;
    case 'boolean':
      return false;
    case 'array':
      return [sample(schema.items, field, bad), sample(schema.items, field, bad)];
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s, k, bad)]),
      );
    default:
      return bad.text(field);
  }
}

/** Routes whose JSON body is read by the handler rather than declared (the report routes): the likely fields. */
const undeclaredBody = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    title: { type: 'string' },
    regionCode: { type: 'string' },
    unreadable: { type: 'array', items: { type: 'object', properties: { start: { type: 'integer' } } } },
  },
} satisfies JsonSchema;

function idFor(path: string, name: string): string {
  if (name === 'directiveId') return String(ids.directive);
  if (path.startsWith('/api/units')) return String(ids.unit);
  if (path.startsWith('/api/users')) return String(ids.user);
  return idValue();
}

type Sent = { url: string; body?: unknown; hasText: boolean; hasInteger: boolean; hasPathId: boolean };

function requestFor(route: Route, bad: BadInput): Sent {
  let hasText = false;
  let hasInteger = false;
  let hasPathId = false;
  let url = route.path;
  const query = new URLSearchParams();
  for (const p of route.op.parameters ?? []) {
    const integer = p.schema?.type === 'integer' || p.schema?.type === 'number';
    if (p.in === 'path') {
      let value: string;
      if (p.name === 'code') {
        value = bad.pathCode(route.path);
        hasText ||= value === '%00';
      } else {
        value = bad.pathId || idFor(route.path, p.name);
        hasPathId ||= bad.pathId !== '' && bad.pathId !== '%00';
        hasText ||= bad.pathId === '%00';
      }
      url = url.replace(`{${p.name}}`, value);
    } else if (integer) {
      query.set(p.name, String(bad.integer));
      hasInteger ||= bad.integer !== 1;
    } else if (!p.schema?.enum) {
      const value = bad.text(p.name);
      if (typeof value === 'string') query.set(p.name, value);
      hasText ||= value === NUL;
    }
  }
  const search = query.toString();
  if (search) url += `?${search}`;
  if (route.method === 'GET' || route.method === 'DELETE') return { url, hasText, hasInteger, hasPathId };
  const schema = route.op.requestBody?.content['application/json']?.schema ?? undeclaredBody;
  const body = sample(schema, 'body', bad);
  const text = JSON.stringify(body);
  hasText ||= text.includes('\\u0000');
  hasInteger ||= bad.integer !== 1 && /"(?:id|ids|\w+Id)":\[?\d/.test(text);
  return { url, body, hasText, hasInteger, hasPathId };
}

/** A cookie for the request: logging out is tried on a session of its own, so the sweep stays logged in. */
async function cookieFor(route: Route): Promise<string> {
  return route.path === '/api/auth/logout' ? t.login('admin') : admin;
}

const publicRoutes = new Set(['POST /api/auth/login', 'GET /api/health']);

describe('bad input sweep over the OpenAPI document', () => {
  it('finds the whole API in the document', () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const key of ['POST /api/auth/login', 'POST /api/meetings/import', 'POST /api/regions/grids/import'])
      expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(key);
  });

  for (const bad of classes) {
    it(`answers ${bad.name} with a 4xx on every route, never a 5xx`, async () => {
      const failures: string[] = [];
      for (const route of routes) {
        const sent = requestFor(route, bad);
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: sent.url,
          headers: { cookie: await cookieFor(route) },
          ...(sent.body === undefined ? {} : { payload: sent.body as object }),
        });
        const label = `${route.method} ${sent.url} → ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (res.statusCode >= 500) failures.push(label);
        // What the input checks refuse must be refused by them, whatever the route.
        else if (sent.hasText && bad.name === 'NUL in text' && res.statusCode !== 400)
          failures.push(`${label}: NUL not refused`);
        else if (sent.hasPathId && res.statusCode !== 404) failures.push(`${label}: impossible id not a 404`);
        else if (!sent.hasPathId && sent.hasInteger && res.statusCode !== 400)
          failures.push(`${label}: id out of range not a 400`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('refuses JSON nested 10,000 levels deep with a 400 on every route that takes a body', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const deepInField = `{"name":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      for (const payload of [deep, deepInField]) {
        const url = requestFor(route, classes[3]!).url;
        const res = await t.app.inject({
          method: route.method as 'POST',
          url,
          headers: { cookie: await cookieFor(route), 'content-type': 'application/json' },
          payload,
        });
        if (res.statusCode !== 400) failures.push(`${route.method} ${url} → ${res.statusCode} ${res.body}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers raw bodies holding NUL and bidi characters (text, CSV, binary) without a 5xx', async () => {
    const bodies: [string, string | Buffer][] = [
      ['text/plain', `5月10日，区疫情防控会议召开。${NUL}会议要求，要加快疫苗接种。`],
      ['text/csv', `所属社区代码,网格名称\n420502001001,${NUL}网格\n420502001001,${INVISIBLE}\n`],
      ['application/octet-stream', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xfe])],
    ];
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'POST')) {
      for (const [type, payload] of bodies) {
        const url = requestFor(route, classes[3]!).url;
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: await cookieFor(route), 'content-type': type },
          payload,
        });
        if (res.statusCode >= 500)
          failures.push(`${type} ${route.method} ${url} → ${res.statusCode} ${res.body}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps every stored name free of bidi and zero-width characters after the sweep', async () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters looked for.
    const invisible = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF\u2060\u0000]/u;
    const lists = {
      '/api/units?pageSize=500': (i: { name: string; shortName: string | null }) => [i.name, i.shortName],
      '/api/users?pageSize=500': (i: { displayName: string }) => [i.displayName],
      '/api/meetings?pageSize=500': (i: { title: string }) => [i.title],
      '/api/regions/420502001001/children': (i: { name: string }) => [i.name],
    };
    const names: string[] = [];
    for (const [url, namesOf] of Object.entries(lists)) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
      const body = res.json();
      for (const item of Array.isArray(body) ? body : body.items)
        names.push(...(namesOf as (i: unknown) => (string | null)[])(item).filter((n): n is string => !!n));
    }
    // Not vacuous: the sweep's own writes with such characters got through, cleaned.
    expect(names).toContain('扫描名称');
    expect(names.filter((n) => invisible.test(n))).toEqual([]);
  });

  it('answers anonymous callers 401 before reading or validating anything, public routes excepted', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const failures: string[] = [];
    for (const route of routes) {
      const sent = requestFor(route, classes[0]!);
      const res = await t.app.inject({
        method: route.method as 'POST',
        url: sent.url,
        ...(route.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, payload: deep }),
      });
      const key = `${route.method} ${route.path}`;
      const expected = publicRoutes.has(key) ? (route.method === 'GET' ? 200 : 400) : 401;
      if (res.statusCode !== expected) failures.push(`${key} → ${res.statusCode}, expected ${expected}`);
    }
    expect(failures).toEqual([]);
  });
});

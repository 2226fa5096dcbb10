// Test data made through the HTTP API, as a user would make it: each factory takes the caller's cookie and only
// what the test cares about, fills the rest with valid, unique values, and returns the created record. Tests
// make their own records instead of reusing one that an earlier test created, so they run in any order.
import { idNumberCheckChar } from '../../shared/contracts/personal.ts';
import type { TestApp } from './test-app.ts';

let serial = 0;
/** Unique within a test file, which has a database of its own. */
const next = () => ++serial;

async function create<T>(t: TestApp, cookie: string, url: string, payload: object): Promise<T> {
  const res = await t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
  if (res.statusCode !== 201) throw new Error(`POST ${url} failed: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** The id of the demo unit with this exact name (e.g. 西陵区人民政府). */
export async function unitIdByName(t: TestApp, cookie: string, name: string): Promise<number> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/units?q=${encodeURIComponent(name)}`,
    headers: { cookie },
  });
  const unit = (res.json().items as { id: number; name: string }[]).find((u) => u.name === name);
  if (!unit) throw new Error(`no unit named ${name}`);
  return unit.id;
}

/** A valid mainland ID number, different for each n (born 1990, region 420502). */
export function makeIdNumber(n: number, region = '420502'): string {
  const first17 = `${region}19900101${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

type CreatedUser = {
  id: number;
  username: string;
  displayName: string;
  role: string;
  [field: string]: unknown;
};
/** The account as the API answered, plus the password it was made with, to log in as it. */
export type UserRecord = CreatedUser & { password: string };

/**
 * An account (by default a 西陵区 unit liaison of 西陵区人民政府). Give `unitId` or `unitName` for another unit;
 * the role and scope must fit it, as the API checks.
 */
export async function makeUser(
  t: TestApp,
  cookie: string,
  overrides: Record<string, unknown> & { unitName?: string } = {},
): Promise<UserRecord> {
  const n = next();
  const { unitName, ...fields } = overrides;
  const unitId = fields.unitId ?? (await unitIdByName(t, cookie, unitName ?? '西陵区人民政府'));
  const payload = {
    username: `test-user${n}`,
    displayName: `测试用户${n}`,
    password: `Test#User${n}pass`,
    role: 'unit_liaison',
    scopeRegionCode: '420502000000',
    phone: `139720${String(10000 + n).slice(-5)}`,
    idNumber: makeIdNumber(n),
    ...fields,
    unitId,
  };
  const created = await create<CreatedUser>(t, cookie, '/api/users', payload);
  return { ...created, password: payload.password };
}

export type UnitRecord = {
  id: number;
  name: string;
  kind: string;
  regionCode: string;
  [field: string]: unknown;
};

/** A city department by default. */
export async function makeUnit(
  t: TestApp,
  cookie: string,
  overrides: Record<string, unknown> = {},
): Promise<UnitRecord> {
  const n = next();
  return create<UnitRecord>(t, cookie, '/api/units', {
    name: `测试局${n}`,
    kind: 'department',
    regionCode: '420500000000',
    ...overrides,
  });
}

export type GridRecord = {
  code: string;
  name: string;
  parentCode: string;
  population: number;
  [field: string]: unknown;
};

/** A grid under a 西陵区 community by default. */
export async function makeGrid(
  t: TestApp,
  cookie: string,
  overrides: Record<string, unknown> = {},
): Promise<GridRecord> {
  const n = next();
  return create<GridRecord>(t, cookie, '/api/regions/grids', {
    parentCode: '420502001001',
    name: `测试网格${n}`,
    population: 300,
    ...overrides,
  });
}

export type MeetingRecord = { id: number; title: string; regionCode: string; [field: string]: unknown };

/** A meeting typed in by hand, in the caller's region unless `regionCode` says otherwise. */
export async function makeMeeting(
  t: TestApp,
  cookie: string,
  overrides: Record<string, unknown> = {},
): Promise<MeetingRecord> {
  const n = next();
  return create<MeetingRecord>(t, cookie, '/api/meetings', {
    title: `测试会议${n}`,
    date: '2022-05-01',
    ...overrides,
  });
}

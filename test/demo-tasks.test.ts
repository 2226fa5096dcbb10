// The demo tasks as the demo logins meet them: every state, overdue and listed work in 西陵区's inbox, city
// departments seeing their own unit's tasks, weekly and daily reports, and a history spread over past weeks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskStatusValues } from '../shared/contracts/tasks.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

type Item = {
  id: number;
  title: string;
  status: string;
  regionCode: string;
  light: string;
  listed: boolean;
  parentId: number | null;
  meetingId: number | null;
  cadence: { kind: string; weekday?: number; dueTime: string } | null;
  leadUnit: { id: number; name: string };
};

let t: TestApp;
let admin: string;
const call = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const list = async (cookie: string, query = ''): Promise<Item[]> => {
  const res = await call(`/api/tasks?pageSize=100${query}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('demo tasks', () => {
  it('has tasks in every state, a 各县市区 split into 13, and weekly (Friday 17:00) and daily reports', async () => {
    const all = await list(admin);
    for (const status of taskStatusValues)
      expect(all.filter((i) => i.status === status).length, `tasks in state ${status}`).toBeGreaterThan(0);
    const parents = all.filter((i) => all.filter((c) => c.parentId === i.id).length === 13);
    expect(parents).toHaveLength(1);
    const children = all.filter((c) => c.parentId === parents[0]!.id);
    expect(new Set(children.map((c) => c.regionCode.slice(0, 6))).size).toBe(13);
    expect(
      all.some(
        (i) => i.cadence?.kind === 'weekly' && i.cadence.weekday === 5 && i.cadence.dueTime === '17:00',
      ),
    ).toBe(true);
    expect(all.some((i) => i.cadence?.kind === 'daily')).toBe(true);
    // Made from the reviewed demo meetings, the district's own among them.
    const meetings = (await call('/api/meetings?pageSize=100', admin)).json().items;
    expect(meetings.filter((m: { status: string }) => m.status === 'reviewed').length).toBeGreaterThanOrEqual(
      3,
    );
    expect(meetings.some((m: { regionCode: string }) => m.regionCode === '420502000000')).toBe(true);
    expect(all.filter((i) => i.meetingId !== null).length).toBeGreaterThan(all.length / 2);
  });

  it('shows 西陵区 red in its inbox, one listed under the demo leader after reminders', async () => {
    const xiling = await t.login('xiling');
    const red = await list(xiling, '&light=red');
    expect(red.length).toBeGreaterThanOrEqual(2);
    expect(red.every((i) => i.regionCode.startsWith('420502') && i.leadUnit.name === '西陵区人民政府')).toBe(
      true,
    );
    const listed = red.find((i) => i.listed);
    expect(listed).toBeDefined();
    const task = (await call(`/api/tasks/${listed!.id}`, xiling)).json();
    expect(task.supervisor.username).toBe('leader');
    expect(task.reminders).toBeGreaterThanOrEqual(2);
    const types = task.events.map((e: { type: string }) => e.type);
    expect(types.indexOf('remind')).toBeLessThan(types.indexOf('list'));
    expect(
      task.events.find((e: { type: string }) => e.type === 'list').payload.daysOverdue,
    ).toBeGreaterThanOrEqual(3);
    // The HQ's overdue list holds a listed task of a city department too.
    const hqRed = await list(admin, '&light=red');
    expect(hqRed.length).toBeGreaterThanOrEqual(red.length + 2);
    expect(hqRed.some((i) => i.listed && i.regionCode === '420500000000')).toBe(true);
  });

  it('gives each city department liaison (city scope) only the tasks of their own unit', async () => {
    for (const [username, unit] of [
      ['weijian', '宜昌市卫生健康委员会'],
      ['zhujian', '宜昌市住房和城乡建设局'],
      ['shangwu', '宜昌市商务局'],
      ['yingji', '宜昌市应急管理局'],
    ] as const) {
      const cookie = await t.login(username);
      const me = (await call('/api/me', cookie)).json();
      expect(me).toMatchObject({
        role: 'unit_liaison',
        unit: { name: unit },
        scopeRegion: { code: '420500000000' },
      });
      const mine = await list(cookie);
      expect(mine.length, username).toBeGreaterThanOrEqual(3);
      for (const item of mine) {
        const task = (await call(`/api/tasks/${item.id}`, cookie)).json();
        expect(
          task.assignments.some((a: { unit: { id: number } }) => a.unit.id === me.unit.id),
          `${username} sees task ${item.id}`,
        ).toBe(true);
      }
    }
  });

  it('dates every task’s history in the past weeks, in order, never at the moment the seed ran', async () => {
    // The audit log keeps when the seed actually wrote each change: the story's history must lie before it.
    const audit = (await call('/api/audit?entity=task&pageSize=500', admin)).json().items;
    const seededAt = Math.min(...audit.map((e: { at: string }) => Date.parse(e.at)));
    let earliest = Number.POSITIVE_INFINITY;
    for (const item of await list(admin)) {
      const task = (await call(`/api/tasks/${item.id}`, admin)).json();
      const times = [
        ...task.events.map((e: { at: string }) => e.at),
        ...task.reports.map((r: { createdAt: string }) => r.createdAt),
        task.createdAt,
        task.updatedAt,
      ].map(Date.parse);
      for (const time of times) expect(time, `task ${item.id}`).toBeLessThan(seededAt - 60_000);
      const eventTimes = task.events.map((e: { at: string }) => Date.parse(e.at));
      expect(eventTimes, `task ${item.id}'s timeline`).toEqual([...eventTimes].sort((a, b) => a - b));
      earliest = Math.min(earliest, ...times);
    }
    expect(seededAt - earliest).toBeGreaterThan(14 * 86_400_000);
  });
});

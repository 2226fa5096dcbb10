// Supervision through HTTP: the ranking on a hand-computed example, the settings, the 督办通知书.
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnit, makeUser, unitIdByName } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
let staff: string;
let wujiagang: string;
const unit: Record<string, number> = {};
const liaison: Record<string, string> = {};

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const event = (id: number, cookie: string, body: object) =>
  call('POST', `/api/tasks/${id}/events`, cookie, body);

async function task(lead: string, title: string, dueIn = 5) {
  const res = await call('POST', '/api/tasks', admin, {
    title,
    category: 'epidemic',
    regionCode: '420500000000',
    leadUnitId: unit[lead],
    dueAt: day(dueIn),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, staff, wujiagang] = (await Promise.all(['admin', 'staff', 'wujiagang'].map((u) => t.login(u)))) as [
    string,
    string,
    string,
  ];
  // Units of their own, so the demo city's tasks do not enter the hand-computed example.
  for (const [key, name] of [
    ['health', '考评测试卫生健康委员会'],
    ['housing', '考评测试住房和城乡建设局'],
    ['commerce', '考评测试商务局'],
    ['xiling', '西陵区人民政府'],
  ] as const) {
    unit[key] =
      key === 'xiling' ? await unitIdByName(t, admin, name) : (await makeUnit(t, admin, { name })).id;
    if (key !== 'xiling') {
      const user = await makeUser(t, admin, { unitId: unit[key], scopeRegionCode: '420500000000' });
      liaison[key] = await t.login(user.username, user.password);
    } else liaison[key] = await t.login('xiling');
  }
});
afterAll(() => t.close());

describe('ranking', () => {
  let overdueTask = 0;
  beforeAll(async () => {
    // Worked out by hand from this file's own tasks: the demo's tasks go first (the database is this file's own),
    // and the 督办通知书 numbers start again.
    await t.database.db.execute(sql`delete from tasks`);
    await t.database.db.execute(sql`update supervision_settings set notice_serial = 0, notice_year = null`);
    // 卫健委: two tasks delivered on time.
    for (const title of ['核酸采样点布设', '发热门诊巡查']) {
      const id = await task('health', title);
      await event(id, liaison.health!, { type: 'sign' });
      await event(id, liaison.health!, { type: 'submit', note: '已完成' });
    }
    // 住建局: one returned once then delivered on time, one still open three days past its deadline.
    const returned = await task('housing', '工地防疫检查');
    await event(returned, liaison.housing!, { type: 'sign' });
    await event(returned, liaison.housing!, { type: 'submit', note: '已检查' });
    await event(returned, admin, { type: 'return', note: '缺少台账' });
    await event(returned, liaison.housing!, { type: 'submit', note: '已补台账' });
    await event(returned, admin, { type: 'complete' });
    overdueTask = await task('housing', '老旧小区封控设施排查');
    await event(overdueTask, liaison.housing!, { type: 'sign' });
    await t.database.db.execute(
      sql`update tasks set due_at = now() - interval '3 days' where id = ${overdueTask}`,
    );
    // 商务局 declines one (it goes to 西陵区, not yet due: not counted for anyone).
    const declined = await task('commerce', '农贸市场消杀');
    await event(declined, liaison.commerce!, { type: 'decline', note: '属地负责' });
    await event(declined, admin, { type: 'reassign', unitId: unit.xiling });
  });

  it('scores, ranks and lists units as worked out by hand', async () => {
    // Lists long enough that the demo city's units cannot push ours off them.
    await call('PATCH', '/api/supervision/settings', admin, { redListSize: 50, blackListSize: 50 });
    const res = await call('GET', `/api/supervision/ranking?from=${day(-10)}&to=${day(60)}`, staff);
    await call('PATCH', '/api/supervision/settings', admin, { redListSize: 3, blackListSize: 3 });
    expect(res.statusCode, res.body).toBe(200);
    const byName = Object.fromEntries(
      res.json().items.map((i: { unit: { name: string } }) => [i.unit.name, i]),
    );
    // 卫健委: 100 × 2/2 = 100.
    expect(byName['考评测试卫生健康委员会']).toMatchObject({
      tasks: 2,
      onTime: 2,
      onTimeRate: 1,
      overdue: 0,
      score: 100,
      list: 'red',
    });
    // 住建局: 100 × 1/2 = 50 − 1 overdue × 5 − 1 return × 2 − 3 days late on average × 1 = 40.
    expect(byName['考评测试住房和城乡建设局']).toMatchObject({
      tasks: 2,
      onTime: 1,
      onTimeRate: 0.5,
      overdue: 1,
      returned: 1,
      avgDaysLate: 3,
      score: 40,
      list: 'black',
    });
    // 商务局 declined one and led none: shown, not rated.
    expect(byName['考评测试商务局']).toMatchObject({
      tasks: 0,
      declined: 1,
      rated: false,
      list: null,
    });
    // The demo city's units are ranked beside them; ours keep their order, the unrated one last.
    const items = res.json().items as { unit: { name: string }; rank: number }[];
    const rankOf = (name: string) => items.find((i) => i.unit.name === name)!.rank;
    expect(rankOf('考评测试卫生健康委员会')).toBeLessThan(rankOf('考评测试住房和城乡建设局'));
    expect(rankOf('考评测试商务局')).toBe(Math.max(...items.map((i) => i.rank)));
    expect(res.json().weights).toEqual({ onTimeRate: 1, overdue: 5, returned: 2, declined: 3, daysLate: 1 });
  });

  it('ranks only what the caller may see, and refuses a period that ends before it starts', async () => {
    const other = (
      await call('GET', `/api/supervision/ranking?from=${day(-10)}&to=${day(60)}`, wujiagang)
    ).json();
    const names = other.items.map((i: { unit: { name: string } }) => i.unit.name);
    expect(names.some((n: string) => n.startsWith('考评测试'))).toBe(false);
    expect(names.every((n: string) => n === '伍家岗区人民政府')).toBe(true);
    const bad = await call('GET', `/api/supervision/ranking?from=${day(5)}&to=${day(1)}`, staff);
    expect(bad.statusCode).toBe(400);
  });

  it('exports the ranking to Excel', async () => {
    const res = await call(
      'GET',
      `/api/supervision/ranking/export.xlsx?from=${day(-10)}&to=${day(60)}`,
      staff,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toContain('考评测试住房和城乡建设局');
  });

  it('lists the overdue task for supervision with a numbered 督办通知书 in Word', async () => {
    const listed = (await event(overdueTask, admin, { type: 'list', note: '逾期未办' })).json();
    expect(listed.noticeNumber).toMatch(/^宜疫指督〔\d{4}〕\d+号$/);
    const doc = await call('GET', `/api/tasks/${overdueTask}/supervision-notice.docx`, admin);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(doc.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('老旧小区封控设施排查');
    expect(xml).toContain('考评测试住房和城乡建设局');
    expect(xml).toContain('督办通知书');
    expect(
      (await call('GET', `/api/tasks/${overdueTask}/supervision-notice.docx`, wujiagang)).statusCode,
    ).toBe(404);
    const notListed = await task('health', '未挂牌的任务');
    expect((await call('GET', `/api/tasks/${notListed}/supervision-notice.docx`, admin)).statusCode).toBe(
      409,
    );
  });
});

describe('settings', () => {
  it('lets the admin change when a task turns yellow; others may not; lines that cross are refused', async () => {
    const id = await task('health', '七日后到期', 7);
    expect((await call('GET', `/api/tasks/${id}`, admin)).json().light).toBe('green');
    expect((await call('PATCH', '/api/supervision/settings', staff, { yellowDays: 10 })).statusCode).toBe(
      403,
    );
    const crossed = await call('PATCH', '/api/supervision/settings', admin, { blackBelowScore: 95 });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json().error.details[0].field).toBe('blackBelowScore');
    const changed = await call('PATCH', '/api/supervision/settings', admin, {
      yellowDays: 10,
      weights: { overdue: 10 },
    });
    expect(changed.json()).toMatchObject({ yellowDays: 10, weights: { overdue: 10, returned: 2 } });
    expect((await call('GET', `/api/tasks/${id}`, admin)).json().light).toBe('yellow');
    await call('PATCH', '/api/supervision/settings', admin, { yellowDays: 3, weights: { overdue: 5 } });
  });
});

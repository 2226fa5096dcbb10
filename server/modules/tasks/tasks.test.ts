// Tasks through HTTP: a task's whole life, who may send which event, scope, lists, lights and extensions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, unitIdByName } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
let staff: string;
let leader: string;
let xiling: string;
let wujiagang: string;
let xilingUnit: number;
let wujiagangUnit: number;
let healthUnit: number;
let housingUnit: number;
let health: string;
let housing: string;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

async function makeTask(fields: Record<string, unknown> = {}, cookie = admin) {
  const res = await call('POST', '/api/tasks', cookie, {
    title: '核查隔离房间储备情况',
    description: '按每万人60间标准核查',
    category: 'epidemic',
    responsibility: 'territorial',
    regionCode: '420502000000',
    leadUnitId: xilingUnit,
    dueAt: inDays(7),
    ...fields,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; status: string; [k: string]: unknown };
}

const event = (id: number, cookie: string, body: object) =>
  call('POST', `/api/tasks/${id}/events`, cookie, body);

beforeAll(async () => {
  t = await createTestApp();
  [admin, staff, leader, xiling, wujiagang] = (await Promise.all(
    ['admin', 'staff', 'leader', 'xiling', 'wujiagang'].map((u) => t.login(u)),
  )) as [string, string, string, string, string];
  [xilingUnit, wujiagangUnit, healthUnit, housingUnit] = (await Promise.all(
    ['西陵区人民政府', '伍家岗区人民政府', '宜昌市卫生健康委员会', '宜昌市住房和城乡建设局'].map((n) =>
      unitIdByName(t, admin, n),
    ),
  )) as [number, number, number, number];
  const [h, hs] = await Promise.all([
    makeUser(t, admin, { unitId: healthUnit, scopeRegionCode: '420500000000' }),
    makeUser(t, admin, { unitId: housingUnit, scopeRegionCode: '420500000000' }),
  ]);
  [health, housing] = await Promise.all([t.login(h.username, h.password), t.login(hs.username, hs.password)]);
});
afterAll(() => t.close());

describe('a task from assignment to done', () => {
  it('is signed, reported, submitted, returned, resubmitted and completed, each step on its timeline', async () => {
    const task = await makeTask();
    expect(task.status).toBe('assigned');
    expect((await event(task.id, xiling, { type: 'sign' })).json().status).toBe('signed');
    const reported = await event(task.id, xiling, {
      type: 'report',
      note: '已完成第一轮摸排，储备612间',
      progress: 60,
    });
    expect(reported.json()).toMatchObject({ status: 'in_progress', progress: 60 });
    expect(reported.json().reports[0]).toMatchObject({ note: '已完成第一轮摸排，储备612间', progress: 60 });
    expect((await event(task.id, xiling, { type: 'submit', note: '已按标准完成储备' })).json().status).toBe(
      'submitted',
    );
    const selfComplete = await event(task.id, xiling, { type: 'complete' });
    expect(selfComplete.statusCode).toBe(403);
    const noReason = await event(task.id, admin, { type: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe('note');
    expect(
      (await event(task.id, admin, { type: 'return', note: '缺少现场照片，请补充' })).json().status,
    ).toBe('returned');
    expect((await event(task.id, xiling, { type: 'submit', note: '已补充照片' })).json().status).toBe(
      'submitted',
    );
    const done = (await event(task.id, staff, { type: 'complete', note: '同意办结' })).json();
    expect(done.status).toBe('done');
    expect(done.assignments[0]).toMatchObject({ role: 'lead', status: 'done', unit: { id: xilingUnit } });
    expect(done.events.map((e: { type: string }) => e.type)).toEqual([
      'assign',
      'sign',
      'report',
      'submit',
      'return',
      'submit',
      'complete',
    ]);
    expect(done.events[4]).toMatchObject({ note: '缺少现场照片，请补充', actor: { username: 'admin' } });
    expect(done.events[1].actor.username).toBe('xiling');
    const again = await event(task.id, xiling, { type: 'sign' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_TRANSITION');
    expect(again.json().error.message).toContain('已办结');
    expect(done.allowedEvents).not.toContain('sign');
  });

  it('offers each caller only the events they may send now', async () => {
    const task = await makeTask();
    const asLiaison = (await call('GET', `/api/tasks/${task.id}`, xiling)).json();
    expect(asLiaison.allowedEvents).toEqual(expect.arrayContaining(['sign', 'decline']));
    expect(asLiaison.allowedEvents).not.toContain('complete');
    const asOffice = (await call('GET', `/api/tasks/${task.id}`, admin)).json();
    expect(asOffice.allowedEvents).toEqual(expect.arrayContaining(['remind', 'cancel']));
    expect(asOffice.allowedEvents).not.toContain('sign');
    const asLeader = (await call('GET', `/api/tasks/${task.id}`, leader)).json();
    expect(asLeader.allowedEvents).toEqual(['remind']);
  });

  it('refuses a report before signing and an event the kind does not have', async () => {
    const task = await makeTask();
    expect((await event(task.id, xiling, { type: 'report', note: 'x' })).statusCode).toBe(409);
    expect((await event(task.id, xiling, { type: 'fly' })).statusCode).toBe(400);
  });
});

describe('lead and co-units', () => {
  it('lets a co-unit sign and report on its own assignment but not submit for the lead', async () => {
    const task = await makeTask({
      leadUnitId: healthUnit,
      coUnitIds: [housingUnit],
      regionCode: '420500000000',
    });
    expect((await event(task.id, housing, { type: 'sign' })).statusCode).toBe(200);
    const after = (await call('GET', `/api/tasks/${task.id}`, admin)).json();
    expect(after.status).toBe('assigned'); // the lead has not signed yet
    expect(after.assignments.find((a: { role: string }) => a.role === 'co').status).toBe('signed');
    expect(
      (await event(task.id, housing, { type: 'report', note: '排查工地12处', progress: 50 })).statusCode,
    ).toBe(200);
    const submit = await event(task.id, housing, { type: 'submit', note: '代为报送' });
    expect(submit.statusCode).toBe(403);
    await event(task.id, health, { type: 'sign' });
    const done = (await event(task.id, health, { type: 'submit', note: '汇总住建局材料后报送' })).json();
    expect(done.status).toBe('submitted');
    expect(done.reports.map((r: { unit: { name: string } }) => r.unit.name)).toEqual([
      '宜昌市住房和城乡建设局',
      '宜昌市卫生健康委员会',
    ]);
  });

  it('lets a unit decline with a reason, and the office reassign it to another unit', async () => {
    const task = await makeTask({ leadUnitId: housingUnit, regionCode: '420500000000' });
    expect((await event(task.id, housing, { type: 'decline' })).statusCode).toBe(400);
    const declined = (await event(task.id, housing, { type: 'decline', note: '不属于本单位职责' })).json();
    expect(declined.status).toBe('declined');
    expect(declined.assignments[0].declinedReason).toBe('不属于本单位职责');
    const moved = (
      await event(task.id, admin, { type: 'reassign', unitId: healthUnit, note: '改由卫健委牵头' })
    ).json();
    expect(moved.status).toBe('assigned');
    expect(moved.leadUnit).toEqual({ id: healthUnit, name: '宜昌市卫生健康委员会' });
    // The unit that declined no longer sees it; the new lead does.
    expect((await call('GET', `/api/tasks/${task.id}`, housing)).statusCode).toBe(404);
    expect((await call('GET', `/api/tasks/${task.id}`, health)).statusCode).toBe(200);
  });
});

describe('scope', () => {
  it('hides another district’s task from its liaison, in the list, on read and for every event', async () => {
    const task = await makeTask();
    expect((await call('GET', `/api/tasks/${task.id}`, wujiagang)).statusCode).toBe(404);
    for (const type of ['sign', 'report', 'submit', 'remind', 'complete'])
      expect((await event(task.id, wujiagang, { type, note: 'x' })).statusCode).toBe(404);
    const list = (await call('GET', '/api/tasks?pageSize=100', wujiagang)).json();
    expect(list.items.some((i: { id: number }) => i.id === task.id)).toBe(false);
    expect(list.items.some((i: { regionCode: string }) => i.regionCode.startsWith('420502'))).toBe(false);
  });

  it('shows a city department only the tasks its unit takes part in', async () => {
    const theirs = await makeTask({ leadUnitId: healthUnit, regionCode: '420500000000' });
    const other = await makeTask({ leadUnitId: housingUnit, regionCode: '420500000000' });
    const list = (await call('GET', '/api/tasks?pageSize=100', health)).json();
    const ids = list.items.map((i: { id: number }) => i.id);
    expect(ids).toContain(theirs.id);
    expect(ids).not.toContain(other.id);
    expect((await call('GET', `/api/tasks/${other.id}`, health)).statusCode).toBe(404);
  });

  it('keeps a draft from its units until it is assigned', async () => {
    const draft = await makeTask({ draft: true });
    expect(draft.status).toBe('draft');
    expect((await call('GET', `/api/tasks/${draft.id}`, xiling)).statusCode).toBe(404);
    expect((await event(draft.id, admin, { type: 'assign' })).json().status).toBe('assigned');
    expect((await call('GET', `/api/tasks/${draft.id}`, xiling)).json().allowedEvents).toContain('sign');
  });

  it('shows a district’s liaison a city task their district takes part in', async () => {
    const task = await makeTask({
      leadUnitId: healthUnit,
      coUnitIds: [wujiagangUnit],
      regionCode: '420500000000',
    });
    expect((await call('GET', `/api/tasks/${task.id}`, wujiagang)).statusCode).toBe(200);
    expect((await call('GET', `/api/tasks/${task.id}`, xiling)).statusCode).toBe(404);
  });

  it('refuses a task for a region outside the creator’s scope, and liaisons cannot create tasks', async () => {
    expect(
      (
        await call('POST', '/api/tasks', xiling, {
          title: 'x',
          category: 'other',
          regionCode: '420502000000',
          leadUnitId: xilingUnit,
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('creating', () => {
  it('names the field of every mistake', async () => {
    const bad = await call('POST', '/api/tasks', admin, {
      title: ' ',
      category: 'epidemic',
      regionCode: '420502000000',
      leadUnitId: xilingUnit,
      dueAt: '2022-02-30',
    });
    expect(bad.statusCode).toBe(400);
    const past = await call('POST', '/api/tasks', admin, {
      title: '补报数据',
      category: 'epidemic',
      regionCode: '420502000000',
      leadUnitId: xilingUnit,
      dueAt: '2020-01-01',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details[0].field).toBe('dueAt');
    const noUnit = await call('POST', '/api/tasks', admin, {
      title: '补报数据',
      category: 'epidemic',
      regionCode: '420502000000',
      leadUnitId: 99999,
    });
    expect(noUnit.json().error.details[0].field).toBe('leadUnitId');
  });

  it('splits 各县市区 work into one sub-task per county-level division, each led by its district', async () => {
    const created = (
      await call('POST', '/api/tasks', admin, {
        title: '各县市区开展重点场所排查',
        category: 'safety',
        regionCode: '420500000000',
        leadUnitId: await unitIdByName(t, admin, '宜昌市应急管理局'),
        dueAt: inDays(10),
        splitByCounty: true,
      })
    ).json();
    expect(created.subtasks).toHaveLength(13);
    const mine = created.subtasks.find((s: { regionCode: string }) => s.regionCode === '420502000000');
    expect(mine.leadUnit.id).toBe(xilingUnit);
    const seen = (await call('GET', `/api/tasks/${mine.id}`, xiling)).json();
    expect(seen.parentId).toBe(created.id);
    expect((await call('GET', `/api/tasks?parentId=${created.id}&pageSize=100`, admin)).json().total).toBe(
      13,
    );
  });
});

describe('lists', () => {
  it('pages by cursor through every match once, in deadline order', async () => {
    for (let i = 0; i < 5; i++) await makeTask({ title: `翻页任务${i}`, dueAt: inDays(20 + i) });
    const seen: number[] = [];
    let cursor: string | null = null;
    let dueOrder: string[] = [];
    do {
      const url: string = `/api/tasks?q=${encodeURIComponent('翻页任务')}&pageSize=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { total: number; items: { id: number; dueAt: string }[]; nextCursor: string | null } = (
        await call('GET', url, admin)
      ).json();
      expect(page.total).toBe(5);
      seen.push(...page.items.map((i: { id: number }) => i.id));
      dueOrder = dueOrder.concat(page.items.map((i: { dueAt: string }) => i.dueAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    expect([...dueOrder].sort()).toEqual(dueOrder);
    expect((await call('GET', '/api/tasks?cursor=garbage', admin)).statusCode).toBe(400);
    expect((await call('GET', '/api/tasks?pageSize=101', admin)).statusCode).toBe(400);
  });
});

describe('extensions', () => {
  it('keeps the first deadline and the approved one', async () => {
    const task = await makeTask({ dueAt: inDays(3) });
    await event(task.id, xiling, { type: 'sign' });
    const asked = await event(task.id, xiling, {
      type: 'request_extension',
      dueAt: inDays(10),
      note: '需等待检测结果',
    });
    expect(asked.json().pendingExtension.dueAt).toBe(new Date(`${inDays(10)}T23:59:59+08:00`).toISOString());
    expect((await event(task.id, xiling, { type: 'approve_extension' })).statusCode).toBe(403);
    const approved = (await event(task.id, admin, { type: 'approve_extension', note: '同意' })).json();
    expect(approved.dueAt).toBe(new Date(`${inDays(10)}T23:59:59+08:00`).toISOString());
    expect(approved.originalDueAt).toBe(new Date(`${inDays(3)}T23:59:59+08:00`).toISOString());
    expect(approved.pendingExtension).toBeNull();
    expect((await event(task.id, admin, { type: 'approve_extension' })).statusCode).toBe(409);
  });
});

describe('lights', () => {
  it('shows yellow when due within the settings’ days and green beyond', async () => {
    const soon = await makeTask({ dueAt: inDays(1) });
    const later = await makeTask({ dueAt: inDays(30) });
    expect((await call('GET', `/api/tasks/${soon.id}`, admin)).json().light).toBe('yellow');
    expect((await call('GET', `/api/tasks/${later.id}`, admin)).json().light).toBe('green');
  });

  it('shows red once the deadline has passed and filters by it', async () => {
    const late = await makeTask({ title: '已逾期的任务', dueAt: inDays(1) });
    await t.database.db.execute(
      (await import('drizzle-orm'))
        .sql`update tasks set due_at = now() - interval '2 days' where id = ${late.id}`,
    );
    expect((await call('GET', `/api/tasks/${late.id}`, admin)).json().light).toBe('red');
    const red = (await call('GET', '/api/tasks?light=red&pageSize=100', admin)).json();
    expect(red.items.map((i: { id: number }) => i.id)).toContain(late.id);
    expect(red.items.every((i: { light: string }) => i.light === 'red')).toBe(true);
    await event(late.id, xiling, { type: 'sign' });
    const early = await event(late.id, leader, { type: 'list' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('逾期满 3 天');
    await t.database.db.execute(
      (await import('drizzle-orm'))
        .sql`update tasks set due_at = now() - interval '4 days' where id = ${late.id}`,
    );
    const listed = (await event(late.id, leader, { type: 'list' })).json();
    expect(listed.listed).toBe(true);
    expect((await event(late.id, xiling, { type: 'list' })).statusCode).toBe(403);
  });
});

describe('from a meeting', () => {
  async function reviewedMeeting(texts: string[]) {
    const meeting = (
      await call('POST', '/api/meetings', admin, { title: '市疫情防控指挥部调度会', date: '2022-11-10' })
    ).json();
    const ids: number[] = [];
    for (const text of texts)
      ids.push((await call('POST', `/api/meetings/${meeting.id}/directives`, admin, { text })).json().id);
    return { meeting, ids };
  }

  it('refuses directives of a meeting still in review, and links accepted ones to the task', async () => {
    const { meeting, ids } = await reviewedMeeting(['西陵区要在11月底前完成隔离房间储备核查']);
    const base = {
      title: '隔离房间储备核查',
      category: 'epidemic',
      regionCode: '420502000000',
      leadUnitId: xilingUnit,
    };
    const early = await call('POST', '/api/tasks', admin, { ...base, directiveIds: ids });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0].field).toBe('directiveIds');
    await call('POST', `/api/meetings/${meeting.id}/directives/accept-remaining`, admin);
    expect((await call('POST', `/api/meetings/${meeting.id}/review`, admin)).statusCode).toBe(200);
    const task = await makeTask({ ...base, directiveIds: ids });
    const read = (await call('GET', `/api/tasks/${task.id}`, admin)).json();
    expect(read.meetingId).toBe(meeting.id);
    expect(read.directives).toEqual([expect.objectContaining({ id: ids[0], meetingId: meeting.id })]);
    const ofMeeting = (await call('GET', `/api/tasks?meetingId=${meeting.id}`, admin)).json();
    expect(ofMeeting.items).toEqual([
      expect.objectContaining({ id: task.id, directiveIds: ids, status: 'assigned' }),
    ]);
  });
});

describe('overdue', () => {
  it('lists open tasks past their deadline, most overdue first, in the caller’s scope', async () => {
    const { overdueTasks } = await import('./tasks.service.ts');
    const { sql } = await import('drizzle-orm');
    const a = await makeTask({ title: '逾期五天', dueAt: inDays(2) });
    const b = await makeTask({ title: '逾期一天', dueAt: inDays(2) });
    const submitted = await makeTask({ title: '已报送待审', dueAt: inDays(2) });
    await event(submitted.id, xiling, { type: 'sign' });
    await event(submitted.id, xiling, { type: 'submit', note: '完成' });
    const db = t.database.db;
    await db.execute(sql`update tasks set due_at = now() - interval '5 days' where id = ${a.id}`);
    await db.execute(
      sql`update tasks set due_at = now() - interval '1 day' where id in (${b.id}, ${submitted.id})`,
    );
    const city = {
      id: 0,
      username: 'cli',
      displayName: '命令行',
      role: 'hq_admin' as const,
      unitId: 1,
      unitName: '',
      scopeRegion: { code: '420500000000', name: '宜昌市', level: 'city' as const },
    };
    const list = await overdueTasks(db, city);
    const ids = list.map((x) => x.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    expect(ids).not.toContain(submitted.id);
    expect(list.find((x) => x.id === a.id)).toMatchObject({ daysOverdue: 5, leadUnit: { id: xilingUnit } });
    const other = await overdueTasks(db, {
      ...city,
      scopeRegion: { code: '420503000000', name: '伍家岗区', level: 'county' },
    });
    expect(other.map((x) => x.id)).not.toContain(a.id);
  });
});

describe('cadenced tasks', () => {
  it('expect a report each period: a missing one turns the task red, a late one fills it and leaves it yellow', async () => {
    const { sql } = await import('drizzle-orm');
    const task = await makeTask({
      title: '每日报送隔离点运行情况',
      dueAt: undefined,
      cadence: { kind: 'daily', dueTime: '23:59' },
    });
    const fresh = (await call('GET', `/api/tasks/${task.id}`, admin)).json();
    const today = inDays(0);
    expect(fresh.nextDueAt).toBe(new Date(`${today}T23:59:00+08:00`).toISOString());
    // Assigned yesterday morning (Beijing): yesterday's report, due 23:59, was never made.
    const yesterday = inDays(-1);
    await t.database.db.execute(sql`update tasks set assigned_at = ${`${yesterday}T08:00:00+08:00`}::timestamptz,
      next_report_due_at = ${`${yesterday}T23:59:00+08:00`}::timestamptz where id = ${task.id}`);
    expect((await call('GET', `/api/tasks/${task.id}`, admin)).json().light).toBe('red');
    await event(task.id, xiling, { type: 'sign' });
    const caughtUp = (
      await event(task.id, xiling, {
        type: 'report',
        note: '昨日运行正常',
        figures: [{ label: '在隔人数', value: 35, unit: '人' }],
      })
    ).json();
    expect(caughtUp.reports[0]).toMatchObject({
      periodStart: yesterday,
      figures: [{ label: '在隔人数', value: 35, unit: '人' }],
    });
    expect(caughtUp.nextDueAt).toBe(new Date(`${today}T23:59:00+08:00`).toISOString());
    expect(caughtUp.light).toBe('yellow');
    const current = (await event(task.id, xiling, { type: 'report', note: '今日运行正常' })).json();
    expect(current.reports[1].periodStart).toBe(today);
    expect(current.nextDueAt).toBe(new Date(`${inDays(1)}T23:59:00+08:00`).toISOString());
  });

  it('refuses a deadline and a cadence together, and an extension for a cadenced task', async () => {
    const both = await call('POST', '/api/tasks', admin, {
      title: '周调度',
      category: 'economy',
      regionCode: '420502000000',
      leadUnitId: xilingUnit,
      dueAt: inDays(3),
      cadence: { kind: 'weekly', weekday: 5, dueTime: '17:00' },
    });
    expect(both.statusCode).toBe(400);
    const weekly = await makeTask({
      dueAt: undefined,
      cadence: { kind: 'weekly', weekday: 5, dueTime: '17:00' },
    });
    await event(weekly.id, xiling, { type: 'sign' });
    const ext = await event(weekly.id, xiling, {
      type: 'request_extension',
      dueAt: inDays(30),
      note: '需要更多时间',
    });
    expect(ext.statusCode).toBe(409);
  });
});

describe('转为任务', () => {
  it('proposes the lead, co-units, deadline and region from a directive, and the office makes the task from it', async () => {
    const today = inDays(0);
    const meeting = (
      await call('POST', '/api/meetings', admin, { title: '市疫情防控指挥部调度会', date: today })
    ).json();
    const text = '由市卫健委牵头，市住建局配合，年底前完成全市集中隔离点排查整改';
    const directive = (
      await call('POST', `/api/meetings/${meeting.id}/directives`, admin, { text, category: 'epidemic' })
    ).json();
    expect((await call('GET', `/api/meetings/${meeting.id}/task-proposals`, admin)).statusCode).toBe(409);
    await call('POST', `/api/meetings/${meeting.id}/directives/accept-remaining`, admin);
    await call('POST', `/api/meetings/${meeting.id}/review`, admin);
    const proposals = await call('GET', `/api/meetings/${meeting.id}/task-proposals`, admin);
    expect(proposals.statusCode, proposals.body).toBe(200);
    const [p] = proposals.json().items;
    expect(p).toMatchObject({
      directiveId: directive.id,
      category: 'epidemic',
      leadUnit: { id: healthUnit, name: '宜昌市卫生健康委员会' },
      coUnits: [{ id: housingUnit, name: '宜昌市住房和城乡建设局' }],
      dueAt: `${today.slice(0, 4)}-12-31`,
      regionCode: '420500000000',
    });
    expect(p.reasons.join('；')).toContain('市卫健委');
    expect((await call('GET', `/api/meetings/${meeting.id}/task-proposals`, xiling)).statusCode).toBe(403);
    const made = await makeTask({
      title: p.title,
      description: p.description,
      category: p.category,
      regionCode: p.regionCode,
      leadUnitId: p.leadUnit.id,
      coUnitIds: p.coUnits.map((u: { id: number }) => u.id),
      dueAt: p.dueAt,
      directiveIds: [p.directiveId],
    });
    const seen = (await call('GET', `/api/tasks/${made.id}`, health)).json();
    expect(seen).toMatchObject({
      meetingTitle: '市疫情防控指挥部调度会',
      dueAt: new Date(`${p.dueAt}T23:59:59+08:00`).toISOString(),
    });
    expect(seen.allowedEvents).toContain('sign');
  });
});

describe('reminders, notifications and escalation', () => {
  const notificationsOf = async (cookie: string, taskId: number) =>
    (
      (await call('GET', '/api/notifications?pageSize=100', cookie)).json().items as {
        kind: string;
        level: string;
        title: string;
        link: string;
      }[]
    ).filter((n) => n.link === `/tasks/${taskId}`);
  const remindNow = async () => {
    const { runTaskReminders } = await import('./tasks.reminders.ts');
    return t.database.db.transaction((tx) => runTaskReminders(tx));
  };

  it('tells the units when a task is assigned, and reminds once when it is due within a day', async () => {
    const soon = new Date(Date.now() + 12 * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19);
    const task = await makeTask({ title: '十二小时内到期', dueAt: `${soon}+08:00` });
    expect((await notificationsOf(xiling, task.id)).map((n) => n.kind)).toEqual(['assigned']);
    expect((await remindNow()).dueSoon).toBeGreaterThanOrEqual(1);
    await remindNow();
    const told = await notificationsOf(xiling, task.id);
    expect(told.filter((n) => n.kind === 'reminder')).toHaveLength(1);
    const read = (await call('GET', `/api/tasks/${task.id}`, admin)).json();
    expect(read.reminders).toBe(1);
    expect(read.events.at(-1)).toMatchObject({ type: 'remind', actor: { username: 'system' } });
    // Another district hears nothing of it.
    expect(await notificationsOf(wujiagang, task.id)).toEqual([]);
  });

  it('escalates repeated reminders blue → orange → red', async () => {
    const task = await makeTask({ title: '多次催办' });
    for (let i = 0; i < 5; i++) await event(task.id, staff, { type: 'remind', note: `第${i + 1}次催办` });
    const levels = (await notificationsOf(xiling, task.id))
      .filter((n) => n.kind === 'reminder')
      .map((n) => n.level);
    expect(levels.sort()).toEqual(['blue', 'blue', 'orange', 'orange', 'red']);
  });

  it('reminds an overdue task once a day, marks it late, and escalates a listed one to the city', async () => {
    const { sql } = await import('drizzle-orm');
    const task = await makeTask({ title: '逾期挂牌待升级', dueAt: inDays(1) });
    await event(task.id, xiling, { type: 'sign' });
    await t.database.db.execute(
      sql`update tasks set due_at = now() - interval '4 days' where id = ${task.id}`,
    );
    await event(task.id, leader, { type: 'list', note: '逾期四天，挂牌督办' });
    const run = await remindNow();
    expect(run.overdue).toBeGreaterThanOrEqual(1);
    expect(run.escalated).toBeGreaterThanOrEqual(1);
    await remindNow();
    const read = (await call('GET', `/api/tasks/${task.id}`, admin)).json();
    expect(read.escalatedTo).toEqual({ code: '420500000000', name: '宜昌市' });
    expect(
      read.events.filter(
        (e: { type: string; actor: { username: string } }) =>
          e.type === 'remind' && e.actor.username === 'system',
      ),
    ).toHaveLength(1);
    expect((await notificationsOf(admin, task.id)).map((n) => n.kind)).toContain('escalated');
    expect((await notificationsOf(xiling, task.id)).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['listed', 'reminder']),
    );
    // Delivered, it is no longer escalated, and it stays yellow: it was late.
    const submitted = (await event(task.id, xiling, { type: 'submit', note: '已办结' })).json();
    expect(submitted.light).toBe('yellow');
    await remindNow();
    expect((await call('GET', `/api/tasks/${task.id}`, admin)).json().escalatedTo).toBeNull();
  });

  it('runs the reminders as a scheduled job of the app', async () => {
    expect(await t.app.jobQueue.runDueJobs()).toBeGreaterThanOrEqual(1);
  });
});

describe('attachments', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
  const upload = (id: number, cookie: string, bytes: Buffer, type: string, name: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/tasks/${id}/attachments?fileName=${encodeURIComponent(name)}`,
      headers: { cookie, 'content-type': type },
      payload: bytes,
    });

  it('takes a photo by its bytes, attaches it to a report, and serves it only to those who see the task', async () => {
    const task = await makeTask({ title: '带照片的报告' });
    await event(task.id, xiling, { type: 'sign' });
    // Named .pdf and sent as octet-stream: the bytes say PNG, so it is stored and served as a PNG.
    const res = await upload(task.id, xiling, png, 'application/octet-stream', '现场照片.pdf');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      fileName: '现场照片.png',
      contentType: 'image/png',
      size: png.length,
    });
    const reported = (
      await event(task.id, xiling, { type: 'report', note: '现场已整改', attachmentIds: [res.json().id] })
    ).json();
    expect(reported.reports[0].attachments).toEqual([expect.objectContaining({ id: res.json().id })]);
    const url = `/api/tasks/${task.id}/attachments/${res.json().id}`;
    const got = await call('GET', url, admin);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    expect((await call('GET', url, wujiagang)).statusCode).toBe(404);
    // Used once: a second report cannot take the same file.
    const again = await event(task.id, xiling, {
      type: 'report',
      note: '再次',
      attachmentIds: [res.json().id],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].field).toBe('attachmentIds');
  });

  it('refuses files that are not photos, PDFs or Office documents, empty ones, and units not on the task', async () => {
    const task = await makeTask({ title: '附件类型' });
    const exe = await upload(
      task.id,
      xiling,
      Buffer.from('MZ\x90\x00 not a photo'),
      'image/png',
      'photo.png',
    );
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.message).toContain('只能上传');
    expect((await upload(task.id, xiling, Buffer.alloc(0), 'image/png', 'x.png')).statusCode).toBe(400);
    expect((await upload(task.id, leader, png, 'image/png', 'x.png')).statusCode).toBe(403);
    expect((await upload(task.id, wujiagang, png, 'image/png', 'x.png')).statusCode).toBe(404);
  });
});

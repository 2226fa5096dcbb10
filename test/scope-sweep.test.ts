// Scope is security: every API route, as listed in the OpenAPI document, is tried by users of 西陵区 against
// 伍家岗区's records. None may read or change them. A new route that is not in this table fails the test.
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyUsers } from '../server/modules/notifications/notifications.service.ts';
import { notifications } from '../server/modules/notifications/notifications.table.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let admin: string;
let sweepers: Record<string, string>;
const other = {
  regionCode: '420503000000',
  gridCode: '',
  unitId: 0,
  userId: 0,
  meetingId: 0,
  directiveIds: [] as number[],
  taskId: 0,
  attachmentId: 0,
  notificationId: 0,
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: admin }, payload });
  const xilingUnit = (await call('GET', `/api/units?q=${encodeURIComponent('西陵区人民政府')}`)).json()
    .items[0];
  for (const [username, role] of [
    ['xladmin', 'hq_admin'],
    ['xlstaff', 'hq_staff'],
    ['xlleader', 'leader'],
    ['xlinspector', 'inspector'],
  ]) {
    const res = await call('POST', '/api/users', {
      username,
      displayName: '西陵测试',
      password: 'Xiling#2026a',
      role,
      unitId: xilingUnit.id,
      scopeRegionCode: '420502000000',
    });
    expect(res.statusCode).toBe(201);
  }
  // Records that belong to 伍家岗区, made by the city admin.
  other.gridCode = (
    await call('POST', '/api/regions/grids', { parentCode: '420503001001', name: '伍家岗专用网格' })
  ).json().code;
  other.unitId = (
    await call('GET', `/api/units?q=${encodeURIComponent('伍家岗区人民政府')}`)
  ).json().items[0].id;
  other.userId = (await call('GET', '/api/users?q=wujiagang')).json().items[0].id;
  // Locked, so an unlock that got through would show.
  for (let i = 0; i < 6; i++)
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'wujiagang', password: 'Wrong#Pass1' },
    });
  other.meetingId = (
    await call('POST', '/api/meetings', {
      title: '伍家岗区疫情防控工作例会',
      date: '2022-05-10',
      regionCode: '420503000000',
      text: '会议要求，伍家岗区要加快老年人疫苗接种。伍家岗区要守牢安全生产底线。',
    })
  ).json().id;
  for (const text of ['伍家岗区要加快老年人疫苗接种', '伍家岗区要守牢安全生产底线']) {
    const res = await call('POST', `/api/meetings/${other.meetingId}/directives`, { text });
    expect(res.statusCode).toBe(201);
    other.directiveIds.push(res.json().id);
  }
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const task = await call('POST', '/api/tasks', {
    title: '伍家岗区核查隔离房间储备',
    category: 'epidemic',
    regionCode: '420503000000',
    leadUnitId: other.unitId,
    dueAt: due,
  });
  expect(task.statusCode).toBe(201);
  other.taskId = task.json().id;
  const photo = await t.app.inject({
    method: 'POST',
    url: `/api/tasks/${other.taskId}/attachments?fileName=${encodeURIComponent('伍家岗现场.png')}`,
    headers: { cookie: admin, 'content-type': 'image/png' },
    payload: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  });
  expect(photo.statusCode).toBe(201);
  other.attachmentId = photo.json().id;
  // Written by the tasks module in the product; no route makes one.
  await notifyUsers(t.database.db, [other.userId], {
    kind: 'reminder',
    title: '伍家岗区任务催办',
    body: '张丽，请尽快签收',
    link: '/tasks/1',
    regionCode: '420503000000',
  });
  // This one: 张丽 has the demo tasks' notifications too.
  other.notificationId = (
    await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, other.userId), eq(notifications.title, '伍家岗区任务催办')))
  )[0]!.id;
  sweepers = {
    xladmin: await t.login('xladmin', 'Xiling#2026a'),
    xlstaff: await t.login('xlstaff', 'Xiling#2026a'),
    xlleader: await t.login('xlleader', 'Xiling#2026a'),
    xlinspector: await t.login('xlinspector', 'Xiling#2026a'),
    xiling: await t.login('xiling'),
    wangge: await t.login('wangge'),
  };
});
afterAll(() => t.close());

type Probe = { method: string; url: () => string; body?: () => object | string; contentType?: string };

/** Every route of the API, each aimed at 伍家岗区. `null` marks routes that return no district's records. */
const probes: Record<string, Probe[] | null> = {
  'GET /api/health': null,
  'GET /api/me': null,
  'POST /api/auth/login': null,
  'POST /api/auth/logout': null,
  'POST /api/auth/password': null,
  'GET /api/regions': [
    { method: 'GET', url: () => `/api/regions?q=${encodeURIComponent('伍家岗')}` },
    { method: 'GET', url: () => '/api/regions?q=420503' },
    { method: 'GET', url: () => '/api/regions?pageSize=200&level=county' },
  ],
  'GET /api/regions/{code}': [
    { method: 'GET', url: () => '/api/regions/420503' },
    { method: 'GET', url: () => `/api/regions/${other.gridCode}` },
  ],
  'GET /api/regions/{code}/children': [
    { method: 'GET', url: () => '/api/regions/420503/children' },
    { method: 'GET', url: () => '/api/regions/4205/children' },
  ],
  'GET /api/regions/{code}/children/export.xlsx': [
    { method: 'GET', url: () => '/api/regions/420503/children/export.xlsx' },
    { method: 'GET', url: () => '/api/regions/4205/children/export.xlsx' },
  ],
  'GET /api/regions/{code}/grid-template.xlsx': [
    { method: 'GET', url: () => '/api/regions/420503/grid-template.xlsx' },
    { method: 'GET', url: () => '/api/regions/4205/grid-template.xlsx' },
  ],
  'POST /api/regions/grids': [
    {
      method: 'POST',
      url: () => '/api/regions/grids',
      body: () => ({ parentCode: '420503001002', name: '越界' }),
    },
  ],
  'POST /api/regions/grids/import': [
    {
      method: 'POST',
      url: () => '/api/regions/grids/import',
      body: () => '所属社区代码,网格名称\n420503001002,越界导入\n',
      contentType: 'text/csv',
    },
  ],
  'PATCH /api/regions/{code}': [
    { method: 'PATCH', url: () => `/api/regions/${other.gridCode}`, body: () => ({ name: '被改名' }) },
  ],
  'DELETE /api/regions/{code}': [{ method: 'DELETE', url: () => `/api/regions/${other.gridCode}` }],
  'GET /api/units': [
    { method: 'GET', url: () => '/api/units?pageSize=500' },
    { method: 'GET', url: () => '/api/units?regionCode=420503000000' },
  ],
  'GET /api/units/export.xlsx': [{ method: 'GET', url: () => '/api/units/export.xlsx' }],
  'GET /api/units/{id}': [{ method: 'GET', url: () => `/api/units/${other.unitId}` }],
  'POST /api/units': [
    {
      method: 'POST',
      url: () => '/api/units',
      body: () => ({ name: '越界单位', kind: 'department', regionCode: '420503000000' }),
    },
  ],
  'PATCH /api/units/{id}': [
    { method: 'PATCH', url: () => `/api/units/${other.unitId}`, body: () => ({ shortName: '被改' }) },
  ],
  'DELETE /api/units/{id}': [{ method: 'DELETE', url: () => `/api/units/${other.unitId}` }],
  'GET /api/users': [{ method: 'GET', url: () => '/api/users?pageSize=500' }],
  'GET /api/users/export.xlsx': [{ method: 'GET', url: () => '/api/users/export.xlsx' }],
  'GET /api/users/{id}': [{ method: 'GET', url: () => `/api/users/${other.userId}` }],
  'GET /api/users/{id}/personal': [{ method: 'GET', url: () => `/api/users/${other.userId}/personal` }],
  'POST /api/users': [
    {
      method: 'POST',
      url: () => '/api/users',
      body: () => ({
        username: 'yuejie',
        displayName: '越界',
        password: 'Yuejie#2026a',
        role: 'unit_liaison',
        unitId: other.unitId,
        scopeRegionCode: '420503000000',
      }),
    },
  ],
  'PATCH /api/users/{id}': [
    { method: 'PATCH', url: () => `/api/users/${other.userId}`, body: () => ({ displayName: '被改名' }) },
  ],
  'POST /api/users/{id}/unlock': [{ method: 'POST', url: () => `/api/users/${other.userId}/unlock` }],
  'GET /api/audit': [{ method: 'GET', url: () => '/api/audit?pageSize=500' }],
  'GET /api/audit/export.xlsx': [{ method: 'GET', url: () => '/api/audit/export.xlsx' }],
  'GET /api/meetings': [
    { method: 'GET', url: () => '/api/meetings?pageSize=500' },
    { method: 'GET', url: () => '/api/meetings?regionCode=420503000000' },
    { method: 'GET', url: () => `/api/meetings?q=${encodeURIComponent('伍家岗')}` },
  ],
  'GET /api/meetings/export.xlsx': [{ method: 'GET', url: () => '/api/meetings/export.xlsx' }],
  // A preview of the text the caller sends; it stores nothing, and the one record it reads (meetings with the
  // same title and date) is checked on its own below.
  'POST /api/meetings/parse': null,
  'POST /api/meetings/import': [
    {
      method: 'POST',
      url: () => '/api/meetings/import',
      body: () => ({
        text: '5月10日，区疫情防控会议召开。会议要求，要加快疫苗接种。',
        regionCode: '420503000000',
      }),
    },
    {
      method: 'POST',
      url: () => '/api/meetings/import?regionCode=420503000000',
      body: () => '5月10日，区疫情防控会议召开。会议要求，要加快疫苗接种。',
      contentType: 'text/plain',
    },
  ],
  'GET /api/meetings/{id}': [{ method: 'GET', url: () => `/api/meetings/${other.meetingId}` }],
  'POST /api/meetings': [
    {
      method: 'POST',
      url: () => '/api/meetings',
      body: () => ({ title: '越界会议', regionCode: '420503000000' }),
    },
  ],
  'PATCH /api/meetings/{id}': [
    { method: 'PATCH', url: () => `/api/meetings/${other.meetingId}`, body: () => ({ title: '被改名' }) },
  ],
  'DELETE /api/meetings/{id}': [{ method: 'DELETE', url: () => `/api/meetings/${other.meetingId}` }],
  'POST /api/meetings/{id}/review': [
    { method: 'POST', url: () => `/api/meetings/${other.meetingId}/review` },
  ],
  'POST /api/meetings/{id}/unreadable': [
    {
      method: 'POST',
      url: () => `/api/meetings/${other.meetingId}/unreadable`,
      body: () => ({ start: 0, accept: false }),
    },
  ],
  'GET /api/meetings/{id}/directives/export.xlsx': [
    { method: 'GET', url: () => `/api/meetings/${other.meetingId}/directives/export.xlsx` },
  ],
  'POST /api/meetings/{id}/directives': [
    {
      method: 'POST',
      url: () => `/api/meetings/${other.meetingId}/directives`,
      body: () => ({ text: '越界要求' }),
    },
  ],
  'POST /api/meetings/{id}/directives/merge': [
    {
      method: 'POST',
      url: () => `/api/meetings/${other.meetingId}/directives/merge`,
      body: () => ({ ids: other.directiveIds }),
    },
  ],
  'POST /api/meetings/{id}/directives/accept-remaining': [
    { method: 'POST', url: () => `/api/meetings/${other.meetingId}/directives/accept-remaining` },
  ],
  'PATCH /api/meetings/{id}/directives/{directiveId}': [
    {
      method: 'PATCH',
      url: () => `/api/meetings/${other.meetingId}/directives/${other.directiveIds[0]}`,
      body: () => ({ status: 'dropped' }),
    },
  ],
  'POST /api/meetings/{id}/directives/{directiveId}/split': [
    {
      method: 'POST',
      url: () => `/api/meetings/${other.meetingId}/directives/${other.directiveIds[0]}/split`,
      body: () => ({ at: 3 }),
    },
  ],
  'POST /api/tasks': [
    {
      method: 'POST',
      url: () => '/api/tasks',
      body: () => ({
        title: '越界任务',
        category: 'other',
        regionCode: '420503000000',
        leadUnitId: other.unitId,
      }),
    },
  ],
  'GET /api/tasks': [
    { method: 'GET', url: () => '/api/tasks?pageSize=100' },
    { method: 'GET', url: () => '/api/tasks?regionCode=420503000000' },
    { method: 'GET', url: () => `/api/tasks?unitId=${other.unitId}` },
    { method: 'GET', url: () => `/api/tasks?q=${encodeURIComponent('伍家岗')}` },
  ],
  'GET /api/tasks/export.xlsx': [{ method: 'GET', url: () => '/api/tasks/export.xlsx' }],
  'GET /api/tasks/{id}': [{ method: 'GET', url: () => `/api/tasks/${other.taskId}` }],
  'PATCH /api/tasks/{id}': [
    { method: 'PATCH', url: () => `/api/tasks/${other.taskId}`, body: () => ({ title: '被改名' }) },
  ],
  'POST /api/tasks/{id}/events': ['sign', 'report', 'remind', 'cancel', 'list', 'decline'].map((type) => ({
    method: 'POST',
    url: () => `/api/tasks/${other.taskId}/events`,
    body: () => ({ type, note: '越界操作' }),
  })),
  'POST /api/tasks/{id}/attachments': [
    {
      method: 'POST',
      url: () => `/api/tasks/${other.taskId}/attachments`,
      body: () => '%PDF-1.4 越界',
      contentType: 'application/pdf',
    },
  ],
  'GET /api/tasks/{id}/attachments/{attachmentId}': [
    { method: 'GET', url: () => `/api/tasks/${other.taskId}/attachments/${other.attachmentId}` },
  ],
  'GET /api/supervision/ranking': [
    { method: 'GET', url: () => '/api/supervision/ranking?from=2020-01-01&to=2030-12-31' },
    { method: 'GET', url: () => '/api/supervision/ranking?from=2020-01-01&to=2030-12-31&unitKind=district' },
  ],
  'GET /api/supervision/ranking/export.xlsx': [
    { method: 'GET', url: () => '/api/supervision/ranking/export.xlsx?from=2020-01-01&to=2030-12-31' },
  ],
  // City-wide rules, no district's records; only the city's admin changes them.
  'GET /api/supervision/settings': null,
  'PATCH /api/supervision/settings': [
    { method: 'PATCH', url: () => '/api/supervision/settings', body: () => ({ yellowDays: 9 }) },
  ],
  'GET /api/tasks/{id}/supervision-notice.docx': [
    { method: 'GET', url: () => `/api/tasks/${other.taskId}/supervision-notice.docx` },
  ],
  'GET /api/meetings/{id}/task-proposals': [
    { method: 'GET', url: () => `/api/meetings/${other.meetingId}/task-proposals` },
  ],
  // The lifecycle tables name no district's records.
  'GET /api/workflows/{kind}': null,
  // Notifications are each person's own: the lists answer only the caller's, and another's is a 404.
  'GET /api/notifications': [
    { method: 'GET', url: () => '/api/notifications?pageSize=100' },
    { method: 'GET', url: () => '/api/notifications?unread=true' },
  ],
  'GET /api/notifications/unread-count': null,
  'POST /api/notifications/{id}/read': [
    { method: 'POST', url: () => `/api/notifications/${other.notificationId}/read` },
  ],
  // Marks the caller's own only (a 200 for the sweepers); that 伍家岗区's stayed unread is checked below.
  'POST /api/notifications/read-all': null,
  // A stream of the caller's own, which inject() would wait on for ever; notifications.test.ts reads it.
  'GET /api/notifications/stream': null,
};

/** Text that would only appear if 伍家岗区 data leaked. */
const leaks = ['伍家岗', '420503', '张丽', '13872010006'];

async function textOf(res: {
  headers: Record<string, unknown>;
  rawPayload: Buffer;
  body: string;
}): Promise<string> {
  if (!String(res.headers['content-type']).includes('spreadsheetml')) return res.body;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of wb.worksheets)
    sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell.text)));
  return cells.join('\n');
}

describe('scope sweep', () => {
  it('covers every route in the API document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(
      routes.filter((r) => !(r in probes)),
      'routes missing from the scope sweep',
    ).toEqual([]);
  });

  it('never lets a 西陵区 user read or change 伍家岗区 records, whatever the role', async () => {
    const failures: string[] = [];
    for (const [route, list] of Object.entries(probes)) {
      for (const probe of list ?? []) {
        for (const [user, cookie] of Object.entries(sweepers)) {
          const body = probe.body?.();
          const res = await t.app.inject({
            method: probe.method as 'GET',
            url: probe.url(),
            headers: { cookie, ...(probe.contentType ? { 'content-type': probe.contentType } : {}) },
            payload: body,
          });
          const label = `${user} ${probe.method} ${probe.url()} → ${res.statusCode}`;
          if (probe.method !== 'GET' && res.statusCode < 400)
            failures.push(`${label}: write accepted (${route})`);
          if (res.statusCode >= 500) failures.push(`${label}: server error`);
          const text = await textOf(res);
          // A refused write may echo the code the caller sent; names and personal data must never appear.
          const refusedWrite = probe.method !== 'GET' && res.statusCode >= 400;
          for (const leak of leaks) {
            if (refusedWrite && leak === '420503') continue;
            if (text.includes(leak)) failures.push(`${label}: response contains ${leak}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never names a 伍家岗区 meeting as a possible duplicate in the parse preview', async () => {
    const parse = (cookie: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/meetings/parse',
        headers: { cookie },
        payload: {
          text: '5月10日，伍家岗区疫情防控工作例会召开。会议要求，要加快疫苗接种。',
          publishedAt: '2022-05-10',
        },
      });
    // Not vacuous: the city sees it.
    const city = (await parse(admin)).json();
    expect(city.meeting).toMatchObject({ title: '伍家岗区疫情防控工作例会', date: '2022-05-10' });
    expect(city.duplicates.map((m: { id: number }) => m.id)).toEqual([other.meetingId]);
    for (const [user, cookie] of Object.entries(sweepers)) {
      const res = await parse(cookie);
      expect([200, 403], user).toContain(res.statusCode);
      if (res.statusCode === 200) expect(res.json().duplicates, user).toEqual([]);
    }
  });

  it('left 伍家岗区 records untouched', async () => {
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
    expect((await get(`/api/regions/${other.gridCode}`)).json().name).toBe('伍家岗专用网格');
    expect((await get(`/api/units/${other.unitId}`)).json().shortName).toBe('伍家岗区');
    expect((await get(`/api/users/${other.userId}`)).json()).toMatchObject({
      displayName: '张丽',
      locked: true,
    });
    expect((await get('/api/users?q=yuejie')).json().total).toBe(0);
    expect((await get(`/api/units?q=${encodeURIComponent('越界')}`)).json().total).toBe(0);
    expect((await get('/api/regions/420503001002/children')).body).not.toContain('越界');
    const meeting = (await get(`/api/meetings/${other.meetingId}`)).json();
    expect(meeting).toMatchObject({ title: '伍家岗区疫情防控工作例会', status: 'draft' });
    expect(meeting.directives.map((d: { id: number; status: string }) => [d.id, d.status])).toEqual(
      other.directiveIds.map((id) => [id, 'proposed']),
    );
    expect((await get(`/api/meetings?q=${encodeURIComponent('越界')}`)).json().total).toBe(0);
    for (const cookie of Object.values(sweepers))
      await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { cookie } });
    const [notification] = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.id, other.notificationId));
    expect(notification?.readAt).toBeNull();
  });

  it('still serves the same users their own district (the sweep is not vacuous)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/units?pageSize=500',
      headers: { cookie: sweepers.xladmin! },
    });
    expect(res.json().items.map((u: { name: string }) => u.name)).toContain('西陵区人民政府');
    const users = await t.app.inject({
      method: 'GET',
      url: '/api/users?pageSize=500',
      headers: { cookie: sweepers.xladmin! },
    });
    expect(users.json().total).toBeGreaterThanOrEqual(5);
  });
});

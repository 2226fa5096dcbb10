// Notifications as their readers see them: only their own, unread counts that follow reading, a unit's liaisons
// told together, and the live stream (SSE) pushing what is written after it opened — on this server, or on another
// server on the same PostgreSQL — and ending when the app closes.
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnit, makeUser, type UserRecord } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { buildApp } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { openChangeFeed } from '../../db/changes.ts';
import { openDatabase } from '../../db/client.ts';
import { type NewNotification, notifyUnit, notifyUsers } from './notifications.service.ts';
import { openNotificationStreams } from './notifications.stream.ts';
import { notifications } from './notifications.table.ts';

let t: TestApp;
let admin: string;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

type Person = UserRecord & { cookie: string };
/** A 西陵区 unit liaison of their own, so counts are not shared with other tests. */
async function person(overrides: Record<string, unknown> = {}): Promise<Person> {
  const user = await makeUser(t, admin, overrides);
  return { ...user, cookie: await t.login(user.username, user.password) };
}

let serial = 0;
const reminder = (overrides: Partial<NewNotification> = {}): NewNotification => ({
  kind: 'reminder',
  title: `请尽快签收任务（催办${++serial}）`,
  body: '该任务已交办两天仍未签收。',
  link: '/tasks/12',
  recordKind: 'task',
  recordId: 12,
  regionCode: '420502000000',
  ...overrides,
});

const call = (method: 'GET' | 'POST', url: string, cookie: string) =>
  t.app.inject({ method, url, headers: { cookie } });

describe('my notifications', () => {
  it('lists only the caller’s own, newest first, with how many are unread', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    await notifyUsers(t.database.db, [a.id], reminder({ title: '第一条' }));
    await notifyUsers(t.database.db, [a.id, b.id], reminder({ title: '第二条', level: 'orange' }));
    const mine = (await call('GET', '/api/notifications', a.cookie)).json();
    expect(mine).toMatchObject({ total: 2, unread: 2, page: 1, pageSize: 20 });
    expect(mine.items.map((n: { title: string }) => n.title)).toEqual(['第二条', '第一条']);
    expect(mine.items[0]).toMatchObject({
      kind: 'reminder',
      level: 'orange',
      body: '该任务已交办两天仍未签收。',
      link: '/tasks/12',
      recordKind: 'task',
      recordId: 12,
      regionCode: '420502000000',
      readAt: null,
    });
    expect(mine.items[1].level).toBe('blue');
    const theirs = (await call('GET', '/api/notifications', b.cookie)).json();
    expect(theirs).toMatchObject({ total: 1, unread: 1 });
    expect(theirs.items.map((n: { title: string }) => n.title)).toEqual(['第二条']);
  });

  it('answers 404 for someone else’s notification, which stays unread for its owner', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    await notifyUsers(t.database.db, [a.id], reminder());
    const [item] = (await call('GET', '/api/notifications', a.cookie)).json().items;
    const res = await call('POST', `/api/notifications/${item.id}/read`, b.cookie);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect((await call('POST', '/api/notifications/read-all', b.cookie)).json()).toEqual({ marked: 0 });
    expect((await call('GET', '/api/notifications/unread-count', a.cookie)).json()).toEqual({ count: 1 });
    expect((await call('POST', '/api/notifications/999999/read', a.cookie)).statusCode).toBe(404);
  });

  it('counts down as notifications are read, one or all, and keeps the first reading time', async () => {
    const a = await person();
    for (let i = 0; i < 3; i++) await notifyUsers(t.database.db, [a.id], reminder());
    const count = async () => (await call('GET', '/api/notifications/unread-count', a.cookie)).json().count;
    expect(await count()).toBe(3);
    const [first] = (await call('GET', '/api/notifications', a.cookie)).json().items;
    const read = await call('POST', `/api/notifications/${first.id}/read`, a.cookie);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: first.id, title: first.title });
    expect(read.json().readAt).toEqual(expect.any(String));
    expect(await count()).toBe(2);
    const again = await call('POST', `/api/notifications/${first.id}/read`, a.cookie);
    expect(again.json().readAt).toBe(read.json().readAt);
    expect(await count()).toBe(2);
    const unreadOnly = (await call('GET', '/api/notifications?unread=true', a.cookie)).json();
    expect(unreadOnly).toMatchObject({ total: 2, unread: 2 });
    expect(unreadOnly.items.map((n: { id: number }) => n.id)).not.toContain(first.id);
    expect((await call('POST', '/api/notifications/read-all', a.cookie)).json()).toEqual({ marked: 2 });
    expect(await count()).toBe(0);
    expect((await call('GET', '/api/notifications', a.cookie)).json()).toMatchObject({ total: 3, unread: 0 });
    expect((await call('POST', '/api/notifications/read-all', a.cookie)).json()).toEqual({ marked: 0 });
  });

  it('pages through a long list', async () => {
    const a = await person();
    for (let i = 0; i < 25; i++) await notifyUsers(t.database.db, [a.id], reminder({ title: `第${i}条` }));
    const page3 = (await call('GET', '/api/notifications?page=3&pageSize=10', a.cookie)).json();
    expect(page3).toMatchObject({ total: 25, unread: 25, page: 3, pageSize: 10 });
    expect(page3.items.map((n: { title: string }) => n.title)).toEqual([
      '第4条',
      '第3条',
      '第2条',
      '第1条',
      '第0条',
    ]);
    expect((await call('GET', '/api/notifications?pageSize=101', a.cookie)).statusCode).toBe(400);
  });
});

describe('who is told', () => {
  it('tells a unit’s active liaisons and no one else', async () => {
    const unit = await makeUnit(t, admin, { regionCode: '420502000000' });
    const [l1, l2, gone, elsewhere] = await Promise.all([
      person({ unitId: unit.id }),
      person({ unitId: unit.id }),
      person({ unitId: unit.id }),
      person(),
    ]);
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${gone.id}`,
      headers: { cookie: admin },
      payload: { active: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const told = await notifyUnit(
      t.database.db,
      unit.id,
      reminder({ kind: 'assigned', title: '新任务交办' }),
    );
    expect(told.sort()).toEqual([l1.id, l2.id].sort());
    for (const p of [l1, l2])
      expect((await call('GET', '/api/notifications', p.cookie)).json().items[0]).toMatchObject({
        kind: 'assigned',
        title: '新任务交办',
      });
    expect((await call('GET', '/api/notifications/unread-count', elsewhere.cookie)).json().count).toBe(0);
    const rows = await t.database.db.select().from(notifications).where(eq(notifications.userId, gone.id));
    expect(rows).toEqual([]);
  });

  it('tells each named account once, skipping disabled ones', async () => {
    const [a, gone] = await Promise.all([person(), person()]);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${gone.id}`,
      headers: { cookie: admin },
      payload: { active: false },
    });
    expect(await notifyUsers(t.database.db, [a.id, a.id, gone.id, 2_000_000], reminder())).toEqual([a.id]);
    expect((await call('GET', '/api/notifications', a.cookie)).json().total).toBe(1);
    expect(await notifyUsers(t.database.db, [], reminder())).toEqual([]);
  });

  it('refuses a link that leaves the site', async () => {
    const a = await person();
    for (const link of ['//evil.example/x', 'https://evil.example', 'javascript:alert(1)', '/\\evil.example'])
      await expect(notifyUsers(t.database.db, [a.id], reminder({ link }))).rejects.toThrow();
    expect((await call('GET', '/api/notifications', a.cookie)).json().total).toBe(0);
  });
});

// ---- the live stream ----

type Event = { event: string; id?: string; data?: unknown; comment?: string };

/**
 * Reads a text/event-stream as a browser's EventSource would, and collects its events. node:http on a connection
 * of its own rather than fetch: after an abort, fetch (undici) opens a spare connection that never sends a
 * request, which Node's server.close() then waits for until its headers timeout (about 70 s).
 */
async function openStream(server: string, cookie: string, headers: Record<string, string> = {}) {
  const req = http.get(`${server}/api/notifications/stream`, {
    headers: { cookie, accept: 'text/event-stream', ...headers },
    agent: false,
  });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  const events: Event[] = [];
  let seen = 0;
  let wake: (() => void) | undefined;
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const e: Event = { event: 'message' };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) e.comment = line.slice(1).trim();
        else if (line.startsWith('event: ')) e.event = line.slice(7);
        else if (line.startsWith('id: ')) e.id = line.slice(4);
        else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
        else if (line.startsWith('retry: ')) e.event = 'retry';
      }
      events.push(e);
      wake?.();
      end = buffer.indexOf('\n\n');
    }
  });
  res.on('error', () => {});
  req.on('error', () => {});
  const ended = new Promise<void>((resolve) => res.once('close', () => resolve()));
  /** The next event of this name after those already taken, within `ms`. */
  const next = async (name: string, ms = 2000): Promise<Event> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = events.findIndex((e, i) => i >= seen && e.event === name);
      if (index >= 0) {
        seen = index + 1;
        return events[index]!;
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no ${name} event within ${ms} ms; got ${JSON.stringify(events.slice(seen))}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left);
      });
    }
  };
  return { res, events, next, ended, close: () => req.destroy() };
}

describe('live stream', () => {
  it('sends the unread count on connect, then each new notification within a second', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    await notifyUsers(t.database.db, [a.id], reminder());
    const stream = await openStream(baseUrl, a.cookie);
    try {
      expect(stream.res.statusCode).toBe(200);
      expect(stream.res.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.res.headers['cache-control']).toContain('no-cache');
      expect((await stream.next('unread')).data).toEqual({ count: 1 });

      await notifyUsers(t.database.db, [b.id], reminder({ title: '别人的通知' }));
      const startedAt = Date.now();
      await notifyUsers(
        t.database.db,
        [a.id],
        reminder({ title: '逾期提醒', level: 'red', kind: 'escalated' }),
      );
      const pushed = await stream.next('notification', 1000);
      expect(Date.now() - startedAt).toBeLessThan(1000);
      expect(pushed.data).toMatchObject({ title: '逾期提醒', level: 'red', kind: 'escalated', readAt: null });
      expect(pushed.id).toBe(String((pushed.data as { id: number }).id));
      expect((await stream.next('unread')).data).toEqual({ count: 2 });
      expect(JSON.stringify(stream.events)).not.toContain('别人的通知');
    } finally {
      stream.close();
    }
  });

  it('pushes the new count when the person reads, one or all', async () => {
    const a = await person();
    await notifyUsers(t.database.db, [a.id], reminder());
    await notifyUsers(t.database.db, [a.id], reminder());
    const stream = await openStream(baseUrl, a.cookie);
    try {
      expect((await stream.next('unread')).data).toEqual({ count: 2 });
      const [item] = (await call('GET', '/api/notifications', a.cookie)).json().items;
      await call('POST', `/api/notifications/${item.id}/read`, a.cookie);
      expect((await stream.next('unread')).data).toEqual({ count: 1 });
      await call('POST', '/api/notifications/read-all', a.cookie);
      expect((await stream.next('unread')).data).toEqual({ count: 0 });
    } finally {
      stream.close();
    }
  });

  it('pushes only what committed: a rolled-back change tells no one', async () => {
    const a = await person();
    const stream = await openStream(baseUrl, a.cookie);
    try {
      expect((await stream.next('unread')).data).toEqual({ count: 0 });
      await t.database.db
        .transaction(async (tx) => {
          await notifyUsers(tx, [a.id], reminder({ title: '回滚的通知' }));
          throw new Error('the task change failed');
        })
        .catch(() => {});
      await t.database.db.transaction(async (tx) => {
        await notifyUsers(tx, [a.id], reminder({ title: '提交的通知' }));
      });
      expect((await stream.next('notification')).data).toMatchObject({ title: '提交的通知' });
      expect((await stream.next('unread')).data).toEqual({ count: 1 });
      expect(JSON.stringify(stream.events)).not.toContain('回滚的通知');
    } finally {
      stream.close();
    }
    expect((await call('GET', '/api/notifications', a.cookie)).json().total).toBe(1);
  });

  it('sends what a reconnecting client missed after its Last-Event-ID', async () => {
    const a = await person();
    for (const title of ['甲', '乙', '丙']) await notifyUsers(t.database.db, [a.id], reminder({ title }));
    const items = (await call('GET', '/api/notifications', a.cookie)).json().items as { id: number }[];
    const oldest = items.at(-1)!.id;
    const stream = await openStream(baseUrl, a.cookie, { 'last-event-id': String(oldest) });
    try {
      const missed = [await stream.next('notification'), await stream.next('notification')];
      expect(missed.map((e) => (e.data as { title: string }).title)).toEqual(['乙', '丙']);
      expect((await stream.next('unread')).data).toEqual({ count: 3 });
    } finally {
      stream.close();
    }
  });

  it('is for logged-in callers asking for an event stream', async () => {
    const anonymous = await t.app.inject({
      method: 'GET',
      url: '/api/notifications/stream',
      headers: { accept: 'text/event-stream' },
    });
    expect(anonymous.statusCode).toBe(401);
    const a = await person();
    const plain = await call('GET', '/api/notifications/stream', a.cookie);
    expect(plain.statusCode).toBe(406);
    expect(plain.json().error.message).toContain('text/event-stream');
  });

  it('forgets a stream when its client goes away', async () => {
    const a = await person();
    const before = t.app.notificationStreams.size();
    const stream = await openStream(baseUrl, a.cookie);
    await stream.next('unread');
    expect(t.app.notificationStreams.size()).toBe(before + 1);
    stream.close();
    const deadline = Date.now() + 2000;
    while (t.app.notificationStreams.size() > before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(t.app.notificationStreams.size()).toBe(before);
  });

  it('keeps a quiet stream alive with heartbeats and ends it once the session is gone', async () => {
    const a = await person();
    const changes = await openChangeFeed(t.database);
    const streams = openNotificationStreams(t.database.db, changes, { heartbeatMs: 30 });
    let allowed = true;
    const stream = streams.open(a.id, { stillAllowed: async () => allowed });
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const ended = new Promise((resolve) => stream.on('end', resolve));
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(text).toContain('event: unread\ndata: {"count":0}\n\n');
      expect(text).toContain(': keep-alive\n\n');
      allowed = false;
      await ended;
      expect(streams.size()).toBe(0);
    } finally {
      streams.close();
      await changes.close();
    }
  });

  it('ends open streams when the app closes, so closing does not hang', async () => {
    const other = await createTestApp();
    const url = await other.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(url, await other.login('xiling'));
    await stream.next('unread');
    try {
      // The app alone: dropping the test's database afterwards is no part of what a shutdown waits for.
      const startedAt = Date.now();
      await other.app.close();
      await stream.ended;
      expect(Date.now() - startedAt).toBeLessThan(3000);
    } finally {
      await other.close();
    }
  });
});

const onPostgres = !!process.env.DATABASE_URL;

describe.skipIf(!onPostgres)('two servers on one PostgreSQL', () => {
  it('pushes a notification written by the other server', async () => {
    if (t.database.driver.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const database = await openDatabase({
      databaseUrl: String(t.database.driver.pool.options.connectionString),
    });
    const second = await buildApp({ database, config: readConfig({ LOG_LEVEL: 'silent' }), jobPollMs: 0 });
    const a = await person();
    const stream = await openStream(baseUrl, a.cookie);
    try {
      expect((await stream.next('unread')).data).toEqual({ count: 0 });
      const startedAt = Date.now();
      await notifyUsers(second.db, [a.id], reminder({ title: '另一台服务器写的通知' }));
      expect((await stream.next('notification', 1000)).data).toMatchObject({ title: '另一台服务器写的通知' });
      expect((await stream.next('unread')).data).toEqual({ count: 1 });
      expect(Date.now() - startedAt).toBeLessThan(1000);
    } finally {
      stream.close();
      await second.close();
      await database.close();
    }
  });
});

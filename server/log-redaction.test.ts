// An error on a request that carries personal data leaves none of it in the log or the answer.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../shared/contracts/personal.ts';
import { cookieFrom, openTestDatabase } from '../test/support/test-app.ts';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { DEMO_PASSWORD, seedDemo } from './db/seed/demo.ts';
import { redactPersonalData } from './log-redaction.ts';

const idNumber = `42050219900101123${idNumberCheckChar('42050219900101123')}`;
const phone = '13872010099';
const password = 'Secret#Pass2026';

let app: FastifyInstance;
let dispose: () => Promise<void>;
let log = '';
let admin: string;

beforeAll(async () => {
  const opened = await openTestDatabase();
  dispose = opened.dispose;
  await opened.database.migrate();
  await seedDemo(opened.database.db);
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      log += chunk.toString();
      done();
    },
  });
  app = await buildApp({
    database: opened.database,
    config: readConfig({ LOG_LEVEL: 'info', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }),
    logStream,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: DEMO_PASSWORD },
  });
  admin = cookieFrom(login);
  // A database that fails every new account, as a full disk or a broken replica would: an error no input check
  // can foresee, raised while the query's parameters hold the new account's ID number, phone and password hash.
  await opened.database.db.execute(
    sql.raw(`create function refuse_accounts() returns trigger language plpgsql as $$
      begin raise exception 'accounts are refused today' using errcode = 'XX000'; end $$`),
  );
  await opened.database.db.execute(
    sql.raw(
      'create trigger refuse_accounts before insert on users for each row execute function refuse_accounts()',
    ),
  );
});
afterAll(async () => {
  await app.close();
  await dispose();
});

describe('error log', () => {
  it('logs a database error with its cause but without the ID number, phone or password hash', async () => {
    const units = await app.inject({
      method: 'GET',
      url: `/api/units?q=${encodeURIComponent('西陵区人民政府')}`,
      headers: { cookie: admin },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: {
        username: 'leaky',
        displayName: '李四',
        password,
        role: 'hq_staff',
        unitId: units.json().items[0].id,
        scopeRegionCode: '420502000000',
        phone,
        idNumber,
      },
    });
    expect(res.statusCode, res.body).toBe(500);
    expect(res.body).not.toContain(idNumber);
    expect(res.body).not.toContain(phone);
    const entry = log
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((e) => e.msg === 'unhandled error');
    // Not vacuous: the error is there, with what a developer needs to find it.
    expect(entry?.err?.message).toContain('insert into "users"');
    expect(JSON.stringify(entry)).toContain('accounts are refused today');
    for (const secret of [idNumber, phone, password, '$argon2', '李四']) expect(log).not.toContain(secret);
  });

  it('masks phone and ID numbers typed into a search in the logged address', async () => {
    await app.inject({ method: 'GET', url: `/api/users?q=${phone}`, headers: { cookie: admin } });
    await app.inject({ method: 'GET', url: `/api/users?q=${idNumber}`, headers: { cookie: admin } });
    expect(log).toContain('/api/users?q=[phone]');
    expect(log).not.toContain(phone);
    expect(log).not.toContain(idNumber);
  });
});

describe('redactPersonalData', () => {
  it('removes personal data by its shape and leaves region codes and timestamps alone', () => {
    const text = `Failed query: insert into "users" values ($1, $2)\nparams: 李四,${phone}\n    at insert (x.ts:1:1)`;
    expect(redactPersonalData(text)).toBe(
      'Failed query: insert into "users" values ($1, $2)\nparams: [removed]\n    at insert (x.ts:1:1)',
    );
    expect(redactPersonalData(`身份证 ${idNumber.slice(0, 17)}x，手机${phone}。`)).toBe(
      '身份证 [ID number]，手机[phone]。',
    );
    expect(redactPersonalData('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA and more')).toBe(
      '[password hash] and more',
    );
    expect(redactPersonalData('region 420502001001 grid 420502001001003 at 1733012345678')).toBe(
      'region 420502001001 grid 420502001001003 at 1733012345678',
    );
  });
});

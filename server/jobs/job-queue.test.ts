// The job queue on the database this run uses (PGlite, or PostgreSQL with DATABASE_URL): jobs run once, failures
// are retried later with the error kept, schedules run once per occurrence even with two queues on one database,
// and a stopped queue finishes the job it is running.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededTestDatabase } from '../../test/support/test-database.ts';
import { type Database, type Db, openDatabase } from '../db/client.ts';
import { enqueueJob, type Job, type JobQueue, startJobQueue } from './job-queue.ts';
import { jobs } from './jobs.table.ts';

let database: Database;
let dispose: () => Promise<void>;
/** A second connection pool on the same database with PostgreSQL (a second server); the same client on PGlite. */
let other: Database;
const queues: JobQueue[] = [];

beforeAll(async () => {
  ({ database, dispose } = await openSeededTestDatabase());
  other =
    database.driver.kind === 'postgres'
      ? await openDatabase({ databaseUrl: String(database.driver.pool.options.connectionString) })
      : database;
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.stop()));
  if (other !== database) await other.close();
  await dispose();
});

let serial = 0;
/** A kind of its own per test, so tests (run in any order) never take each other's jobs. */
const newKind = (name: string) => `test.${name}.${++serial}`;

async function queue(db: Db, options: Parameters<typeof startJobQueue>[1]): Promise<JobQueue> {
  const q = await startJobQueue(db, { pollMs: 0, ...options });
  queues.push(q);
  return q;
}

const jobsOf = (kind: string) => database.db.select().from(jobs).where(eq(jobs.kind, kind)).orderBy(jobs.id);
/** As if the clock had reached the job's time: the test does not wait out backoffs and schedules. */
const makeDue = (kind: string) =>
  database.db
    .update(jobs)
    .set({ runAt: sql`now()` })
    .where(and(eq(jobs.kind, kind), isNull(jobs.doneAt), isNull(jobs.failedAt)));

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('jobs', () => {
  it('runs a due job once, with its payload, and marks it done', async () => {
    const kind = newKind('once');
    const seen: Job[] = [];
    const q = await queue(database.db, { handlers: { [kind]: async (job) => void seen.push(job) } });
    const id = await enqueueJob(database.db, { kind, payload: { taskId: 12 } });
    expect(await q.runDueJobs()).toBe(1);
    expect(await q.runDueJobs()).toBe(0);
    expect(seen).toMatchObject([{ id, kind, payload: { taskId: 12 }, attempts: 1 }]);
    const [row] = await jobsOf(kind);
    expect(row?.doneAt).toBeInstanceOf(Date);
    expect(row?.lastError).toBeNull();
  });

  it('waits for a job until its time', async () => {
    const kind = newKind('later');
    let runs = 0;
    const q = await queue(database.db, { handlers: { [kind]: async () => void runs++ } });
    await enqueueJob(database.db, { kind, runAt: new Date(Date.now() + 60 * 60_000) });
    expect(await q.runDueJobs()).toBe(0);
    await makeDue(kind);
    expect(await q.runDueJobs()).toBe(1);
    expect(runs).toBe(1);
  });

  it('keeps one unfinished job per dedup key, and takes the key again once it is done', async () => {
    const kind = newKind('dedup');
    const q = await queue(database.db, { handlers: { [kind]: async () => {} } });
    const first = await enqueueJob(database.db, { kind, dedupKey: `remind:task:1:${kind}` });
    expect(first).toBeTypeOf('number');
    expect(await enqueueJob(database.db, { kind, dedupKey: `remind:task:1:${kind}` })).toBeNull();
    expect(await enqueueJob(database.db, { kind, dedupKey: `remind:task:2:${kind}` })).toBeTypeOf('number');
    expect(await q.runDueJobs()).toBe(2);
    expect(await enqueueJob(database.db, { kind, dedupKey: `remind:task:1:${kind}` })).toBeTypeOf('number');
    expect(await jobsOf(kind)).toHaveLength(3);
  });

  it('enqueues in the caller’s transaction: a rolled-back change leaves no job', async () => {
    const kind = newKind('tx');
    await database.db
      .transaction(async (tx) => {
        await enqueueJob(tx, { kind });
        throw new Error('the task change failed');
      })
      .catch(() => {});
    expect(await jobsOf(kind)).toEqual([]);
  });

  it('retries a job whose handler throws, later, with the error recorded and its writes undone', async () => {
    const kind = newKind('flaky');
    const sideEffect = newKind('side-effect');
    const errors: [string, boolean][] = [];
    let runs = 0;
    const q = await queue(database.db, {
      retryBaseMs: 30_000,
      onError: (err, _job, willRetry) => void errors.push([(err as Error).message, willRetry]),
      handlers: {
        [kind]: async (_job, tx) => {
          runs++;
          // Written through the job's transaction, so it must vanish with the failed attempt.
          await enqueueJob(tx, { kind: sideEffect, payload: { run: runs } });
          if (runs === 1) throw new Error('数据库暂时不可用');
        },
      },
    });
    await enqueueJob(database.db, { kind });
    expect(await q.runDueJobs()).toBe(1);
    const [failed] = await jobsOf(kind);
    expect(failed).toMatchObject({ attempts: 1, doneAt: null, failedAt: null, lockedUntil: null });
    expect(failed?.lastError).toContain('数据库暂时不可用');
    // Backed off by retryBaseMs, not run again at once.
    expect(failed!.runAt.getTime() - Date.now()).toBeGreaterThan(20_000);
    expect(await q.runDueJobs()).toBe(0);
    expect(await jobsOf(sideEffect)).toEqual([]);
    expect(errors).toEqual([['数据库暂时不可用', true]]);

    await makeDue(kind);
    expect(await q.runDueJobs()).toBe(1);
    const [done] = await jobsOf(kind);
    expect(done).toMatchObject({ attempts: 2, failedAt: null });
    expect(done?.doneAt).toBeInstanceOf(Date);
    expect((await jobsOf(sideEffect)).map((j) => j.payload)).toEqual([{ run: 2 }]);
  });

  it('gives a job up after its last attempt and runs it no more', async () => {
    const kind = newKind('broken');
    let runs = 0;
    const willRetry: boolean[] = [];
    const q = await queue(database.db, {
      retryBaseMs: 0,
      onError: (_err, _job, retry) => void willRetry.push(retry),
      handlers: {
        [kind]: async () => {
          runs++;
          throw new Error(`第${runs}次失败`);
        },
      },
    });
    await enqueueJob(database.db, { kind, maxAttempts: 3, dedupKey: kind });
    // No backoff here, so one call tries all three attempts.
    expect(await q.runDueJobs()).toBe(3);
    expect(runs).toBe(3);
    expect(willRetry).toEqual([true, true, false]);
    const [row] = await jobsOf(kind);
    expect(row).toMatchObject({ attempts: 3, doneAt: null });
    expect(row?.failedAt).toBeInstanceOf(Date);
    expect(row?.lastError).toContain('第3次失败');
    await makeDue(kind);
    expect(await q.runDueJobs()).toBe(0);
    // A failed job frees its key.
    expect(await enqueueJob(database.db, { kind, dedupKey: kind })).toBeTypeOf('number');
  });

  it('takes up a job whose server died mid-run once its lease is over, not before', async () => {
    const kind = newKind('orphan');
    let runs = 0;
    const q = await queue(database.db, { handlers: { [kind]: async () => void runs++ } });
    const id = (await enqueueJob(database.db, { kind }))!;
    // What a server that claimed the job and then died leaves behind.
    await database.db
      .update(jobs)
      .set({ attempts: 1, lockedUntil: sql`now() + interval '1 minute'` })
      .where(eq(jobs.id, id));
    expect(await q.runDueJobs()).toBe(0);
    await database.db
      .update(jobs)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(jobs.id, id));
    expect(await q.runDueJobs()).toBe(1);
    expect(runs).toBe(1);
    expect((await jobsOf(kind))[0]).toMatchObject({ attempts: 2 });
  });

  it('fails a job whose server died on its last attempt, when a queue next tidies up', async () => {
    const kind = newKind('died-last');
    const id = (await enqueueJob(database.db, { kind, maxAttempts: 2 }))!;
    await database.db
      .update(jobs)
      .set({ attempts: 2, lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(jobs.id, id));
    await queue(database.db, { handlers: { [kind]: async () => {} } });
    const [row] = await jobsOf(kind);
    expect(row?.failedAt).toBeInstanceOf(Date);
    expect(row?.lastError).toContain('中断');
  });

  it('never runs a job twice when its lease runs out while it is still running', async () => {
    const kind = newKind('slow');
    const running = gate();
    const release = gate();
    let runs = 0;
    const handler = async () => {
      runs++;
      running.open();
      await release.opened;
    };
    // A lease far shorter than the job: only the row lock keeps the second queue off it.
    const a = await queue(database.db, { leaseMs: 1, handlers: { [kind]: handler } });
    const b = await queue(other.db, { leaseMs: 1, handlers: { [kind]: handler } });
    await enqueueJob(database.db, { kind });
    const first = a.runDueJobs();
    await running.opened;
    await new Promise((r) => setTimeout(r, 20));
    const second = b.runDueJobs();
    await new Promise((r) => setTimeout(r, 50));
    release.open();
    expect([await first, await second]).toEqual([1, 0]);
    expect(runs).toBe(1);
  });

  it('leaves kinds it has no handler for to a queue that has one', async () => {
    const kind = newKind('theirs');
    const mine = await queue(database.db, { handlers: { [newKind('mine')]: async () => {} } });
    await enqueueJob(database.db, { kind });
    expect(await mine.runDueJobs()).toBe(0);
    const theirs = await queue(other.db, { handlers: { [kind]: async () => {} } });
    expect(await theirs.runDueJobs()).toBe(1);
  });

  it('runs each of many jobs exactly once with two queues taking them at the same time', async () => {
    const kind = newKind('many');
    const runs = new Map<number, number>();
    const handler = async (job: Job) => {
      runs.set(job.payload.n as number, (runs.get(job.payload.n as number) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    };
    const a = await queue(database.db, { handlers: { [kind]: handler } });
    const b = await queue(other.db, { handlers: { [kind]: handler } });
    for (let n = 0; n < 40; n++) await enqueueJob(database.db, { kind, payload: { n } });
    const [ranA, ranB] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
    expect(ranA + ranB).toBe(40);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(runs.size).toBe(40);
  });
});

describe('stopping', () => {
  it('lets the running job finish, then takes no more', async () => {
    const kind = newKind('stop');
    const running = gate();
    const release = gate();
    const finished: number[] = [];
    const q = await queue(database.db, {
      handlers: {
        [kind]: async (job) => {
          running.open();
          await release.opened;
          finished.push(job.id);
        },
      },
    });
    const first = (await enqueueJob(database.db, { kind }))!;
    await enqueueJob(database.db, { kind });
    const draining = q.runDueJobs();
    await running.opened;
    let stopped = false;
    const stopping = q.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(await draining).toBe(1);
    expect(finished).toEqual([first]);
    const rows = await jobsOf(kind);
    expect(rows.map((r) => r.doneAt !== null)).toEqual([true, false]);
    // The second was never claimed: another server takes it at once, not after a lease.
    expect(rows[1]).toMatchObject({ attempts: 0, lockedUntil: null });
    expect(await q.runDueJobs()).toBe(0);
  });

  it('polls by itself when asked to, and stops polling on stop()', async () => {
    const kind = newKind('poll');
    let runs = 0;
    const q = await queue(database.db, { pollMs: 20, handlers: { [kind]: async () => void runs++ } });
    await enqueueJob(database.db, { kind });
    const deadline = Date.now() + 5000;
    while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(1);
    await q.stop();
    await enqueueJob(database.db, { kind });
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(1);
  });
});

describe('schedules', () => {
  it('runs each occurrence once with two servers on one database, and always has the next one waiting', async () => {
    const kind = newKind('every5min');
    const everyMs = 5 * 60_000;
    const runs: string[] = [];
    const handler = (server: string) => async () => void runs.push(server);
    const schedules = [{ kind, everyMs, payload: { sweep: 'reminders' } }];
    const [a, b] = await Promise.all([
      queue(database.db, { handlers: { [kind]: handler('a') }, schedules }),
      queue(other.db, { handlers: { [kind]: handler('b') }, schedules }),
    ]);
    const waiting = async () => (await jobsOf(kind)).filter((j) => j.doneAt === null);
    // Both started; one occurrence waits, due now (the first runs as soon as a queue starts).
    expect(await waiting()).toHaveLength(1);

    for (let round = 1; round <= 3; round++) {
      const ran = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
      expect(ran[0] + ran[1], `round ${round}`).toBe(1);
      expect(runs).toHaveLength(round);
      const [next, ...more] = await waiting();
      expect(more).toEqual([]);
      // The next occurrence is at the next multiple of five minutes, with the schedule's payload.
      expect(next!.runAt.getTime() % everyMs).toBe(0);
      expect(next!.runAt.getTime() - Date.now()).toBeGreaterThan(0);
      expect(next!.runAt.getTime() - Date.now()).toBeLessThanOrEqual(everyMs);
      expect(next!.payload).toEqual({ sweep: 'reminders' });
      await makeDue(kind);
    }
    // A third server starting later adds no occurrence of its own.
    await queue(database.db, { handlers: { [kind]: handler('c') }, schedules });
    expect(await waiting()).toHaveLength(1);
  });

  it('keeps the schedule going after an occurrence fails for good', async () => {
    const kind = newKind('failing-schedule');
    const q = await queue(database.db, {
      retryBaseMs: 0,
      handlers: {
        [kind]: async () => {
          throw new Error('催办扫描失败');
        },
      },
      schedules: [{ kind, everyMs: 60_000 }],
    });
    expect(await q.runDueJobs()).toBe(5);
    const rows = await jobsOf(kind);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.failedAt).toBeInstanceOf(Date);
    expect(rows[1]).toMatchObject({ attempts: 0, doneAt: null, failedAt: null });
    expect(rows[1]!.runAt.getTime() % 60_000).toBe(0);
  });

  it('refuses a schedule without a handler', async () => {
    await expect(
      startJobQueue(database.db, { pollMs: 0, handlers: {}, schedules: [{ kind: 'x', everyMs: 60_000 }] }),
    ).rejects.toThrow(/no handler/);
  });
});

// Work done later, retried and on schedules, kept in the `jobs` table and run by whichever server claims it first;
// the same SQL on PGlite and PostgreSQL (decision 0007, "Job queue"). Several servers on one PostgreSQL each run
// a queue; a job, and each occurrence of a schedule, runs once.
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs } from './jobs.table.ts';

export type Job = {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  /** This attempt's number, from 1. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
};

/**
 * Runs one job. `tx` is a transaction that also marks the job done: what the handler writes through it commits
 * with the job, or, if the handler throws, not at all, and the job is tried again. Use `tx`, never the app's db:
 * on PGlite another query waits for this transaction, so it would wait forever.
 */
export type JobHandler = (job: Job, tx: Db) => Promise<void>;

/**
 * A job kind run every `everyMs`, at multiples of it since 1970-01-01T00:00Z (every 5 minutes: :00, :05, …;
 * every day: 00:00 UTC, 08:00 in Beijing). The first run is as soon as a queue starts on a database without one
 * waiting; each run enqueues the next in the transaction that finishes it, so one occurrence waits at a time.
 */
export type JobSchedule = { kind: string; everyMs: number; payload?: Record<string, unknown> };

export type JobQueueOptions = {
  handlers: Record<string, JobHandler>;
  schedules?: readonly JobSchedule[];
  /** How often to look for due jobs; 0: never by itself, only when runDueJobs() is called (tests). */
  pollMs?: number;
  /** How long a claim keeps other servers off a job before its transaction holds the row. Default 5 min. */
  leaseMs?: number;
  /** Wait before the 2nd attempt; doubled for each further one, up to retryMaxMs. Default 10 s, max 1 h. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Finished jobs are deleted after this long (failed ones after 4×). Default 7 days. */
  keepDoneMs?: number;
  /** Told of every failed attempt (and of the queue's own database errors, with job null). */
  onError?: (err: unknown, job: Job | null, willRetry: boolean) => void;
};

export type JobQueue = {
  /** Takes no more jobs, lets the one running finish, then resolves. */
  stop(): Promise<void>;
  /**
   * Runs due jobs until none is left, one at a time, and resolves with how many this call ran. Waits for a run
   * already under way in this queue (its poller's) first, so whatever was due is done when it resolves.
   */
  runDueJobs(): Promise<number>;
};

const scheduleKey = (kind: string) => `schedule:${kind}`;
const pending = and(isNull(jobs.doneAt), isNull(jobs.failedAt));
const ms = (value: number) => sql`(${Math.round(value)}::bigint * interval '1 millisecond')`;

export type NewJob = {
  kind: string;
  payload?: Record<string, unknown>;
  /** Not before; default now. */
  runAt?: Date;
  /** While an unfinished job has this key, enqueueing it again does nothing (and answers null). */
  dedupKey?: string;
  maxAttempts?: number;
};

/** Adds a job, in the caller's transaction if `db` is one (so the job exists exactly if the change commits). */
export async function enqueueJob(db: Db, job: NewJob): Promise<number | null> {
  const [row] = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      payload: job.payload ?? {},
      runAt: job.runAt ?? sql`now()`,
      dedupKey: job.dedupKey ?? null,
      maxAttempts: job.maxAttempts ?? 5,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return row?.id ?? null;
}

/** The next multiple of `everyMs` after now. */
function nextOccurrence(everyMs: number, now = Date.now()): Date {
  return new Date((Math.floor(now / everyMs) + 1) * everyMs);
}

/** Makes the schedule's first occurrence unless one is waiting; never spends a serial value when one is. */
async function ensureScheduled(db: Db, schedule: JobSchedule): Promise<void> {
  const key = scheduleKey(schedule.kind);
  await db.execute(sql`
    insert into ${jobs} (kind, payload, dedup_key)
    select ${schedule.kind}, ${JSON.stringify(schedule.payload ?? {})}::jsonb, ${key}
    where not exists (select 1 from ${jobs} where dedup_key = ${key} and done_at is null and failed_at is null)
    on conflict do nothing`);
}

export async function startJobQueue(db: Db, options: JobQueueOptions): Promise<JobQueue> {
  const {
    handlers,
    schedules = [],
    pollMs = 1000,
    leaseMs = 5 * 60_000,
    retryBaseMs = 10_000,
    retryMaxMs = 60 * 60_000,
    keepDoneMs = 7 * 24 * 60 * 60_000,
    onError = () => {},
  } = options;
  for (const s of schedules) {
    if (!handlers[s.kind]) throw new Error(`schedule ${s.kind} has no handler`);
    if (!(s.everyMs >= 1000)) throw new Error(`schedule ${s.kind}: everyMs must be at least 1000`);
  }
  const kinds = Object.keys(handlers);
  const scheduleOf = new Map(schedules.map((s) => [s.kind, s]));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastTidy = 0;

  /** Claims the most overdue job this queue can run: attempts counted and leased in one committed statement. */
  const claimNext = async (): Promise<(Job & { dedupKey: string | null }) | null> => {
    if (kinds.length === 0) return null;
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          pending,
          lte(jobs.runAt, sql`now()`),
          or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, sql`now()`)),
          sql`${jobs.attempts} < ${jobs.maxAttempts}`,
          inArray(jobs.kind, kinds),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await db
      .update(jobs)
      .set({ attempts: sql`${jobs.attempts} + 1`, lockedUntil: sql`now() + ${ms(leaseMs)}` })
      .where(inArray(jobs.id, due))
      .returning({
        id: jobs.id,
        kind: jobs.kind,
        payload: jobs.payload,
        attempts: jobs.attempts,
        maxAttempts: jobs.maxAttempts,
        runAt: jobs.runAt,
        dedupKey: jobs.dedupKey,
      });
    return row ?? null;
  };

  /** The claimed job's row, if this claim still holds it (another server may have taken it after the lease). */
  const ours = (job: Job) => and(eq(jobs.id, job.id), eq(jobs.attempts, job.attempts), pending);

  const enqueueNextOccurrence = async (tx: Db, job: Job & { dedupKey: string | null }) => {
    const schedule = scheduleOf.get(job.kind);
    if (!schedule || job.dedupKey !== scheduleKey(job.kind)) return;
    await enqueueJob(tx, {
      kind: schedule.kind,
      payload: schedule.payload ?? {},
      runAt: nextOccurrence(schedule.everyMs),
      dedupKey: job.dedupKey,
    });
  };

  const run = async (job: Job & { dedupKey: string | null }): Promise<boolean> => {
    const handler = handlers[job.kind];
    if (!handler) return false;
    try {
      return await db.transaction(async (tx) => {
        // The row lock lasts as long as this transaction: past the lease no other server can claim the job
        // while it runs here, and if this server dies the lock goes with its connection.
        const [held] = await tx.select({ id: jobs.id }).from(jobs).where(ours(job)).for('update');
        if (!held) return false;
        await handler(job, tx);
        // Marked done before the next occurrence is added: the key is free for it only once this one is done.
        await tx.update(jobs).set({ doneAt: sql`now()`, lockedUntil: null }).where(eq(jobs.id, job.id));
        await enqueueNextOccurrence(tx, job);
        return true;
      });
    } catch (err) {
      const giveUp = job.attempts >= job.maxAttempts;
      const message = (err instanceof Error ? (err.stack ?? err.message) : String(err)).slice(0, 4000);
      const delay = Math.min(retryBaseMs * 2 ** (job.attempts - 1), retryMaxMs);
      await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(jobs)
          .set(
            giveUp
              ? { lastError: message, lockedUntil: null, failedAt: sql`now()` }
              : { lastError: message, lockedUntil: null, runAt: sql`now() + ${ms(delay)}` },
          )
          .where(ours(job))
          .returning({ id: jobs.id });
        // A schedule outlives a failed occurrence: the next one is still due at its time.
        if (updated && giveUp) await enqueueNextOccurrence(tx, job);
      });
      onError(err, job, !giveUp);
      return true;
    }
  };

  /**
   * Once an hour per queue: claims whose server died on their last attempt are failed, schedules whose waiting
   * occurrence is gone get one, and finished jobs past keepDoneMs are deleted.
   */
  const tidy = async () => {
    lastTidy = Date.now();
    // Skipping locked rows: a job still running elsewhere past its lease holds its row, and is not abandoned.
    const abandoned = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          pending,
          sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
          or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, sql`now()`)),
        ),
      )
      .for('update', { skipLocked: true });
    await db
      .update(jobs)
      .set({
        failedAt: sql`now()`,
        lastError: sql`'服务在运行任务时中断，已达最大尝试次数' || coalesce(E'\n此前的错误：' || ${jobs.lastError}, '')`,
      })
      .where(inArray(jobs.id, abandoned));
    for (const s of schedules) await ensureScheduled(db, s);
    await db
      .delete(jobs)
      .where(
        or(
          lte(jobs.doneAt, sql`now() - ${ms(keepDoneMs)}`),
          lte(jobs.failedAt, sql`now() - ${ms(keepDoneMs * 4)}`),
        ),
      );
  };

  const drain = async (): Promise<number> => {
    let ran = 0;
    while (!stopped) {
      const job = await claimNext();
      if (!job) break;
      if (await run(job)) ran++;
    }
    return ran;
  };

  // One thing at a time per queue: the poller's rounds and runDueJobs() take turns, and stop() waits for the last.
  let current: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = current.then(work, work);
    current = next.catch(() => {});
    return next;
  };
  const runDueJobs = () => inTurn(drain);

  const poll = async () => {
    timer = undefined;
    if (stopped) return;
    try {
      await inTurn(async () => {
        if (Date.now() - lastTidy > 60 * 60_000) await tidy();
        return drain();
      });
    } catch (err) {
      onError(err, null, true);
    }
    if (!stopped) {
      timer = setTimeout(poll, pollMs);
      // A waiting poll never keeps the process alive on its own.
      timer.unref();
    }
  };

  await tidy();
  if (pollMs > 0) {
    timer = setTimeout(poll, 0);
    timer.unref();
  }

  return {
    runDueJobs,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

// One process at a time on a PGlite data dir: a second server or a writing CLI command is refused with who
// holds it; the lock goes away with the holder (SIGTERM) and a killed holder's lock is taken over.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataDirLockedError,
  LOCK_FILE_NAME,
  type LockHolder,
  lockDataDir,
} from '../server/db/data-dir-lock.ts';
import { loginTo, repoRoot, runCli, startServer } from './support/processes.ts';
import { seedDataDir } from './support/test-database.ts';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function writeLock(dir: string, holder: Partial<LockHolder>) {
  const full: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: '2026-01-01T00:00:00.000Z',
    command: 'an old process',
    token: 'old',
    ...holder,
  };
  fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify(full));
}

/** A PID that certainly names no running process: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.once('close', done));
  return child.pid!;
}

describe('data dir lock (in one process)', () => {
  it('refuses a second open in the same process and frees the dir on release', () => {
    const dir = tempDir('tongchou-lock-');
    const lock = lockDataDir(dir, 'first');
    expect(() => lockDataDir(dir, 'second')).toThrow(DataDirLockedError);
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
    lockDataDir(dir, 'third').release();
  });

  it('refuses while the holder runs, naming its PID, start time and command', () => {
    const dir = tempDir('tongchou-lock-');
    // The test runner's parent process is alive for as long as this test runs.
    writeLock(dir, { pid: process.ppid, command: 'Tongchou server (npm start), port 3000' });
    let error: unknown;
    try {
      lockDataDir(dir, 'second');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const message = (error as Error).message;
    expect(message).toContain(`PID ${process.ppid}`);
    expect(message).toContain('since 2026-01-01T00:00:00.000Z');
    expect(message).toContain('Tongchou server (npm start), port 3000');
    expect(message).toContain(dir);
    expect(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).toContain('"token":"old"');
  });

  it('takes over a lock whose process is gone, left before a reboot, or unreadable', async () => {
    const dir = tempDir('tongchou-lock-');
    writeLock(dir, { pid: await deadPid() });
    lockDataDir(dir, 'after a kill -9').release();

    // A restarted container runs as the same PID (1) as the one that left the lock.
    writeLock(dir, { pid: process.pid });
    lockDataDir(dir, 'same pid, new process').release();

    const bootId = fs.existsSync('/proc/sys/kernel/random/boot_id');
    if (bootId) {
      writeLock(dir, { pid: process.ppid, bootId: 'another-boot' });
      lockDataDir(dir, 'after a reboot').release();
    }

    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), '{"pid": 12');
    const lock = lockDataDir(dir, 'after a crash while writing');
    const written = JSON.parse(fs.readFileSync(lock.lockPath, 'utf8')) as LockHolder;
    expect(written).toMatchObject({ pid: process.pid, command: 'after a crash while writing' });
    lock.release();
  });

  it('gets past a takeover guard left by a process that died in the middle of a takeover', async () => {
    const dir = tempDir('tongchou-lock-');
    const guard = path.join(dir, `${LOCK_FILE_NAME}.takeover`);
    const stale = await deadPid();
    writeLock(dir, { pid: stale });
    fs.writeFileSync(guard, JSON.stringify({ pid: stale, hostname: os.hostname(), token: 'g' }));
    lockDataDir(dir, 'after a dead guard').release();
    expect(fs.existsSync(guard)).toBe(false);

    // A guard whose PID was since reused by a live process: old enough, it is stale all the same.
    writeLock(dir, { pid: stale });
    fs.writeFileSync(guard, JSON.stringify({ pid: process.ppid, hostname: os.hostname(), token: 'g' }));
    const aMinuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(guard, aMinuteAgo, aMinuteAgo);
    lockDataDir(dir, 'after an old guard').release();
  });

  it('is removed when its process dies of an uncaught error', async () => {
    const dir = tempDir('tongchou-lock-');
    const script = `
      import { lockDataDir } from ${JSON.stringify(path.join(repoRoot, 'server/db/data-dir-lock.ts'))};
      lockDataDir(${JSON.stringify(dir)}, 'doomed');
      setTimeout(() => { throw new Error('boom'); });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((done) => child.once('close', done));
    expect(code).toBe(1);
    expect(stderr).toContain('boom');
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('does not guess about a process on another host', () => {
    const dir = tempDir('tongchou-lock-');
    writeLock(dir, { pid: 1, hostname: 'another-host' });
    expect(() => lockDataDir(dir, 'here')).toThrow(/another-host[\s\S]*delete/);
  });
});

describe('data dir lock (racing processes)', () => {
  it('lets exactly one of several processes take over the same stale lock, round after round', async () => {
    const dir = tempDir('tongchou-lock-race-');
    const stalePid = await deadPid();
    const rounds = 15;
    const racers = Array.from({ length: 4 }, () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'test/support/lock-racer.ts'), dir, String(rounds)],
        { cwd: repoRoot },
      );
      const seen: string[] = [];
      const waiters: { text: string; resolve: () => void }[] = [];
      let buffer = '';
      child.stdout.on('data', (d) => {
        buffer += d;
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        seen.push(...parts);
        for (const w of waiters.filter((w) => seen.some((l) => l.startsWith(w.text)))) w.resolve();
      });
      const closed = new Promise((done) => child.once('close', done));
      /** The line starting with `text`, once the racer has printed it. */
      const lineStarting = (text: string) =>
        new Promise<string>((resolve, reject) => {
          const found = () => seen.find((l) => l.startsWith(text));
          if (found()) return resolve(found()!);
          waiters.push({ text, resolve: () => resolve(found()!) });
          void closed.then(() => reject(new Error(`racer exited before "${text}": ${seen.join(' | ')}`)));
        });
      return { child, lineStarting, closed };
    });
    await Promise.all(racers.map((r) => r.lineStarting('ready')));
    const winners: number[] = [];
    for (let round = 0; round < rounds; round++) {
      writeLock(dir, { pid: stalePid, token: `stale-${round}` });
      fs.writeFileSync(path.join(dir, `go-${round}`), '');
      const answers = await Promise.all(racers.map((r) => r.lineStarting(`${round} `)));
      const got = answers.filter((a) => a === `${round} got`).length;
      expect(answers.filter((a) => a !== `${round} got` && a !== `${round} refused`)).toEqual([]);
      winners.push(got);
      for (const r of racers) r.child.stdin.write('\n');
      await Promise.all(racers.map((r) => r.lineStarting(`${round} done`)));
    }
    for (const r of racers) r.child.stdin.end();
    await Promise.all(racers.map((r) => r.closed));
    expect(winners).toEqual(Array(rounds).fill(1));
  }, 120_000);
});

describe.skipIf(process.env.DATABASE_URL)('data dir lock (server and CLI)', () => {
  const dataDir = tempDir('tongchou-lock-server-');
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  const createUserArgs = [
    'user',
    'create',
    '--username',
    'locked_out',
    '--name',
    '王五',
    '--role',
    'hq_staff',
    '--unit',
    '宜昌市疫情防控指挥部办公室',
    '--scope',
    '4205',
  ];

  it('refuses a second server and a writing CLI command while a server runs; reading a report still works', async () => {
    // The demo city unpacked from the run's template, so the first start does not spend its time loading it.
    await seedDataDir(dataDir);
    const first = await startServer(dataDir);
    try {
      const holder = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockHolder;
      expect(holder).toMatchObject({ pid: first.pid, command: expect.stringContaining('server') });

      const second = await startServer(dataDir).then(
        (s) => s.stop().then(() => 'started'),
        (err: Error) => err.message,
      );
      expect(second).toContain('server exited with 1');
      expect(second).toContain(`PID ${first.pid}`);
      expect(second).toContain('Stop that process first');

      const cli = await runCli(createUserArgs, dataDir);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`PID ${first.pid}`);
      expect(cli.stderr).toContain('web UI/API');
      // Nothing was written behind the server's back, and the server still answers.
      const cookie = await loginTo(first.url);
      const users = await fetch(`${first.url}/api/users?q=locked_out`, { headers: { cookie } });
      expect(users.status).toBe(200);
      expect(((await users.json()) as { total: number }).total).toBe(0);

      const report = path.join(repoRoot, 'test/fixtures/meetings/written/w01-yichang-video.txt');
      const parse = await runCli(['meeting', 'parse', report], dataDir);
      expect(parse.code, parse.stderr).toBe(0);
      expect(parse.stdout).toContain('部署要求');

      expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).token).toBe(holder.token);
    } finally {
      await first.stop();
    }
    // SIGTERM: the server closed the database and removed its lock; the CLI now has the dir to itself.
    expect(fs.existsSync(lockPath)).toBe(false);
    const cli = await runCli(createUserArgs, dataDir);
    expect(cli.code, cli.stderr).toBe(0);
    expect(fs.existsSync(lockPath)).toBe(false);
  }, 180_000);

  it('starts after a server was killed with SIGKILL, taking over the lock it left', async () => {
    const killed = await startServer(dataDir);
    await killed.kill();
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid).toBe(killed.pid);

    const next = await startServer(dataDir);
    try {
      expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid).toBe(next.pid);
      // What the CLI wrote while no server ran is there.
      const cookie = await loginTo(next.url);
      const users = await fetch(`${next.url}/api/users?q=locked_out`, { headers: { cookie } });
      expect(((await users.json()) as { total: number }).total).toBe(1);
    } finally {
      await next.stop();
    }
  }, 180_000);
});

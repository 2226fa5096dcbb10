// One process at a time on a PGlite data dir: two PGlite instances on the same files each keep their own
// shared buffers and WAL position, so both "succeed" while overwriting each other's pages and the data dir
// ends up unreadable. A lock file holding the owner's PID is taken before PGlite opens and removed on exit.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE_NAME = 'tongchou.lock';

/** What the lock file says about the process holding the data dir. */
export type LockHolder = {
  pid: number;
  hostname: string;
  /** Linux boot id: a lock written before a reboot is stale whatever its PID is now used for. */
  bootId?: string;
  startedAt: string;
  /** What the holder is, for the person reading the refusal, e.g. "server (npm start)"; never its argv. */
  command: string;
  /** Tells our own fresh lock from an older one with the same PID (PID 1 in a restarted container). */
  token: string;
};

export class DataDirLockedError extends Error {
  readonly holder: LockHolder;
  readonly lockPath: string;
  readonly dataDir: string;
  constructor(dataDir: string, lockPath: string, holder: LockHolder) {
    super(describeHeldDataDir(dataDir, lockPath, holder));
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

export type DataDirLock = { lockPath: string; holder: LockHolder; release(): void };

function describeHeldDataDir(dataDir: string, lockPath: string, holder: LockHolder): string {
  const sameHost = holder.hostname === os.hostname();
  const lines = [
    `数据目录 ${dataDir} 正被另一个 Tongchou 进程使用，不能再打开一次（两个进程同时写会丢失并损坏数据）。`,
    `The data directory ${dataDir} is in use by another Tongchou process:`,
    `  PID ${holder.pid}${sameHost ? '' : ` on host ${holder.hostname}`}, since ${holder.startedAt}, running: ${holder.command}`,
    `请先停止那个进程（在它的终端按 Ctrl-C，或 kill ${holder.pid}），或者在运行中的服务器的网页界面/API 上操作。`,
    `Stop that process first (Ctrl-C in its terminal, or kill ${holder.pid}), or use the running server's web UI/API.`,
    '多个服务器共用一个数据库请用 PostgreSQL (DATABASE_URL). Several servers on one database need DATABASE_URL.',
  ];
  if (!sameHost)
    lines.push(
      `Tongchou cannot check whether a process on ${holder.hostname} still runs; if none does, delete ${lockPath}.`,
    );
  return lines.join('\n');
}

/** Lock paths this process holds: a second open in the same process is refused, not mistaken for stale. */
const heldHere = new Set<string>();

let bootIdCache: string | undefined | null = null;
function currentBootId(): string | undefined {
  if (bootIdCache === null) {
    try {
      bootIdCache = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootIdCache = undefined;
    }
  }
  return bootIdCache;
}

function readHolder(file: string): LockHolder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string') return parsed as LockHolder;
  } catch {
    // Unreadable content: only a process that died while writing can leave that (files are written whole
    // and then linked or renamed into place), so it counts as stale.
  }
  return { pid: 0, hostname: os.hostname(), startedAt: '?', command: '?', token: `unreadable:${text}` };
}

/** Whether the holder may still be running; when it cannot be checked (another host), assume it is. */
function mayBeRunning(holder: LockHolder, lockPath: string): boolean {
  if (holder.hostname !== os.hostname()) return true;
  if (holder.pid <= 0) return false;
  const bootId = currentBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return false;
  if (holder.pid === process.pid) return heldHere.has(lockPath);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A complete file beside the lock, so the lock appears atomically with its content (link or rename). */
function writeTempFile(dir: string, holder: LockHolder): string {
  const temp = path.join(dir, `${LOCK_FILE_NAME}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx');
  try {
    fs.writeSync(fd, `${JSON.stringify(holder, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return temp;
}

/** Creates `target` from `temp` only if it does not exist yet. */
function createExclusively(temp: string, target: string): boolean {
  try {
    fs.linkSync(temp, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: O_EXCL create is as exclusive, only not atomic with its content.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') {
      try {
        fs.writeFileSync(target, fs.readFileSync(temp), { flag: 'wx' });
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e;
      }
    }
    throw err;
  }
}

/** How long ago a file was last written; a takeover guard is held for microseconds, so an old one is stale. */
function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function removeQuietly(file: string) {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Replaces a stale lock with ours. Two processes may find the same stale lock at once; a short-lived guard
 * file (created exclusively) lets only one of them re-check and replace it, the other re-reads and sees the
 * new, live holder. A guard left by a process that died inside those few microseconds is removed once its
 * holder is gone or it is older than any takeover takes.
 */
function takeOverStaleLock(lockPath: string, stale: LockHolder, temp: string, holder: LockHolder): boolean {
  const guardPath = `${lockPath}.takeover`;
  const guardTemp = writeTempFile(path.dirname(lockPath), holder);
  try {
    if (!createExclusively(guardTemp, guardPath)) {
      const guard = readHolder(guardPath);
      if (guard && (!mayBeRunning(guard, guardPath) || ageMs(guardPath) > 10_000)) removeQuietly(guardPath);
      return false;
    }
  } finally {
    removeQuietly(guardTemp);
  }
  try {
    const current = readHolder(lockPath);
    if (current && current.token !== stale.token) return false;
    fs.renameSync(temp, lockPath);
    return true;
  } finally {
    removeQuietly(guardPath);
  }
}

/**
 * Takes the data dir for this process or throws DataDirLockedError naming the holder. The lock is released by
 * `release()` and, failing that, when the process exits (normally, by process.exit or an uncaught error); a
 * lock left by a killed process is taken over by the next one.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(path.resolve(dataDir), LOCK_FILE_NAME);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    ...(currentBootId() ? { bootId: currentBootId() } : {}),
    startedAt: new Date().toISOString(),
    command,
    token: randomBytes(12).toString('hex'),
  };
  const deadline = Date.now() + 5_000;
  for (;;) {
    const temp = writeTempFile(path.dirname(lockPath), holder);
    let taken: boolean;
    try {
      taken = createExclusively(temp, lockPath);
      if (!taken) {
        const current = readHolder(lockPath);
        if (current && mayBeRunning(current, lockPath))
          throw new DataDirLockedError(dataDir, lockPath, current);
        taken = current ? takeOverStaleLock(lockPath, current, temp, holder) : false;
      }
    } finally {
      removeQuietly(temp);
    }
    // Confirm by reading back: a racing taker that replaced the file after us is the owner, not us.
    if (taken && readHolder(lockPath)?.token === holder.token) break;
    if (Date.now() > deadline)
      throw new Error(`could not take the lock ${lockPath}: other processes keep changing it`);
    // Another process is mid-takeover: pause a few ms (synchronously; this runs once, at start) and look again.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 + Math.random() * 30);
  }
  heldHere.add(lockPath);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(lockPath);
    process.off('exit', release);
    // Only remove the file while it is still ours.
    if (readHolder(lockPath)?.token === holder.token) removeQuietly(lockPath);
  };
  process.on('exit', release);
  return { lockPath, holder, release };
}

// Runs Tongchou's real entry points (server, CLI) as child processes on a throwaway PGlite data directory
// (or, when a test asks, on a PostgreSQL database of its own).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../server/db/seed/demo.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** The child uses embedded PGlite in `dataDir`, never the developer's DATABASE_URL (unless `extra` gives one). */
export function childEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return { ...env, TONGCHOU_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
}

export function runCli(
  args: string[],
  dataDir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/tongchou.mjs'), ...args], {
      cwd: repoRoot,
      env: childEnv(dataDir),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export type RunningServer = {
  url: string;
  pid: number;
  output: () => string;
  /** SIGTERM, as Ctrl-C or a service manager would; resolves when the process has exited. */
  stop: () => Promise<void>;
  /** SIGKILL: the process dies at once, no handler runs; resolves when it has exited. */
  kill: () => Promise<void>;
};

/** `databaseUrl`: the server uses that PostgreSQL database instead of PGlite in `dataDir`. */
export function startServer(dataDir: string, options: { databaseUrl?: string } = {}): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'server/main.ts')],
    {
      cwd: repoRoot,
      env: childEnv(dataDir, {
        PORT: '0',
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      }),
    },
  );
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = output.match(/running at (http:\/\/[\d.:]+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          pid: child.pid!,
          output: () => output,
          stop: () => signal('SIGTERM'),
          kill: () => signal('SIGKILL'),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

/** Logs in to a running server as a demo account; returns the cookie header to send. */
export async function loginTo(url: string, username = 'admin', password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

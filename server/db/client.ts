// Opens the database: embedded PostgreSQL (PGlite, files in the data dir) by default, a real server with DATABASE_URL.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** What services take: the database or a transaction on it, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  kind: DatabaseKind;
  /** The driver underneath, for what Drizzle cannot do (COPY). */
  driver: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };
  migrate(): Promise<void>;
  close(): Promise<void>;
};

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// PostgreSQL bigint (int8) and numeric come back as strings from pg; counts we return fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type OpenOptions = {
  databaseUrl?: string;
  dataDir?: string;
  inMemory?: boolean;
  /** An in-memory PGlite starts from this dumped data dir (`dumpDataDir`): tests clone a seeded template. */
  loadDataDir?: Blob;
  /** What this process is, shown to a second process refused by the data dir lock (never argv: it may hold a password). */
  purpose?: string;
};

/**
 * PGlite's durability, set deliberately (decision 0006): every commit's WAL is written with a synchronous
 * write(2) before the query resolves (synchronous_commit=on, pinned here so a tuning change cannot turn it
 * off), so an acknowledged write survives kill -9 of the process. relaxedDurability only defers syncToFs,
 * which is a no-op on the Node file system, and is kept off. fsync stays off (PGlite's -F): Emscripten's
 * Node file system ignores fsync/fdatasync anyway, so PGlite does not survive a power cut or kernel crash;
 * a deployment that must, uses PostgreSQL (DATABASE_URL).
 */
const pgliteDurability = {
  relaxedDurability: false,
  startParams: [...PGlite.defaultStartParams, '-c', 'synchronous_commit=on'],
};

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server drops (a restart, an administrator's pg_terminate_backend) is replaced on the
    // next query; without a listener the pool's 'error' event would end the process.
    pool.on('error', () => {});
    // pool.end() resolves once every connection is told to close, not once it has: close() waits for each one,
    // so whatever follows (a test dropping its database) never cuts a connection that is still saying goodbye.
    const open = new Set<pg.Client>();
    pool.on('connect', (client) => {
      open.add(client);
      client.once('end', () => open.delete(client));
    });
    // Fail fast with a clear message rather than on the first request.
    const probe = await pool.connect();
    probe.release();
    const db = drizzleNodePg({ client: pool, schema, casing: 'snake_case' });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      driver: { kind: 'postgres', pool },
      migrate: () => migrateNodePg(db, { migrationsFolder }),
      close: async () => {
        const closed = Promise.all(
          [...open].map((client) => new Promise((done) => client.once('end', done))),
        );
        await pool.end();
        // Bounded: a connection still checked out (a request that never finished) must not hold up a shutdown.
        let timer: NodeJS.Timeout | undefined;
        const giveUp = new Promise((done) => {
          timer = setTimeout(done, 5_000);
        });
        await Promise.race([closed, giveUp]);
        clearTimeout(timer);
      },
    };
  }
  if (options.inMemory)
    return wrapPglite(await PGlite.create({ ...pgliteDurability, loadDataDir: options.loadDataDir }));
  if (!options.dataDir) throw new Error('dataDir is required for an on-disk PGlite database');
  // Taken here, before PGlite touches the files, so no entry point can forget it; throws DataDirLockedError.
  const lock = lockDataDir(options.dataDir, options.purpose ?? 'tongchou');
  try {
    const dataPath = path.join(options.dataDir, 'pgdata');
    fs.mkdirSync(dataPath, { recursive: true });
    const client = await PGlite.create(dataPath, pgliteDurability);
    return wrapPglite(client, lock.release);
  } catch (err) {
    lock.release();
    throw err;
  }
}

function wrapPglite(client: PGlite, releaseLock?: () => void): Database {
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    driver: { kind: 'pglite', client },
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: async () => {
      try {
        await client.close();
      } finally {
        releaseLock?.();
      }
    },
  };
}

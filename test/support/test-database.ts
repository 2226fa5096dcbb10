// One migrated database with the 宜昌市 demo data per test run, cloned for each test file: migrating and seeding
// takes 4–20 s, a clone well under one. PGlite: the seeded data dir dumped to a tar once, loaded per file
// (`loadDataDir`). PostgreSQL: a template database, copied per file with `CREATE DATABASE … TEMPLATE`.
// The template is named by a hash of what builds it (migrations, the seed and what it imports, the PGlite
// version), so a changed migration or seed builds a new one and a stale one is never used.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/db/client.ts';
import { seedDemo } from '../../server/db/seed/demo.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Outside the repo (and outside node_modules, which worktrees share): a template is per hash, not per clone. */
const pgliteCacheDir = path.join(os.tmpdir(), 'tongchou-test-templates');
/** Templates and throwaway databases unused for this long belong to no running test run and are removed. */
const STALE_MS = 2 * 60 * 60 * 1000;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** The seed module and every project file it imports, found by following relative imports. */
function seedSources(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !fs.existsSync(entry)) return seen;
  seen.add(entry);
  const source = fs.readFileSync(entry, 'utf8');
  for (const [, spec] of source.matchAll(/from '(\.{1,2}\/[^']+)'/g))
    seedSources(path.resolve(path.dirname(entry), spec!), seen);
  return seen;
}

let cachedKey: string | undefined;
/** Hash of everything that decides what the template holds. */
export function templateKey(): string {
  if (cachedKey) return cachedKey;
  const files = new Set([
    ...filesUnder(path.join(repoRoot, 'server/db/migrations')),
    ...filesUnder(path.join(repoRoot, 'server/db/seed')),
    ...seedSources(path.join(repoRoot, 'server/db/seed/demo.ts')),
  ]);
  const hash = createHash('sha256');
  const pgliteVersion = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ).version;
  hash.update(`pglite ${pgliteVersion}\n`);
  for (const file of [...files].sort()) {
    hash.update(`${path.relative(repoRoot, file)}\n`);
    hash.update(fs.readFileSync(file));
  }
  cachedKey = hash.digest('hex').slice(0, 16);
  return cachedKey;
}

async function migrateAndSeed(database: Database): Promise<void> {
  await database.migrate();
  await seedDemo(database.db);
}

// ---- PGlite ----

const pgliteTemplatePath = () => path.join(pgliteCacheDir, `pglite-${templateKey()}.tar`);

/** Writes the seeded PGlite data dir as a tar, unless this hash's tar is already there. */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = pgliteTemplatePath();
  fs.mkdirSync(pgliteCacheDir, { recursive: true });
  if (fs.existsSync(file)) {
    const now = new Date();
    fs.utimesSync(file, now, now);
    return file;
  }
  const database = await openDatabase({ inMemory: true });
  try {
    await migrateAndSeed(database);
    if (database.driver.kind !== 'pglite') throw new Error('expected PGlite');
    const dump = await database.driver.client.dumpDataDir('none');
    // Written beside and renamed, so a concurrent run (another worktree) never loads half a file.
    const partial = `${file}.${process.pid}.${randomBytes(3).toString('hex')}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
  } finally {
    await database.close();
  }
  for (const old of fs.readdirSync(pgliteCacheDir)) {
    const oldPath = path.join(pgliteCacheDir, old);
    if (oldPath !== file && Date.now() - fs.statSync(oldPath).mtimeMs > STALE_MS)
      fs.rmSync(oldPath, { force: true });
  }
  return file;
}

async function openPgliteClone(): Promise<Database> {
  const tar = fs.readFileSync(await ensurePgliteTemplate());
  return openDatabase({ inMemory: true, loadDataDir: new Blob([tar]) });
}

/**
 * Fills `<dataDir>/pgdata` with the seeded template, for tests that start the real server or CLI on a data dir
 * and need the demo city without waiting for the first start to load it. The dump is the data dir as a tar, so
 * unpacking it is all it takes (≈0.5 s, against ≈4 s for PGlite to write it out itself).
 */
export async function seedDataDir(dataDir: string): Promise<void> {
  const tar = await ensurePgliteTemplate();
  const pgdata = path.join(dataDir, 'pgdata');
  fs.mkdirSync(pgdata, { recursive: true });
  // Its members are named /base/…; tar strips the leading slash (and says so on stderr).
  execFileSync('tar', ['-xf', tar, '-C', pgdata], { stdio: 'ignore' });
}

// ---- PostgreSQL ----

const postgresTemplateName = () => `tongchou_template_${templateKey()}`;

function urlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Builds this hash's template database unless it exists. Under an advisory lock, so two test runs on one server
 * never build it twice; built under a temporary name and renamed, so no one clones a half-built template.
 */
export async function ensurePostgresTemplate(serverUrl: string): Promise<string> {
  const name = postgresTemplateName();
  await withAdmin(serverUrl, async (admin) => {
    await admin.query(`select pg_advisory_lock(hashtext('tongchou test template'))`);
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_build_${randomBytes(3).toString('hex')}`;
        await admin.query(`create database ${building}`);
        const database = await openDatabase({ databaseUrl: urlFor(serverUrl, building) });
        try {
          await migrateAndSeed(database);
        } finally {
          await database.close();
        }
        await admin.query(`alter database ${building} rename to ${name}`);
      }
      // Marks when a run last used it; templates of other hashes unused for a while are dropped below.
      await admin.query(`comment on database ${name} is 'tongchou test template, used ${Date.now()}'`);
      await dropStaleDatabases(admin, name);
    } finally {
      await admin.query(`select pg_advisory_unlock(hashtext('tongchou test template'))`);
    }
  });
  return name;
}

/** Old templates, leftovers of an interrupted build, and throwaway databases of runs that did not clean up. */
async function dropStaleDatabases(admin: pg.Client, current: string): Promise<void> {
  const { rows } = await admin.query<{ name: string; note: string | null }>(
    `select datname as name, shobj_description(oid, 'pg_database') as note from pg_database
      where datname like 'tongchou\\_template\\_%' or datname like 'tongchou\\_test\\_%'`,
  );
  for (const { name, note } of rows) {
    if (name === current) continue;
    // Only a run holding the lock builds, and this run holds it: any database still named _build_ is a leftover.
    const usedAt = name.includes('_build_')
      ? 0
      : Number(/used (\d+)/.exec(note ?? '')?.[1] ?? /^tongchou_test_(\d+)_/.exec(name)?.[1] ?? Date.now());
    if (Date.now() - usedAt < STALE_MS) continue;
    // Without force: a database someone is still connected to stays.
    await admin.query(`drop database if exists ${name}`).catch(() => {});
  }
}

/** A database of its own for one test file, copied from the template, dropped by `dispose`. */
async function openPostgresClone(
  serverUrl: string,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  const template = await ensurePostgresTemplate(serverUrl);
  const name = `tongchou_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name} template ${template}`));
  const database = await openDatabase({ databaseUrl: urlFor(serverUrl, name) });
  return {
    database,
    drop: async () => {
      await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

// ---- both ----

/** Builds the template for the database this run uses (DATABASE_URL or PGlite); Vitest's globalSetup calls it. */
export async function ensureTemplate(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) await ensurePostgresTemplate(serverUrl);
  else await ensurePgliteTemplate();
}

/** A migrated database with the demo city, of this test file's own. */
export async function openSeededTestDatabase(): Promise<{
  database: Database;
  dispose: () => Promise<void>;
}> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const { database, drop } = await openPostgresClone(serverUrl);
    return {
      database,
      dispose: async () => {
        await database.close();
        await drop();
      },
    };
  }
  const database = await openPgliteClone();
  return { database, dispose: () => database.close() };
}

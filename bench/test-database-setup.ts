// How long a test file waits for its database: migrating and seeding one (as every file did before) against
// cloning the run's seeded template (test/support/test-database.ts). PGlite by default, PostgreSQL with
// DATABASE_URL. `npx tsx bench/test-database-setup.ts`
import { seedDemo } from '../server/db/seed/demo.ts';
import { openTestDatabase } from '../test/support/test-app.ts';
import { ensureTemplate, openSeededTestDatabase } from '../test/support/test-database.ts';

const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

let started = performance.now();
const fresh = await openTestDatabase();
await fresh.database.migrate();
await seedDemo(fresh.database.db);
console.log(`${kind}: migrate + seed a fresh database  ${seconds(started)} s`);
await fresh.dispose();

started = performance.now();
await ensureTemplate();
console.log(`${kind}: template ready (built or found)   ${seconds(started)} s`);

for (let i = 1; i <= 3; i++) {
  started = performance.now();
  const clone = await openSeededTestDatabase();
  const took = seconds(started);
  await clone.dispose();
  console.log(`${kind}: clone for a test file #${i}        ${took} s`);
}

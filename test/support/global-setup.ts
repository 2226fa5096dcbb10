// Vitest globalSetup: builds the seeded template database once, before any worker starts, so two workers never
// build it at the same time and each test file only clones it (see test-database.ts).
import { ensureTemplate } from './test-database.ts';

export async function setup(): Promise<void> {
  const started = performance.now();
  await ensureTemplate();
  const ms = performance.now() - started;
  // Only worth a line when it was built rather than found.
  if (ms > 1000) console.log(`test database template ready in ${(ms / 1000).toFixed(1)} s`);
}

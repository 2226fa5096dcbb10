// `npm test`: every test on embedded PGlite, then the server tests again on PostgreSQL when DATABASE_URL is set.
// Ends with one line `N passed, N failed` over both runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'test-results');
fs.mkdirSync(outDir, { recursive: true });
const extraArgs = process.argv.slice(2);

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-web-if-stale.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function runVitest(label, args, env) {
  const report = path.join(outDir, `vitest-${label}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...args,
      ...extraArgs,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  if (!fs.existsSync(report)) return { passed: 0, failed: 1, ok: false };
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  // A file that fails to load has no test results but must count as a failure.
  const brokenFiles = json.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
  const failed = json.numFailedTests + brokenFiles;
  return { passed: json.numPassedTests, failed, ok: result.status === 0 && failed === 0 };
}

const { DATABASE_URL, ...envWithoutDb } = process.env;
const runs = [runVitest('pglite', [], envWithoutDb)];
if (DATABASE_URL) runs.push(runVitest('postgres', ['--project', 'server'], { ...process.env, DATABASE_URL }));
else console.log('\n(DATABASE_URL not set: server tests ran on PGlite only)');

const passed = runs.reduce((s, r) => s + r.passed, 0);
const failed = runs.reduce((s, r) => s + r.failed, 0);
const ok = runs.every((r) => r.ok);
console.log(`\n${passed} passed, ${failed || (ok ? 0 : 1)} failed`);
process.exit(ok ? 0 : 1);

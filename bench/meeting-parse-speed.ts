// Times parseMeetingReport on a 10,000-character report built from the seeds, against opencc conversion of the
// same text alone (the one step no parser can skip), and prints both and their ratio. Target: < 200 ms a parse.
// Run: npx tsx bench/meeting-parse-speed.ts
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toSimplified } from '../server/modules/meetings/meeting-text.normalise.ts';
import { parseMeetingReport } from '../server/modules/meetings/meeting-text.parse.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seedDir = path.resolve(root, '../shared/seeds');
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(path.join(seedDir, f), 'utf8'));

let report = '';
while (report.length < 10_000) report += `${seeds[report.length % seeds.length] ?? seeds[0]}\n`;
report = report.slice(0, 10_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: () => void, rounds: number): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const coldStart = performance.now();
const first = parseMeetingReport(report);
const cold = performance.now() - coldStart;

const rounds = 15;
const baseline = time(() => toSimplified(report), rounds);
const parse = time(() => parseMeetingReport(report), rounds);

console.log(
  `report: ${report.length} characters, ${first.directives.length} directives, ${first.edits.length} edits`,
);
console.log(`first parse (loads opencc, GBK table, jieba): ${cold.toFixed(1)} ms`);
console.log(`baseline opencc toSimplified: ${baseline.toFixed(2)} ms (median of ${rounds})`);
console.log(`parseMeetingReport:           ${parse.toFixed(2)} ms (median of ${rounds})`);
console.log(`ratio parse / baseline:       ${(parse / baseline).toFixed(1)}x`);
console.log(`target < 200 ms per parse:    ${parse < 200 ? 'met' : 'NOT met'}`);

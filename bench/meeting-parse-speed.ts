// Whether the meeting-report parser runs in time linear in the text: parses reports of 100 KB, 1 MB and 5 MB (the
// largest the import accepts) built from the written reports in test/fixtures/meetings (and the real seeds in
// ../shared/seeds when present), prints the time per 100k characters for each, and the ratio of the 5 MB time to
// the 100 KB time: linear is ≈ 50 (the size ratio), quadratic would be ≈ 2,500.
// A 10,000-character report is also timed against opencc conversion of the same text alone (the one step no
// parser can skip), the figure the parser was first tuned to (< 200 ms a parse).
// Run: npx tsx bench/meeting-parse-speed.ts [--sizes 100,1024,5120]   (sizes in KB of UTF-8)
// Profile: node --cpu-prof --import tsx bench/meeting-parse-speed.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toSimplified } from '../server/modules/meetings/meeting-text.normalise.ts';
import { MAX_REPORT_BYTES, parseMeetingReport } from '../server/modules/meetings/meeting-text.parse.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const writtenDir = path.join(root, 'test/fixtures/meetings/written');
const seedDir = path.resolve(root, '../shared/seeds');

const readAll = (dir: string, keep: (f: string) => boolean) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter(keep)
        .sort()
        .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    : [];
// The raw, noisy versions (traditional characters, glosses, mojibake, site chrome), not the clean sources.
const reports = [
  ...readAll(seedDir, (f) => f.endsWith('.txt')),
  ...readAll(writtenDir, (f) => f.endsWith('.txt') && !f.endsWith('.source.txt')),
];
if (reports.length === 0) throw new Error('no reports found in test/fixtures/meetings/written');

/** Reports one after another until the text reaches `bytes` of UTF-8, as a long compilation page would. */
function reportOf(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; ; i++) {
    const part = `${reports[i % reports.length]}\n\n`;
    const partSize = Buffer.byteLength(part, 'utf8');
    if (size + partSize > bytes) break;
    parts.push(part);
    size += partSize;
  }
  return parts.join('');
}

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

const sizesFlag = process.argv.indexOf('--sizes');
const sizesKb =
  sizesFlag === -1 ? [100, 1024, 5120] : (process.argv[sizesFlag + 1] ?? '').split(',').map(Number);

// Warm up: the first parse loads opencc, the GBK table and jieba.
const coldStart = performance.now();
const small = reportOf(10_000 * 3).slice(0, 10_000);
parseMeetingReport(small);
console.log(`first parse (loads opencc, GBK table, jieba): ${(performance.now() - coldStart).toFixed(0)} ms`);

const rounds = 15;
const baseline = time(() => toSimplified(small), rounds);
const smallParse = time(() => parseMeetingReport(small), rounds);
console.log(
  `10,000 characters: parse ${smallParse.toFixed(1)} ms, opencc alone ${baseline.toFixed(1)} ms ` +
    `(${(smallParse / baseline).toFixed(1)}x), target < 200 ms: ${smallParse < 200 ? 'met' : 'NOT met'}`,
);

const results: { kb: number; chars: number; ms: number }[] = [];
for (const kb of sizesKb) {
  const text = reportOf(Math.min(kb * 1024, MAX_REPORT_BYTES));
  const bytes = Buffer.from(text, 'utf8');
  // The upload path: bytes in, as a .txt file arrives (decoding is part of the work).
  const runs = kb <= 200 ? 5 : 1;
  let directives = 0;
  const ms = time(() => {
    directives = parseMeetingReport(bytes).directives.length;
  }, runs);
  results.push({ kb, chars: text.length, ms });
  console.log(
    `${String(kb).padStart(5)} KB: ${text.length.toLocaleString('en').padStart(9)} characters, ` +
      `${directives.toLocaleString('en').padStart(6)} directives, ${(ms / 1000).toFixed(2).padStart(7)} s, ` +
      `${((ms / text.length) * 100_000).toFixed(1).padStart(7)} ms per 100k characters` +
      (runs > 1 ? ` (median of ${runs})` : ''),
  );
}

const first = results[0];
const last = results[results.length - 1];
if (first && last && last !== first) {
  const sizeRatio = last.chars / first.chars;
  const timeRatio = last.ms / first.ms;
  console.log(
    `ratio ${last.kb} KB / ${first.kb} KB: time ${timeRatio.toFixed(0)}x for ${sizeRatio.toFixed(0)}x the text ` +
      `(linear ≈ ${sizeRatio.toFixed(0)}, quadratic ≈ ${(sizeRatio * sizeRatio).toFixed(0)}); ` +
      `per-100k ratio ${(timeRatio / sizeRatio).toFixed(2)}`,
  );
}

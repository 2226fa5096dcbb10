// Measures the meeting-report parser against the annotated evaluation set in test/fixtures/meetings: directive
// precision/recall, category, chair, date, title and people accuracy, and noise left in the clean text.
// Run: npx tsx bench/meeting-eval.ts [--verbose] [--dir <folder>]
// --dir scores any folder of <name>.txt + <name>.json pairs (same annotation schema) instead of the fixtures, e.g.
// real pages kept outside the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toSimplified } from '../server/modules/meetings/meeting-text.normalise.ts';
import { type MeetingParse, parseMeetingReport } from '../server/modules/meetings/meeting-text.parse.ts';
import { seedsDir } from '../test/support/seed-reports.ts';

interface Annotation {
  split: 'tune' | 'holdout' | 'holdout2' | 'real';
  date: string | null;
  title?: string;
  kind?: string;
  chair: string[];
  speakers: string[];
  attendees: string[];
  unreadable?: number;
  directives: { text: string; category: string; deadline?: string }[];
  notDirectives: string[];
}

interface Case {
  name: string;
  raw: string;
  /** Clean text the report was written from (written reports only). */
  reference: string | null;
  annotation: Annotation;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(root, 'test/fixtures/meetings');
const verbose = process.argv.includes('--verbose');
const dirFlag = process.argv.indexOf('--dir');
const externalDir = dirFlag === -1 ? null : (process.argv[dirFlag + 1] ?? null);

/** Every <name>.txt with a <name>.json annotation in `dir`; an annotation without a split counts as real. */
function loadFolderCases(dir: string): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const name = file.replace(/\.json$/, '');
    const text = path.join(dir, `${name}.txt`);
    if (!existsSync(text)) continue;
    const annotation = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Annotation;
    annotation.split ??= 'real';
    cases.push({ name, raw: readFileSync(text, 'utf8'), reference: null, annotation });
  }
  return cases;
}

export function loadEvaluationCases(): Case[] {
  const cases: Case[] = [];
  // Where the tests look for them too (TONGCHOU_SEEDS_DIR, else ../shared/seeds); skipped when missing.
  const seedDir = seedsDir;
  for (const file of readdirSync(path.join(fixtures, 'seeds')).sort()) {
    const name = file.replace(/\.json$/, '');
    const seed = path.join(seedDir, `${name}.txt`);
    if (!existsSync(seed)) continue;
    cases.push({
      name: `seeds/${name}`,
      raw: readFileSync(seed, 'utf8'),
      reference: null,
      annotation: JSON.parse(readFileSync(path.join(fixtures, 'seeds', file), 'utf8')) as Annotation,
    });
  }
  const written = path.join(fixtures, 'written');
  for (const file of readdirSync(written).sort()) {
    if (!file.endsWith('.json')) continue;
    const name = file.replace(/\.json$/, '');
    cases.push({
      name: `written/${name}`,
      raw: readFileSync(path.join(written, `${name}.txt`), 'utf8'),
      reference: referenceText(readFileSync(path.join(written, `${name}.source.txt`), 'utf8')),
      annotation: JSON.parse(readFileSync(path.join(written, file), 'utf8')) as Annotation,
    });
  }
  return cases;
}

/** What the clean text should be: the source without chrome lines, inline bylines or garbling marks. */
function referenceText(source: string): string {
  return source
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.replace(/\{\{[^}]*\}\}/g, '').replace(/\[\[([^\]]*)\]\]/g, '$1'))
    .join('\n');
}

/** The clean text with mojibake replaced by its suggestion (or dropped): what a reviewer would read. */
function readable(parse: MeetingParse, start = 0, end = parse.text.length): string {
  let out = '';
  let cursor = start;
  for (const span of parse.unreadable) {
    if (span.end <= start || span.start >= end) continue;
    out += parse.text.slice(cursor, Math.max(cursor, span.start)) + (span.suggestion ?? '');
    cursor = Math.min(end, span.end);
  }
  return out + parse.text.slice(cursor, end);
}

function outsideUnreadable(parse: MeetingParse): string {
  let out = '';
  let cursor = 0;
  for (const span of parse.unreadable) {
    out += `${parse.text.slice(cursor, span.start)}\n`;
    cursor = span.end;
  }
  return out + parse.text.slice(cursor);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

interface Score {
  files: number;
  predicted: number;
  truePredicted: number;
  expected: number;
  found: number;
  categoryRight: number;
  deadlineExpected: number;
  deadlineRight: number;
  forbiddenHits: number;
  chairRight: number;
  dateRight: number;
  titleRight: number;
  kindRight: number;
  peopleExpected: number;
  peopleFound: number;
  peoplePredicted: number;
  unreadableExpected: number;
  unreadableFound: number;
  glosses: number;
  doubled: number;
  traditional: number;
  referenceChars: number;
  referenceErrors: number;
}

function emptyScore(): Score {
  return {
    files: 0,
    predicted: 0,
    truePredicted: 0,
    expected: 0,
    found: 0,
    categoryRight: 0,
    deadlineExpected: 0,
    deadlineRight: 0,
    forbiddenHits: 0,
    chairRight: 0,
    dateRight: 0,
    titleRight: 0,
    kindRight: 0,
    peopleExpected: 0,
    peopleFound: 0,
    peoplePredicted: 0,
    unreadableExpected: 0,
    unreadableFound: 0,
    glosses: 0,
    doubled: 0,
    traditional: 0,
    referenceChars: 0,
    referenceErrors: 0,
  };
}

function add(total: Score, part: Score) {
  for (const key of Object.keys(total) as (keyof Score)[]) total[key] += part[key];
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function scoreCase(c: Case): { score: Score; notes: string[] } {
  const score = emptyScore();
  const notes: string[] = [];
  const parse = parseMeetingReport(c.raw);
  const a = c.annotation;
  score.files = 1;
  const texts = parse.directives.map((d) => readable(parse, d.start, d.end));
  score.predicted = texts.length;
  const matchedPredicted = new Set<number>();
  for (const expected of a.directives) {
    score.expected++;
    const index = texts.findIndex((t) => t.includes(expected.text));
    if (index === -1) {
      notes.push(`missed: ${expected.text}`);
      continue;
    }
    score.found++;
    matchedPredicted.add(index);
    const directive = parse.directives[index];
    if (directive && expected.category.split('|').includes(directive.category)) score.categoryRight++;
    else notes.push(`category ${directive?.category} ≠ ${expected.category}: ${expected.text}`);
    if (expected.deadline) {
      score.deadlineExpected++;
      if (directive?.deadline === expected.deadline) score.deadlineRight++;
      else notes.push(`deadline ${directive?.deadline} ≠ ${expected.deadline}`);
    }
  }
  texts.forEach((t, i) => {
    const forbidden = a.notDirectives.find((s) => t.includes(s));
    if (forbidden) {
      score.forbiddenHits++;
      notes.push(`not a directive but found: ${forbidden} in ${t.slice(0, 30)}`);
    }
    if (matchedPredicted.has(i) && !forbidden) score.truePredicted++;
    else if (!matchedPredicted.has(i)) notes.push(`extra: ${t.slice(0, 40)}`);
  });
  const chair = parse.meeting.chair.map((p) => p.name);
  if (sameSet(chair, a.chair)) score.chairRight = 1;
  else notes.push(`chair ${chair.join(',')} ≠ ${a.chair.join(',')}`);
  if (parse.meeting.date === a.date) score.dateRight = 1;
  else notes.push(`date ${parse.meeting.date} ≠ ${a.date}`);
  if (parse.meeting.title === (a.title ?? null)) score.titleRight = 1;
  else notes.push(`title ${parse.meeting.title} ≠ ${a.title}`);
  if (parse.meeting.kind === (a.kind ?? null)) score.kindRight = 1;
  else notes.push(`kind ${parse.meeting.kind} ≠ ${a.kind}`);
  for (const [role, expected] of [
    ['speakers', a.speakers],
    ['attendees', a.attendees],
  ] as const) {
    const got = parse.meeting[role].map((p) => p.name);
    score.peopleExpected += expected.length;
    score.peoplePredicted += got.length;
    score.peopleFound += got.filter((n) => expected.includes(n)).length;
    if (!sameSet(got, expected)) notes.push(`${role} ${got.join(',')} ≠ ${expected.join(',')}`);
  }
  score.unreadableExpected = a.unreadable ?? 0;
  score.unreadableFound = Math.min(parse.unreadable.length, a.unreadable ?? 0);
  if (parse.unreadable.length !== (a.unreadable ?? 0))
    notes.push(
      `unreadable ${parse.unreadable.map((u) => u.raw).join(' | ')} (expected ${a.unreadable ?? 0})`,
    );
  const visible = outsideUnreadable(parse);
  score.glosses = (visible.match(/[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]/gu) ?? []).length;
  score.doubled = (
    visible.match(/[，、。；：,;:]{2,}|(?<=\p{Script=Han}),|,(?=\p{Script=Han})/gu) ?? []
  ).length;
  const simplifiedAgain = toSimplified(visible);
  for (let i = 0; i < visible.length; i++) if (simplifiedAgain[i] !== visible[i]) score.traditional++;
  if (c.reference) {
    const clean = readable(parse);
    score.referenceChars = c.reference.length;
    score.referenceErrors = levenshtein(clean, c.reference);
  }
  return { score, notes };
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '  n/a' : `${((100 * part) / whole).toFixed(1)}%`;

function formatScore(label: string, s: Score): string {
  return [
    label.padEnd(36),
    `dirP ${percent(s.truePredicted, s.predicted)}`,
    `dirR ${percent(s.found, s.expected)}`,
    `cat ${percent(s.categoryRight, s.found)}`,
    `dl ${percent(s.deadlineRight, s.deadlineExpected)}`,
    `chair ${percent(s.chairRight, s.files)}`,
    `date ${percent(s.dateRight, s.files)}`,
    `title ${percent(s.titleRight, s.files)}`,
    `kind ${percent(s.kindRight, s.files)}`,
    `peopleP ${percent(s.peopleFound, s.peoplePredicted)}`,
    `peopleR ${percent(s.peopleFound, s.peopleExpected)}`,
    `moji ${s.unreadableFound}/${s.unreadableExpected}`,
    `left gl/dp/tr ${s.glosses}/${s.doubled}/${s.traditional}`,
    s.referenceChars ? `cer ${percent(s.referenceErrors, s.referenceChars)}` : '',
  ].join('  ');
}

const overall = emptyScore();
const bySplit: Record<string, Score> = {};
for (const c of externalDir ? loadFolderCases(externalDir) : loadEvaluationCases()) {
  const { score, notes } = scoreCase(c);
  add(overall, score);
  bySplit[c.annotation.split] ??= emptyScore();
  add(bySplit[c.annotation.split] ?? emptyScore(), score);
  console.log(formatScore(`${c.name} [${c.annotation.split}]`, score));
  if (verbose) for (const note of notes) console.log(`    ${note}`);
}
console.log('');
for (const [split, score] of Object.entries(bySplit)) console.log(formatScore(split.toUpperCase(), score));
console.log(formatScore('OVERALL', overall));
console.log(
  '\ndirP/dirR directive precision/recall; cat category accuracy of found directives; dl deadline accuracy;',
  '\npeopleP/R speakers+attendees; moji mojibake runs flagged; left = glosses/doubled or ASCII punctuation/',
  '\ntraditional characters left in clean text; cer = character error rate against the source (written only).',
);

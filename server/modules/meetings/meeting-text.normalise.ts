// Cleans a scraped meeting report (traditional characters, pinyin glosses, doubled punctuation, site chrome,
// mojibake) into simplified text, recording every change against the original so the UI can show both.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import * as OpenCC from 'opencc-js';

export type TextEditKind = 'header' | 'byline' | 'gloss' | 'punctuation' | 'simplify' | 'whitespace';

/** One change: original[start, end) became `replacement` in the clean text. */
export interface TextEdit {
  kind: TextEditKind;
  start: number;
  end: number;
  replacement: string;
  note?: string;
}

/** A run of mojibake in the clean text (offsets in the clean text); `raw` is left exactly as it arrived. */
export interface UnreadableSpan {
  start: number;
  end: number;
  raw: string;
  suggestion?: string;
}

export interface NormalisedReport {
  original: string;
  text: string;
  edits: TextEdit[];
  unreadable: UnreadableSpan[];
  publishedAt: string | null;
  /** Reporter/editor names taken out of the text, e.g. `记者 江潇`; never meeting people. */
  bylines: string[];
  warnings: string[];
}

const HAN = /\p{Script=Han}/u;
const PINYIN_LETTERS = 'a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ';
// A gloss is one or two pinyin syllables in ASCII or full-width parentheses straight after a Han character.
const GLOSS = new RegExp(
  `(?<=\\p{Script=Han})[(（][${PINYIN_LETTERS}]{1,6}(?: [${PINYIN_LETTERS}]{1,6})?[)）]`,
  'gu',
);

let converters: ((text: string) => string)[] | null = null;
/**
 * Hong Kong forms first (衞, 綫 are not in the Taiwan table), then the Taiwan preset, which also turns
 * phrase-dependent 著 into 着 where simplified writes 着.
 */
export function toSimplified(text: string): string {
  converters ??= [OpenCC.Converter({ from: 'hk', to: 'cn' }), OpenCC.Converter({ from: 'tw', to: 'cn' })];
  let out = text;
  for (const convert of converters) out = convert(out);
  return out;
}

const simplifiedChars = new Map<string, string>();
/** toSimplified of one character, remembered: mojibake repair asks for the same few thousand again and again. */
function simplifyChar(ch: string): string {
  let simplified = simplifiedChars.get(ch);
  if (simplified === undefined) {
    simplified = toSimplified(ch);
    simplifiedChars.set(ch, simplified);
  }
  return simplified;
}

interface GbkTables {
  encode: Map<string, number[]>;
  level1: Set<string>;
  level2: Set<string>;
}
let gbkTables: GbkTables | null = null;
/** GBK has no encoder in Node, so the reverse map is built once from TextDecoder over every double-byte code. */
function loadGbkTables(): GbkTables {
  if (gbkTables) return gbkTables;
  const decoder = new TextDecoder('gbk');
  const encode = new Map<string, number[]>([['€', [0x80]]]);
  const level1 = new Set<string>();
  const level2 = new Set<string>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = decoder.decode(pair);
      if (ch.length !== 1 || ch === '\ufffd' || encode.has(ch)) continue;
      encode.set(ch, [lead, trail]);
      // GB2312 level 1 (rows B0–D7) holds the 3,755 most used characters; level 2 (D8–F7) the next 3,008.
      if (trail >= 0xa1 && lead >= 0xb0 && lead <= 0xd7) level1.add(ch);
      else if (trail >= 0xa1 && lead >= 0xd8 && lead <= 0xf7) level2.add(ch);
    }
  }
  gbkTables = { encode, level1, level2 };
  return gbkTables;
}

/** GBK bytes of `text`, or null when a character has no GBK code. */
export function encodeGbk(text: string): Uint8Array | null {
  const { encode } = loadGbkTables();
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = encode.get(ch);
      if (!pair) return null;
      bytes.push(...pair);
    }
  }
  return Uint8Array.from(bytes);
}

let jiebaCache: Jieba | null = null;
export function loadJieba(): Jieba {
  jiebaCache ??= Jieba.withDict(dict);
  return jiebaCache;
}

let dictionaryWords: Map<string, number> | null = null;
/** Words of jieba's dictionary with a usable frequency; only loaded when a report has mojibake to repair. */
function loadDictionaryWords(): Map<string, number> {
  if (dictionaryWords) return dictionaryWords;
  dictionaryWords = new Map();
  const text = new TextDecoder().decode(dict);
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 2) continue;
    const frequency = Number.parseInt(line.slice(space + 1), 10);
    if (frequency >= 3) dictionaryWords.set(line.slice(0, space), frequency);
  }
  return dictionaryWords;
}

/**
 * Keeps the text being rewritten together with, for every current character, the range of the original it
 * came from, so each stage's replacements can be recorded in original offsets.
 *
 * Every step here is linear in the text: a 5 MB report has hundreds of thousands of edits, so the edits are
 * kept sorted by position (they never overlap: an edit over an earlier one replaces it) and each stage's new
 * edits, which come in text order, are merged in with one pass instead of searching the whole list per edit.
 */
class Rewrite {
  text: string;
  private from: Int32Array;
  private to: Int32Array;
  /** Sorted by start, non-overlapping; `seq` is the order of recording, which the notes and ties follow. */
  private recorded: { edit: TextEdit; seq: number }[] = [];
  private recordedCount = 0;

  constructor(readonly original: string) {
    this.text = original;
    this.from = new Int32Array(original.length);
    this.to = new Int32Array(original.length);
    for (let i = 0; i < original.length; i++) {
      this.from[i] = i;
      this.to[i] = i + 1;
    }
  }

  /** Every edit, by position in the original. */
  get edits(): TextEdit[] {
    return this.recorded.map((r) => r.edit);
  }

  /** Original offset where the current character `index` starts (text length maps to the original's end). */
  originalStart(index: number): number {
    return index < this.from.length ? (this.from[index] ?? 0) : this.original.length;
  }

  originalEnd(index: number): number {
    return index > 0 ? (this.to[index - 1] ?? 0) : 0;
  }

  /** Applies sorted, non-overlapping replacements given in current offsets. */
  replace(kind: TextEditKind, changes: { start: number; end: number; replacement: string; note?: string }[]) {
    if (changes.length === 0) return;
    const pieces: string[] = [];
    let length = this.text.length;
    for (const change of changes) length += change.replacement.length;
    const from = new Int32Array(length);
    const to = new Int32Array(length);
    let size = 0;
    const merge = new EditMerge(this.recorded);
    let cursor = 0;
    for (const change of changes) {
      if (change.start < cursor || change.end <= change.start) continue;
      pieces.push(this.text.slice(cursor, change.start));
      from.set(this.from.subarray(cursor, change.start), size);
      to.set(this.to.subarray(cursor, change.start), size);
      size += change.start - cursor;
      const start = this.originalStart(change.start);
      const end = this.originalEnd(change.end);
      merge.add(
        { kind, start, end, replacement: change.replacement, note: change.note },
        this.recordedCount++,
      );
      pieces.push(change.replacement);
      from.fill(start, size, size + change.replacement.length);
      to.fill(end, size, size + change.replacement.length);
      size += change.replacement.length;
      cursor = change.end;
    }
    pieces.push(this.text.slice(cursor));
    from.set(this.from.subarray(cursor), size);
    to.set(this.to.subarray(cursor), size);
    size += this.text.length - cursor;
    this.text = pieces.join('');
    this.from = from.subarray(0, size);
    this.to = to.subarray(0, size);
    this.recorded = merge.finish();
  }

  /** Current offset of an original offset (first current character that starts at or after it). */
  currentOffset(originalOffset: number): number {
    let low = 0;
    let high = this.from.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.from[mid] ?? 0) < originalOffset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * Merges one stage's edits into the sorted list of earlier ones. An edit over a range an earlier edit touched
 * replaces it: the newer one describes the whole range, and its note names the kinds it absorbed, in the order
 * they were recorded. Edits are never empty (every character maps to a non-empty original range) and a stage's
 * edits come in text order, so the edits one overlaps are always the last few merged.
 */
class EditMerge {
  private readonly out: { edit: TextEdit; seq: number }[] = [];
  private next = 0;

  constructor(private readonly earlier: { edit: TextEdit; seq: number }[]) {}

  add(edit: TextEdit, seq: number) {
    // Earlier edits that start before this one ends are the only ones that may overlap it.
    while (this.next < this.earlier.length && this.earlier[this.next]!.edit.start < edit.end)
      this.out.push(this.earlier[this.next++]!);
    // Sorted and disjoint, so those that end after this one starts are a run at the end.
    let keep = this.out.length;
    while (keep > 0 && this.out[keep - 1]!.edit.end > edit.start) keep--;
    const overlapped = this.out.splice(keep);
    if (overlapped.length > 0) {
      overlapped.sort((a, b) => a.seq - b.seq);
      const kinds = [...new Set(overlapped.map((e) => e.edit.kind))].join('+');
      edit.note = [edit.note, `also ${kinds}`].filter(Boolean).join('; ');
    }
    if (edit.note === undefined) delete edit.note;
    this.out.push({ edit, seq });
  }

  finish(): { edit: TextEdit; seq: number }[] {
    while (this.next < this.earlier.length) this.out.push(this.earlier[this.next++]!);
    return this.out;
  }
}

// Lines that are site chrome rather than report: matched on the simplified, gloss-free line.
const CHROME_LINE =
  /发布时间|发布日期|来源[:：]|阅读次数|选择阅读字号|字号[:：]?\s*[[【]?\s*[大\]]|点击数|浏览次数|【打印|【关闭|打印本页|关闭窗口|我要打印|分享到|责任编辑|编辑\s*[|｜:：]|记者\s*[|｜]|审核\s*[:：]|通讯员\s*[|｜]|上一篇|下一篇|当前位置|首页\s*[>|｜]|新媒体出品|版权所有|[a-z0-9-]+\.(?:com|cn|net|org|gov)\b/iu;
const NAVIGATION_LINE = /^[^，。；]{1,40}(?:\s*>\s*[^，。；>]{1,20}){1,}$/u;
const INLINE_BYLINE = /[(（][^()（）\n]{0,12}?(?:记者|記者|通讯员|通訊員)[^()（）\n]{1,40}[)）]/gu;
const PUBLISHED_DATE = /(20\d{2}|19\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/u;
// A line holding only a date and time (2020-02-27 16:21) under the headline is the page's publication stamp,
// also when page widgets follow the time on the same line (2020-11-25 19:56:25 字号:).
const DATE_LINE =
  /^(?:(?:时间|日期)[:：]\s*)?(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[^，。；,.;]{0,24})?)?$/u;

function formatDate(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** Drops site chrome lines and inline bylines; returns the publication date and byline texts found. */
function dropSiteChrome(rewrite: Rewrite): { publishedAt: string | null; bylines: string[] } {
  let publishedAt: string | null = null;
  const bylines: string[] = [];
  const changes: { start: number; end: number; replacement: string; note?: string }[] = [];
  const text = rewrite.text;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const readable = toSimplified(line.replace(GLOSS, '')).trim();
    if (
      readable &&
      (CHROME_LINE.test(readable) || NAVIGATION_LINE.test(readable) || DATE_LINE.test(readable))
    ) {
      const date = PUBLISHED_DATE.exec(readable);
      if (date && !publishedAt) publishedAt = formatDate(date[1] ?? '', date[2] ?? '', date[3] ?? '');
      const byline = /(?:记者|编辑|责任编辑|通讯员|审核)\s*[|｜:：]\s*(\S.*)$/u.exec(readable);
      if (byline) bylines.push(readable);
      changes.push({
        start: lineStart,
        end: newline === -1 ? lineEnd : newline + 1,
        replacement: '',
        note: date ? `publication date ${publishedAt}` : byline ? 'byline' : 'site header/footer',
      });
    }
    lineStart = lineEnd + 1;
  }
  rewrite.replace('header', changes);
  return { publishedAt, bylines };
}

/** Inline bylines such as （全媒体记者 曾凡学） and the 本报讯 lead; run after glosses are gone. */
function dropBylines(rewrite: Rewrite, bylines: string[]) {
  const changes: { start: number; end: number; replacement: string; note?: string }[] = [];
  for (const match of rewrite.text.matchAll(INLINE_BYLINE)) {
    const start = match.index ?? 0;
    bylines.push(toSimplified(match[0].replace(GLOSS, '')).replace(/^[(（]|[)）]$/g, ''));
    changes.push({ start, end: start + match[0].length, replacement: '', note: 'byline' });
  }
  for (const match of rewrite.text.matchAll(
    /(?<=^|\n)[\s\u00a0\u3000]*(本[报報][讯訊]|本[网網][讯訊])\s*/gu,
  )) {
    const start = (match.index ?? 0) + match[0].indexOf(match[1] ?? '');
    changes.push({ start, end: (match.index ?? 0) + match[0].length, replacement: '', note: 'news lead' });
  }
  changes.sort((a, b) => a.start - b.start);
  rewrite.replace('byline', changes);
}

function dropGlosses(rewrite: Rewrite) {
  const changes = [...rewrite.text.matchAll(GLOSS)].map((match) => ({
    start: match.index ?? 0,
    end: (match.index ?? 0) + match[0].length,
    replacement: '',
  }));
  rewrite.replace('gloss', changes);
}

// Symbols GBK decoding produces from stray bytes (kana, bopomofo, box drawing, full-width latin, Greek,
// Cyrillic, PUA, €), which a Chinese meeting report never contains between Han characters.
const STRONG_GARBAGE =
  /[?\ufffd€\u3040-\u30ff\u3100-\u312f\u2500-\u257f\uff21-\uff3a\uff41-\uff5a\u0391-\u03c9\u0401-\u0451\ue000-\uf8ff\u2160-\u217f\u2460-\u249b]/u;
const RUN_BOUNDARY = /[\s，。、；：“”‘’《》！,.;:"'\n]/u;

/** How strongly one character suggests mojibake: 0 ordinary, 1 uncommon, 2 rare, 3 never in a report. */
function scoreGarbage(ch: string, simplified: string): number {
  if (STRONG_GARBAGE.test(ch)) return 3;
  const { level1, level2 } = loadGbkTables();
  if (HAN.test(ch)) {
    if (level1.has(simplified) || level1.has(ch)) return 0;
    if (level2.has(simplified) || level2.has(ch)) return 1;
    return 2;
  }
  if (/[A-Za-z)(!]/.test(ch) || /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/u.test(ch)) return 0.5;
  return 0;
}

/**
 * Finds mojibake runs: stretches dense in rare characters and decoding symbols. A lone rare character (a
 * personal name like 昀) is not enough; a run needs several uncommon characters or a symbol no report uses.
 */
export function findMojibakeRuns(text: string, simplified: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  const sameLength = simplified.length === text.length;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const score = scoreGarbage(ch, sameLength ? (simplified[i] ?? ch) : ch);
    if (score < 1 || (ch === '?' && !isNearHan(text, i))) {
      i++;
      continue;
    }
    let end = i + 1;
    let total = score;
    let suspicious = 1;
    let strong = score >= 3 ? 1 : 0;
    let j = i + 1;
    while (j < text.length) {
      const next = text[j] ?? '';
      if (RUN_BOUNDARY.test(next) && next !== '?' && next !== '!' && next !== ';') break;
      const s = scoreGarbage(next, sameLength ? (simplified[j] ?? next) : next);
      if (s >= 0.5) {
        total += s;
        if (s >= 1) suspicious++;
        if (s >= 3) strong++;
        end = j + 1;
        j++;
        continue;
      }
      // Ordinary characters may sit inside garbage (a byte pair that happens to decode to a common one),
      // so bridge up to two of them when suspicious characters follow.
      const after1 = text[j + 1] ?? '';
      const after2 = text[j + 2] ?? '';
      // Once a run holds a symbol no report uses, stray ASCII after a common character still belongs to it.
      const needed = strong >= 1 ? 0.5 : 1;
      const bridge1 = scoreGarbage(after1, sameLength ? (simplified[j + 1] ?? after1) : after1) >= needed;
      const bridge2 =
        !bridge1 &&
        !RUN_BOUNDARY.test(after1) &&
        scoreGarbage(after2, sameLength ? (simplified[j + 2] ?? after2) : after2) >= needed &&
        suspicious >= 2;
      if (bridge1 && !RUN_BOUNDARY.test(after1)) j += 1;
      else if (bridge2) j += 2;
      else break;
    }
    const length = end - i;
    const accepted = (total >= 4 && (strong >= 1 || suspicious >= 3)) || (strong >= 2 && length >= 2);
    if (accepted && total / length >= 0.7) {
      runs.push({ start: i, end });
      i = end;
    } else i++;
  }
  return runs;
}

function isNearHan(text: string, index: number): boolean {
  const before = text[index - 1] ?? '';
  const after = text[index + 1] ?? '';
  return HAN.test(before) || HAN.test(after);
}

interface Candidate {
  text: string;
  score: number;
}

/** Share of characters that are common Han, the test of whether a re-decoding produced real words. */
function scoreReadable(text: string): number {
  if (!text) return 0;
  const { level1 } = loadGbkTables();
  let good = 0;
  let bad = 0;
  for (const ch of text) {
    if (level1.has(ch) || level1.has(simplifyChar(ch))) good++;
    else bad++;
  }
  return good / (good + bad);
}

function decodeBytes(bytes: Uint8Array, encoding: 'utf-8' | 'gbk'): string {
  return new TextDecoder(encoding).decode(bytes);
}

function trimBroken(text: string): string {
  return text.replace(/^\ufffd+|\ufffd+$/g, '');
}

/**
 * Tries to recover the words behind a mojibake run. Two mix-ups are common: UTF-8 bytes read as GBK
 * (`瀹炴墦`), and a GBK page whose byte stream lost one byte so every pair is misaligned (the seeds:
 * `?qū)嵣钊胍痪€`, where dropping the first byte of `嵣钊胍痪€` gives back `深入一線`). `before` is the text in
 * front of the run, used to guess a character whose lead byte was lost.
 */
export function recoverMojibake(raw: string, before = ''): string | undefined {
  const candidates: Candidate[] = [];
  // Leading '?' and stray ASCII mark where bytes were lost; the recoverable part is the Han/symbol tail.
  const lostPrefix = /^[?\ufffd][\x21-\x7e\u00c0-\u024f]*/u.exec(raw)?.[0] ?? '';
  const body = raw.slice(lostPrefix.length).replace(/[?\ufffd]+$/u, '');
  const bytes = encodeGbk(body);
  if (bytes && bytes.length >= 2) {
    for (let skip = 0; skip <= 2; skip++) {
      const utf8 = trimBroken(decodeBytes(bytes.subarray(skip), 'utf-8'));
      if (!utf8.includes('\ufffd') && utf8.length > 0)
        candidates.push({ text: utf8, score: scoreReadable(utf8) - skip * 0.01 });
    }
    const shifted = decodeBytes(bytes.subarray(1), 'gbk').replace(/\ufffd$/u, '');
    if (!shifted.includes('\ufffd') && shifted.length > 0) {
      let text = toSimplified(shifted);
      const lost = lostPrefix ? guessLostCharacter(bytes[0] ?? 0, before, text) : '';
      text = lost + text;
      candidates.push({ text, score: scoreReadable(text) });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || best.score < 0.8 || best.text.length < 2) return undefined;
  return toSimplified(best.text);
}

/**
 * The character in front of a misaligned run lost its lead byte; its trail byte is the run's first byte.
 * Among the characters with that trail byte, pick the one that makes a dictionary word with its neighbours.
 */
function guessLostCharacter(trail: number, before: string, after: string): string {
  const words = loadDictionaryWords();
  const left = toSimplified(before.slice(-2));
  let best = '';
  let bestScore = 0;
  for (const simplified of hanByTrailByte(trail)) {
    const around = [left + simplified, left.slice(-1) + simplified, simplified + after.slice(0, 2)];
    around.push(simplified + after.slice(0, 1));
    for (const word of around) {
      // Longer words are stronger evidence; among equals the more frequent word wins.
      const score = word.length * 1e6 + Math.min(words.get(word) ?? 0, 999_999);
      if (words.has(word) && score > bestScore) {
        best = simplified;
        bestScore = score;
      }
    }
  }
  return best;
}

let hanByTrail: Map<number, string[]> | null = null;
/** The Han characters (simplified) whose GBK code ends in `trail`, in code order; built once, not per run. */
function hanByTrailByte(trail: number): string[] {
  if (!hanByTrail) {
    hanByTrail = new Map();
    for (const [ch, pair] of loadGbkTables().encode) {
      if (pair.length !== 2 || !HAN.test(ch)) continue;
      const list = hanByTrail.get(pair[1] ?? 0) ?? [];
      list.push(simplifyChar(ch));
      hanByTrail.set(pair[1] ?? 0, list);
    }
  }
  return hanByTrail.get(trail) ?? [];
}

function markMojibake(
  rewrite: Rewrite,
): { originalStart: number; originalEnd: number; suggestion?: string }[] {
  const text = rewrite.text;
  const simplified = toSimplified(text);
  return findMojibakeRuns(text, simplified).map((run) => {
    const raw = text.slice(run.start, run.end);
    const suggestion = recoverMojibake(raw, text.slice(Math.max(0, run.start - 4), run.start));
    return {
      originalStart: rewrite.originalStart(run.start),
      originalEnd: rewrite.originalEnd(run.end),
      ...(suggestion ? { suggestion } : {}),
    };
  });
}

const CJK_CONTEXT = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u;
const FULL_WIDTH: Record<string, string> = {
  ',': '，',
  '，': '，',
  ';': '；',
  '；': '；',
  ':': '：',
  '：': '：',
  '、': '、',
  '。': '。',
};
// When punctuation is doubled, the stronger mark wins: `,。` is a full stop, `,、` an enumeration comma.
const STRENGTH = ['，', '、', '：', '；', '。'];

/** Whether `index` lies in one of `spans`, which are sorted and disjoint (mojibake runs): a binary search. */
function isInside(index: number, spans: { start: number; end: number }[]): boolean {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((spans[mid]?.start ?? 0) <= index) low = mid + 1;
    else high = mid;
  }
  const span = spans[low - 1];
  return span !== undefined && index < span.end;
}

/** ASCII punctuation between Chinese becomes full-width and doubled marks collapse to one. */
function fixPunctuation(rewrite: Rewrite, protectedSpans: { start: number; end: number }[]) {
  const text = rewrite.text;
  const changes: { start: number; end: number; replacement: string; note?: string }[] = [];
  for (const match of text.matchAll(/[,，、。;；:：]+/gu)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (isInside(start, protectedSpans) || isInside(end - 1, protectedSpans)) continue;
    const before = text.slice(0, start).trimEnd().slice(-1);
    const after = text.slice(end).trimStart().slice(0, 1);
    const chinese = CJK_CONTEXT.test(before) || CJK_CONTEXT.test(after);
    if (!chinese) continue;
    if (match[0].length === 1) {
      // 1,000 and 8:30 keep their ASCII marks.
      if (/\d/.test(before) && /\d/.test(after)) continue;
      const replacement = FULL_WIDTH[match[0]] ?? match[0];
      if (replacement !== match[0]) changes.push({ start, end, replacement, note: 'full-width' });
      continue;
    }
    const marks = [...match[0]].map((ch) => FULL_WIDTH[ch] ?? ch);
    const strongest = marks.reduce((a, b) => (STRENGTH.indexOf(b) > STRENGTH.indexOf(a) ? b : a));
    changes.push({ start, end, replacement: strongest, note: 'doubled punctuation' });
  }
  for (const match of text.matchAll(/\(([^()\n]{0,40})\)/gu)) {
    const start = match.index ?? 0;
    if (!HAN.test(match[1] ?? '') || isInside(start, protectedSpans)) continue;
    changes.push({ start, end: start + 1, replacement: '（', note: 'full-width' });
    const close = start + match[0].length - 1;
    changes.push({ start: close, end: close + 1, replacement: '）', note: 'full-width' });
  }
  for (const match of text.matchAll(/(?<=\p{Script=Han})[!?](?=[\s\n]|$|\p{Script=Han}|[“”])/gu)) {
    const start = match.index ?? 0;
    if (isInside(start, protectedSpans)) continue;
    changes.push({ start, end: start + 1, replacement: match[0] === '!' ? '！' : '？', note: 'full-width' });
  }
  changes.sort((a, b) => a.start - b.start);
  rewrite.replace('punctuation', changes);
}

/** Traditional → simplified, recorded as one edit per run of changed characters. */
function simplifyCharacters(rewrite: Rewrite, protectedSpans: { start: number; end: number }[]) {
  const text = rewrite.text;
  const changes: { start: number; end: number; replacement: string }[] = [];
  // Convert line by line so a length-changing phrase (rare in opencc's tables) only costs one line's detail.
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const converted = toSimplified(line);
    if (converted.length === line.length) {
      let i = 0;
      while (i < line.length) {
        if (converted[i] === line[i] || isInside(lineStart + i, protectedSpans)) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < line.length && converted[j] !== line[j] && !isInside(lineStart + j, protectedSpans)) j++;
        changes.push({ start: lineStart + i, end: lineStart + j, replacement: converted.slice(i, j) });
        i = j;
      }
    } else if (converted !== line) {
      changes.push({ start: lineStart, end: lineStart + line.length, replacement: converted });
    }
    lineStart += line.length + 1;
  }
  rewrite.replace('simplify', changes);
}

/** Paragraph indentation (spaces, NBSP, ideographic spaces) and blank lines are layout, not content. */
function tidyWhitespace(rewrite: Rewrite) {
  const changes: { start: number; end: number; replacement: string }[] = [];
  const text = rewrite.text;
  // …and a space padding a two-character name to the width of three in a list (、姜 涛出席) is layout too.
  for (const match of text.matchAll(
    /^[ \t\r\u00a0\u3000]+|[ \t\r\u00a0\u3000]+$|\n{2,}|^\n+|\n+$|(?<=[、，]\p{Script=Han})[ \u00a0\u3000](?=\p{Script=Han}(?:[、，。；]|出席|列席|参加))/gmu,
  )) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (end === start) continue;
    const replacement = match[0].startsWith('\n') && start > 0 && end < text.length ? '\n' : '';
    if (replacement === match[0]) continue;
    changes.push({ start, end, replacement });
  }
  changes.sort((a, b) => a.start - b.start);
  const merged: typeof changes = [];
  for (const change of changes) {
    const last = merged[merged.length - 1];
    if (last && change.start < last.end) continue;
    merged.push(change);
  }
  rewrite.replace('whitespace', merged);
}

export function normaliseMeetingText(original: string): NormalisedReport {
  const warnings: string[] = [];
  const rewrite = new Rewrite(original);
  const { publishedAt, bylines } = dropSiteChrome(rewrite);
  dropGlosses(rewrite);
  dropBylines(rewrite, bylines);
  const mojibake = markMojibake(rewrite);
  const protectedNow = () =>
    mojibake.map((m) => ({
      start: rewrite.currentOffset(m.originalStart),
      end: rewrite.currentOffset(m.originalEnd),
    }));
  fixPunctuation(rewrite, protectedNow());
  simplifyCharacters(rewrite, protectedNow());
  tidyWhitespace(rewrite);
  const text = rewrite.text;
  const unreadable: UnreadableSpan[] = mojibake.map((m) => {
    const start = rewrite.currentOffset(m.originalStart);
    const end = rewrite.currentOffset(m.originalEnd);
    return { start, end, raw: text.slice(start, end), ...(m.suggestion ? { suggestion: m.suggestion } : {}) };
  });
  if (unreadable.length > 0) {
    warnings.push(unreadableWarning(unreadable.length));
  }
  const edits = rewrite.edits;
  return { original: rewrite.original, text, edits, unreadable, publishedAt, bylines, warnings };
}

/** The note on garbled spans still not read: `count` of them, to be checked against the source. */
export function unreadableWarning(count: number): string {
  return `${count} 处乱码无法识别，请核对原文 / ${count} unreadable (mojibake) span(s): check against the source`;
}

/** Rebuilds the clean text from the original and the edits: what the UI's side-by-side view relies on. */
export function applyTextEdits(original: string, edits: readonly TextEdit[]): string {
  let out = '';
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    out += original.slice(cursor, edit.start) + edit.replacement;
    cursor = edit.end;
  }
  return out + original.slice(cursor);
}

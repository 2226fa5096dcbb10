// Turns an uploaded meeting report (text or file bytes) into clean text plus the meeting's facts and
// directives, refusing input that is not a readable report with a clear, coded error.
import {
  classifyMeeting,
  type Directive,
  findDirectives,
  findMeetingDate,
  findMeetingPeople,
  findMeetingTitle,
  type MeetingFacts,
} from './meeting-text.extract.ts';
import { normaliseMeetingText, type TextEdit, type UnreadableSpan } from './meeting-text.normalise.ts';

export type { Directive, MeetingKind, Person } from './meeting-text.extract.ts';
export type { TextEdit, UnreadableSpan } from './meeting-text.normalise.ts';

export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

export type MeetingTextErrorCode = 'EMPTY' | 'BINARY' | 'TOO_LARGE' | 'ENCODING';

/** A report the parser refuses; `message` is Chinese then English, `code` is for the API and the UI. */
export class MeetingTextError extends Error {
  constructor(
    readonly code: MeetingTextErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MeetingTextError';
  }
}

export interface MeetingParse {
  original: string;
  text: string;
  edits: TextEdit[];
  meeting: MeetingFacts;
  directives: Directive[];
  unreadable: UnreadableSpan[];
  warnings: string[];
}

export interface ParseOptions {
  /** Publication date (YYYY-MM-DD) given by the uploader; it wins over a date line found on the page. */
  publishedAt?: string;
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/** Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 as scraped Chinese pages often are. */
function decodeReport(bytes: Uint8Array, warnings: string[]): string {
  if (bytes.length > MAX_REPORT_BYTES) throw tooLarge(bytes.length);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    warnings.push('文件为 UTF-16LE 编码，已转换 / the file was UTF-16LE and has been converted');
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    warnings.push('文件为 UTF-16BE 编码，已转换 / the file was UTF-16BE and has been converted');
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  if (looksBinary(bytes)) {
    throw new MeetingTextError(
      'BINARY',
      '文件不是文本（可能是二进制文件或图片） / the file is not text (binary data)',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      warnings.push(
        '文件不是 UTF-8，已按 GBK 解码，请核对 / the file was not UTF-8; decoded as GBK: please check',
      );
      return text;
    } catch {
      throw new MeetingTextError(
        'ENCODING',
        '无法识别文件编码（既不是 UTF-8 也不是 GBK） / unknown text encoding (neither UTF-8 nor GBK)',
      );
    }
  }
}

function tooLarge(bytes: number): MeetingTextError {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return new MeetingTextError(
    'TOO_LARGE',
    `文件过大（${mb} MB，上限 5 MB） / the report is too large (${mb} MB, limit 5 MB)`,
  );
}

function checkText(text: string): void {
  if (text.length * 3 > MAX_REPORT_BYTES && Buffer.byteLength(text, 'utf8') > MAX_REPORT_BYTES)
    throw tooLarge(Buffer.byteLength(text, 'utf8'));
  if (!text.trim()) throw new MeetingTextError('EMPTY', '会议报道为空 / the meeting report is empty');
  if (text.includes('\u0000') || looksBinary(new TextEncoder().encode(text.slice(0, 16 * 1024))))
    throw new MeetingTextError(
      'BINARY',
      '内容不是文本（含控制字符） / the content is not text (control characters)',
    );
  const broken = (text.match(/\ufffd/g) ?? []).length;
  if (broken > 20 && broken / text.length > 0.1) {
    throw new MeetingTextError(
      'ENCODING',
      '文本已按错误编码读取（大量无法识别的字符） / the text was read with the wrong encoding (many replacement characters)',
    );
  }
}

export function parseMeetingReport(input: string | Uint8Array, opts: ParseOptions = {}): MeetingParse {
  const warnings: string[] = [];
  const original = typeof input === 'string' ? input.replace(/^\ufeff/u, '') : decodeReport(input, warnings);
  checkText(original);
  const normalised = normaliseMeetingText(original);
  warnings.push(...normalised.warnings);
  if (!normalised.text.trim()) {
    throw new MeetingTextError(
      'EMPTY',
      '去除网页页眉页脚后没有正文 / nothing left after removing the site header and footer',
    );
  }
  const publishedAt = opts.publishedAt ?? normalised.publishedAt ?? null;
  const text = normalised.text;
  const { date } = findMeetingDate(text, publishedAt, warnings);
  const title = findMeetingTitle(text);
  const people = findMeetingPeople(text);
  const directives = findDirectives(text, normalised.unreadable);
  if (directives.length === 0) warnings.push('未识别出会议部署要求 / no directives found');
  return {
    original: normalised.original,
    text,
    edits: normalised.edits,
    meeting: { date, title, kind: classifyMeeting(title, text), ...people, publishedAt },
    directives,
    unreadable: normalised.unreadable,
    warnings,
  };
}

// Reads and parses meeting reports, the large ones on a worker thread: a 5 MB report is seconds of work, and on
// the main thread those seconds would stall every other request (health checks, logins, lists) until it ends.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { meetingParseSchema } from '../../../shared/contracts/meetings.ts';
import { AppError, type ErrorCode, type ErrorDetail } from '../../errors.ts';
import { assertSafeDocx, isDocxUpload, readReportFile } from './meeting-report.read.ts';
import type { TextEdit, TextEditKind } from './meeting-text.normalise.ts';
import {
  type MeetingParse,
  MeetingTextError,
  type MeetingTextErrorCode,
  parseMeetingReport,
} from './meeting-text.parse.ts';

/** A pasted report, or an uploaded file's body with its content type. */
export type ReportInput = { text: string } | { file: Uint8Array; contentType?: string };

/** What the worker runs, and what small reports run in place: a .docx to text, then the parser. */
export async function readAndParseReport(input: ReportInput, publishedAt?: string): Promise<MeetingParse> {
  const source = 'text' in input ? input.text : await readReportFile(input.file, input.contentType);
  return parseMeetingReport(source, { publishedAt });
}

/**
 * The parse as the preview's JSON, encoded by its response schema as the route's serializer would: for a
 * 5 MB report that is ≈ 40 MB of JSON and seconds of work, done where the parse was done.
 */
export type ParseJson = { json: string; title: string | null; date: string | null };

async function readAndParseReportJson(input: ReportInput, publishedAt?: string): Promise<ParseJson> {
  const parse = await readAndParseReport(input, publishedAt);
  return {
    json: JSON.stringify(z.encode(meetingParseSchema, parse)),
    title: parse.meeting.title,
    date: parse.meeting.date,
  };
}

export async function runWorkerRequest(request: WorkerRequest): Promise<WorkerReply> {
  try {
    if (request.output === 'json')
      return { id: request.id, parsed: await readAndParseReportJson(request.input, request.publishedAt) };
    const { edits, ...rest } = await readAndParseReport(request.input, request.publishedAt);
    return { id: request.id, parse: { ...rest, edits: packEdits(edits) } };
  } catch (err) {
    return { id: request.id, error: describeError(err) };
  }
}

/**
 * A 5 MB report has ≈ 450,000 edits; copied to the main thread as objects they take over a second to
 * deserialise there (the structured clone's cost is per object), as columns a few milliseconds, and
 * rebuilding the objects ≈ 50 ms.
 */
type PackedEdits = {
  words: string[];
  kind: Int32Array;
  note: Int32Array;
  start: Int32Array;
  end: Int32Array;
  replacementEnd: Int32Array;
  replacements: string;
};

function packEdits(edits: TextEdit[]): PackedEdits {
  const words: string[] = [];
  const index = new Map<string, number>();
  const word = (value: string) => {
    let at = index.get(value);
    if (at === undefined) {
      at = words.push(value) - 1;
      index.set(value, at);
    }
    return at;
  };
  const packed = {
    words,
    kind: new Int32Array(edits.length),
    note: new Int32Array(edits.length),
    start: new Int32Array(edits.length),
    end: new Int32Array(edits.length),
    replacementEnd: new Int32Array(edits.length),
  };
  let length = 0;
  edits.forEach((edit, i) => {
    packed.kind[i] = word(edit.kind);
    packed.note[i] = edit.note === undefined ? -1 : word(edit.note);
    packed.start[i] = edit.start;
    packed.end[i] = edit.end;
    length += edit.replacement.length;
    packed.replacementEnd[i] = length;
  });
  return { ...packed, replacements: edits.map((e) => e.replacement).join('') };
}

/** The same edits, with the same keys in the same order (no `note` where there was none). */
function unpackEdits(packed: PackedEdits): TextEdit[] {
  const edits: TextEdit[] = new Array(packed.kind.length);
  let from = 0;
  for (let i = 0; i < edits.length; i++) {
    const to = packed.replacementEnd[i] ?? from;
    const edit: TextEdit = {
      kind: packed.words[packed.kind[i] ?? 0] as TextEditKind,
      start: packed.start[i] ?? 0,
      end: packed.end[i] ?? 0,
      replacement: packed.replacements.slice(from, to),
    };
    const note = packed.note[i] ?? -1;
    if (note >= 0) edit.note = packed.words[note];
    edits[i] = edit;
    from = to;
  }
  return edits;
}

/** The typed arrays of a reply move to the main thread instead of being copied. */
export function transferablesOf(reply: WorkerReply): ArrayBuffer[] {
  if (!('parse' in reply)) return [];
  const { kind, note, start, end, replacementEnd } = reply.parse.edits;
  return [kind, note, start, end, replacementEnd].map((column) => column.buffer as ArrayBuffer);
}

/**
 * A report this small parses in well under 100 ms (bench/meeting-parse-speed.ts: ≈ 150–300 ms per 100k
 * characters), less than a worker round trip costs; real reports are 2–20 KB. A .docx always goes to the
 * worker: its text may be many times its compressed size, and unzipping is work too.
 */
const INLINE_MAX_BYTES = 64 * 1024;
/** Far above the ≈ 3–8 s a 5 MB report takes on a loaded machine; past it the parse is stuck, not slow. */
const PARSE_TIMEOUT_MS = 120_000;

function runsInline(input: ReportInput): boolean {
  if ('text' in input) return input.text.length * 3 <= INLINE_MAX_BYTES;
  return !isDocxUpload(input.file, input.contentType) && input.file.length <= INLINE_MAX_BYTES;
}

/** Large reports go to the worker; a .docx is measured here first, so a zip bomb never wakes the worker. */
async function toWorker(
  input: ReportInput,
  publishedAt: string | undefined,
  output: WorkerRequest['output'],
): Promise<MeetingParse | ParseJson> {
  if ('file' in input && isDocxUpload(input.file, input.contentType)) await assertSafeDocx(input.file);
  return reportWorker.run({ input, publishedAt, output });
}

export type WorkerRequest = {
  id: number;
  input: ReportInput;
  publishedAt?: string;
  output: 'parse' | 'json';
};
export type WorkerError =
  | { kind: 'meeting-text'; code: MeetingTextErrorCode; message: string }
  | { kind: 'app'; code: ErrorCode; message: string; details: ErrorDetail[] }
  | { kind: 'other'; message: string };
export type WorkerReply =
  | { id: number; parse: Omit<MeetingParse, 'edits'> & { edits: PackedEdits } }
  | { id: number; parsed: ParseJson }
  | { id: number; error: WorkerError };

/** Errors cross the thread as plain data; the expected ones come back as the same classes. */
export function describeError(err: unknown): WorkerError {
  if (err instanceof MeetingTextError) return { kind: 'meeting-text', code: err.code, message: err.message };
  if (err instanceof AppError)
    return { kind: 'app', code: err.code, message: err.message, details: err.details };
  return { kind: 'other', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

function restoreError(error: WorkerError): Error {
  if (error.kind === 'meeting-text') return new MeetingTextError(error.code, error.message);
  if (error.kind === 'app') return new AppError(error.code, error.message, error.details);
  return new Error(`meeting report worker: ${error.message}`);
}

type Job = WorkerRequest & {
  resolve: (result: MeetingParse | ParseJson) => void;
  reject: (err: Error) => void;
};

/**
 * One worker, one report at a time, the rest queued: with two cores, a second parsing thread would take the
 * core the server answers on. The worker starts on the first large report and stays (its opencc, GBK and
 * jieba tables take a second or two to load); it holds the process open only while it has work.
 */
class ReportWorker {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private current: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;

  run(request: Omit<WorkerRequest, 'id'>): Promise<MeetingParse | ParseJson> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, id: this.nextId++, resolve, reject });
      this.dispatch();
    });
  }

  private start(): Worker {
    // The server runs TypeScript through tsx; the worker is a fresh thread that must register it before it can
    // import a .ts file (Node 20 does not apply `--import tsx` hooks to a worker's own entry file).
    const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    // The ESM build of tsx/esm/api (its "import" export); require.resolve would give the CommonJS one.
    const tsx = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
    const entry = new URL('./meeting-report.worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(bootstrap, {
      eval: true,
      execArgv: [],
      // A report the parser mishandles costs this thread, never the server's memory.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (err) => this.fail(worker, err));
    worker.on('exit', (code) => this.fail(worker, new Error(`meeting report worker exited (${code})`)));
    worker.unref();
    return worker;
  }

  private dispatch() {
    if (this.current || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.current = job;
    this.worker ??= this.start();
    this.worker.ref();
    this.timer = setTimeout(() => {
      const stuck = this.worker;
      this.finish(job);
      job.reject(
        new AppError('VALIDATION', '会议报道过于复杂，未能在限定时间内解析，请分成几部分导入', [
          { field: 'reason', message: 'TIMEOUT' },
        ]),
      );
      this.worker = null;
      void stuck?.terminate();
      this.dispatch();
    }, PARSE_TIMEOUT_MS);
    const request: WorkerRequest = {
      id: job.id,
      input: job.input,
      publishedAt: job.publishedAt,
      output: job.output,
    };
    this.worker.postMessage(request);
  }

  private finish(job: Job) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.current === job) this.current = null;
    if (!this.current && this.queue.length === 0) this.worker?.unref();
  }

  private settle(reply: WorkerReply) {
    const job = this.current;
    if (!job || job.id !== reply.id) return;
    this.finish(job);
    if ('error' in reply) job.reject(restoreError(reply.error));
    else if ('parse' in reply) job.resolve({ ...reply.parse, edits: unpackEdits(reply.parse.edits) });
    else job.resolve(reply.parsed);
    this.dispatch();
  }

  /** A worker that dies fails its report only; the next report starts a new one. */
  private fail(worker: Worker, err: Error) {
    if (this.worker !== worker) return;
    this.worker = null;
    const job = this.current;
    if (job) {
      this.finish(job);
      job.reject(err);
    }
    this.dispatch();
  }
}

const reportWorker = new ReportWorker();

/** Reads and parses a report: small ones here, large ones on the worker thread. */
export async function parseReportInput(input: ReportInput, publishedAt?: string): Promise<MeetingParse> {
  if (runsInline(input)) return readAndParseReport(input, publishedAt);
  return (await toWorker(input, publishedAt, 'parse')) as MeetingParse;
}

/** The same, as the preview's JSON: what nobody on the main thread needs as objects is never made there. */
export async function parseReportAsJson(input: ReportInput, publishedAt?: string): Promise<ParseJson> {
  if (runsInline(input)) return readAndParseReportJson(input, publishedAt);
  return (await toWorker(input, publishedAt, 'json')) as ParseJson;
}

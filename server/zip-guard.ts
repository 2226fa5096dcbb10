// Refuses an uploaded .docx/.xlsx that would inflate to far more than it weighs (a "zip bomb") before JSZip or
// exceljs open it: both inflate entries whole into memory, so a 1 MB upload could otherwise take gigabytes.
import { createInflateRaw } from 'node:zlib';
import { AppError } from './errors.ts';

export interface ArchiveLimits {
  /** Real inflated bytes over all entries. */
  maxInflatedBytes: number;
  maxEntries: number;
  /** Inflated / compressed, checked once an entry has inflated past `ratioFrom` bytes. */
  maxRatio: number;
  ratioFrom: number;
}

/**
 * 50 MB inflated is ten times what a 20,000-row grid sheet or a long report with pictures inflates to; real
 * Office XML compresses 5–30 times and media not at all, while a bomb compresses ~1,000 times; Office files
 * hold tens of entries, not thousands. The same limits as Apache POI's ZipSecureFile, which guards the same.
 */
export const archiveLimits: ArchiveLimits = {
  maxInflatedBytes: 50 * 1024 * 1024,
  maxEntries: 5_000,
  maxRatio: 100,
  ratioFrom: 1024 * 1024,
};

interface Entry {
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localHeader: number;
}

const EOCD = 0x06054b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

function refuse(reason: string, message: string): AppError {
  return new AppError('VALIDATION', message, [{ field: 'reason', message: reason }]);
}

/** What to call the file in messages (Word 文件), and the caller's own error for a file that cannot be read. */
export interface ArchiveKind {
  what: string;
  damaged: () => Error;
}

const tooLarge = (what: string, limits: ArchiveLimits) =>
  refuse(
    'ARCHIVE_TOO_LARGE',
    `${what}解压后超过 ${limits.maxInflatedBytes / 1024 / 1024} MB（可能是恶意构造的压缩文件），已拒绝`,
  );

/** The entries listed in the archive's central directory, which is what JSZip and exceljs read too. */
function readCentralDirectory(bytes: Buffer, kind: ArchiveKind, limits: ArchiveLimits): Entry[] {
  const { what, damaged } = kind;
  // The end record sits in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged();
  let count = bytes.readUInt16LE(eocd + 10);
  let directoryOffset = bytes.readUInt32LE(eocd + 16);
  if ((count === 0xffff || directoryOffset === 0xffffffff) && eocd >= 20) {
    const locator = eocd - 20;
    if (bytes.readUInt32LE(locator) !== ZIP64_EOCD_LOCATOR) throw damaged();
    const record = Number(bytes.readBigUInt64LE(locator + 8));
    if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_EOCD) throw damaged();
    const count64 = Number(bytes.readBigUInt64LE(record + 32));
    if (count64 > limits.maxEntries) throw tooManyEntries(what, limits);
    count = count64;
    directoryOffset = Number(bytes.readBigUInt64LE(record + 48));
  }
  if (count > limits.maxEntries) throw tooManyEntries(what, limits);
  const entries: Entry[] = [];
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_HEADER) throw damaged();
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const entry: Entry = {
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      declaredSize: bytes.readUInt32LE(at + 24),
      localHeader: bytes.readUInt32LE(at + 42),
    };
    readZip64Sizes(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offset too big for 32 bits are in the ZIP64 extra field, in this order, only those saturated. */
function readZip64Sizes(extra: Buffer, entry: Entry) {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const size = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let field = i + 4;
      const next = () => {
        const value = field + 8 <= i + 4 + size ? Number(extra.readBigUInt64LE(field)) : undefined;
        field += 8;
        return value;
      };
      if (entry.declaredSize === 0xffffffff) entry.declaredSize = next() ?? entry.declaredSize;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localHeader === 0xffffffff) entry.localHeader = next() ?? entry.localHeader;
      return;
    }
    i += 4 + size;
  }
}

function tooManyEntries(what: string, limits: ArchiveLimits): AppError {
  return refuse(
    'ARCHIVE_TOO_MANY_ENTRIES',
    `${what}包含的文件条目超过 ${limits.maxEntries} 个，不是正常的 Office 文件，已拒绝`,
  );
}

/**
 * Inflates one entry chunk by chunk, keeping only a count: stops as soon as the archive's total passes the
 * limit, the entry inflates more than its declared size (headers can lie), or its ratio is that of a bomb.
 */
function countInflated(
  data: Buffer,
  entry: Entry,
  budget: number,
  kind: ArchiveKind,
  limits: ArchiveLimits,
): Promise<number> {
  const { what } = kind;
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let inflated = 0;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) {
        inflate.destroy();
        reject(error);
      } else resolve(inflated);
    };
    inflate.on('data', (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > budget) finish(tooLarge(what, limits));
      else if (inflated > entry.declaredSize)
        finish(
          refuse('ARCHIVE_SIZE_MISMATCH', `${what}中记录的大小与实际内容不符（文件已损坏或被篡改），已拒绝`),
        );
      else if (inflated > limits.ratioFrom && inflated > data.length * limits.maxRatio)
        finish(
          refuse(
            'ARCHIVE_RATIO',
            `${what}中有内容的压缩比超过 ${limits.maxRatio} 倍（可能是恶意构造的压缩文件），已拒绝`,
          ),
        );
    });
    inflate.on('error', () => finish(kind.damaged()));
    inflate.on('end', () => finish(null));
    // Written in slices so that a limit reached early stops the work early.
    const slice = 64 * 1024;
    let offset = 0;
    const feed = () => {
      while (!settled && offset < data.length) {
        const end = Math.min(data.length, offset + slice);
        const more = inflate.write(data.subarray(offset, end));
        offset = end;
        if (!more) {
          inflate.once('drain', feed);
          return;
        }
      }
      if (!settled && offset >= data.length) inflate.end();
    };
    feed();
  });
}

/**
 * Checks an uploaded zip (.docx, .xlsx) without holding any entry's inflated content: every entry named in
 * the central directory is inflated as a stream and only counted. Throws a VALIDATION AppError naming
 * `kind.what` (e.g. "Word 文件") when the archive has too many entries or inflates past the limits, and the
 * caller's `kind.damaged()` when it cannot be read at all.
 * Entries that are archives themselves (an embedded workbook in a .docx) are not opened: neither JSZip nor
 * exceljs opens them either, so they cost only their own size.
 */
export async function assertSafeArchive(
  input: Uint8Array,
  kind: ArchiveKind,
  limits: ArchiveLimits = archiveLimits,
): Promise<void> {
  const { what, damaged } = kind;
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 22) throw damaged();
  const entries = readCentralDirectory(bytes, kind, limits);
  // Declared sizes first: an honest bomb is refused without inflating anything.
  let declared = 0;
  for (const entry of entries) declared += entry.declaredSize;
  if (declared > limits.maxInflatedBytes) throw tooLarge(what, limits);
  let total = 0;
  for (const entry of entries) {
    const at = entry.localHeader;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) throw damaged();
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > bytes.length) throw damaged();
    const data = bytes.subarray(start, end);
    if (entry.flags & 0x1) throw damaged(); // encrypted: neither reader can open it
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.declaredSize) throw damaged();
      total += data.length;
    } else if (entry.method === 8) {
      total += await countInflated(data, entry, limits.maxInflatedBytes - total, kind, limits);
    } else throw damaged();
    if (total > limits.maxInflatedBytes) throw tooLarge(what, limits);
  }
}

// Zip bombs sent as a meeting report (.docx) and as a grid list (.xlsx): refused with a 400 in well under the
// time and memory that inflating them would take. The bombs are built here: deflated zeros in a zip written by hand.
import { deflateRawSync, constants as zlib } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/test-app.ts';

const MB = 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A raw deflate stream of `megabytes` MB of zeros, built without ever holding them: 16 MB of zeros deflated
 * with a full flush (no back-references across it, byte-aligned) repeats as often as needed, then a final
 * empty block ends the stream. 1 GB of zeros comes out at ≈ 1 MB.
 */
function deflatedZeros(megabytes: number): Buffer {
  const piece = Math.min(16, megabytes);
  const block = deflateRawSync(Buffer.alloc(piece * MB), { level: 9, finishFlush: zlib.Z_FULL_FLUSH });
  const blocks = Array.from({ length: Math.ceil(megabytes / piece) }, () => block);
  return Buffer.concat([...blocks, deflateRawSync(Buffer.alloc(0))]);
}

type ZipEntry = { name: string; data: Buffer; method: 0 | 8; declaredSize: number };

/** A zip container: local headers with the data, then the central directory and its end record. */
function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(Math.min(entry.declaredSize, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(Math.min(entry.declaredSize, 0xffffffff), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const stored = (name: string, text: string): ZipEntry => {
  const data = Buffer.from(text, 'utf8');
  return { name, data, method: 0, declaredSize: data.length };
};

/** The parts a reader looks for first, so that only the bomb makes the file bad. */
const docxParts = [
  stored('[Content_Types].xml', '<?xml version="1.0"?><Types/>'),
  stored('_rels/.rels', '<?xml version="1.0"?><Relationships/>'),
];
const xlsxParts = [
  stored('[Content_Types].xml', '<?xml version="1.0"?><Types/>'),
  stored('_rels/.rels', '<?xml version="1.0"?><Relationships/>'),
  stored('xl/workbook.xml', '<?xml version="1.0"?><workbook/>'),
];

let t: TestApp;
let staff: string;
let admin: string;
let gigabyte: Buffer;
beforeAll(async () => {
  t = await createTestApp();
  [staff, admin] = await Promise.all([t.login('staff'), t.login('admin')]);
  gigabyte = deflatedZeros(1024);
});
afterAll(() => t.close());

/** Sends the upload while sampling the resident set: its peak rise and the time the answer took. */
async function measured(url: string, cookie: string, body: Buffer, contentType: string) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  const started = performance.now();
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': contentType },
    payload: body,
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { res, ms, rssRiseMb: (peak - baseline) / MB };
}

const routes = [
  {
    label: 'meeting import (.docx)',
    url: '/api/meetings/import',
    type: DOCX,
    parts: docxParts,
    who: () => staff,
  },
  {
    label: 'grid import (.xlsx)',
    url: '/api/regions/grids/import',
    type: XLSX,
    parts: xlsxParts,
    who: () => admin,
  },
];
const bombPart = (label: string) =>
  label.startsWith('meeting') ? 'word/document.xml' : 'xl/worksheets/sheet1.xml';

describe.each(routes)('zip bombs sent to the $label', ({ label, url, type, parts, who }) => {
  it('refuses a 1 MB bomb that says it holds 1 GB, quickly and without the memory', async () => {
    const bomb = zipOf([
      ...parts,
      { name: bombPart(label), data: gigabyte, method: 8, declaredSize: 1024 * MB },
    ]);
    expect(bomb.length).toBeLessThan(1.5 * MB);
    const { res, ms, rssRiseMb } = await measured(url, who(), bomb, type);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION',
      details: [{ message: 'ARCHIVE_TOO_LARGE' }],
    });
    expect(res.json().error.message).toMatch(/解压后超过 50 MB/);
    expect(ms).toBeLessThan(5_000);
    expect(rssRiseMb).toBeLessThan(100);
  });

  it('refuses a bomb whose headers lie about its size, counting what really inflates', async () => {
    // Declares 3 MB, a believable workbook part: only inflating it shows the gigabyte.
    const bomb = zipOf([
      ...parts,
      { name: bombPart(label), data: gigabyte, method: 8, declaredSize: 3 * MB },
    ]);
    const { res, ms, rssRiseMb } = await measured(url, who(), bomb, type);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details[0].message).toMatch(/^ARCHIVE_(SIZE_MISMATCH|RATIO)$/);
    expect(ms).toBeLessThan(5_000);
    expect(rssRiseMb).toBeLessThan(100);
  });

  it('refuses a part that inflates a thousand times, even under the size limit', async () => {
    const dense = deflatedZeros(40);
    const bomb = zipOf([...parts, { name: bombPart(label), data: dense, method: 8, declaredSize: 40 * MB }]);
    const { res } = await measured(url, who(), bomb, type);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details[0].message).toBe('ARCHIVE_RATIO');
    expect(res.json().error.message).toMatch(/压缩比超过 100 倍/);
  });

  it('refuses bombs spread over many small parts and archives with thousands of entries', async () => {
    // 60 parts of 1 MB each, each under every per-part check: only the running total trips.
    const megabyte = deflatedZeros(1);
    const spread = zipOf([
      ...parts,
      ...Array.from({ length: 60 }, (_, i) => ({
        name: `media/part${i}.bin`,
        data: megabyte,
        method: 8 as const,
        declaredSize: MB,
      })),
    ]);
    const total = await measured(url, who(), spread, type);
    expect(total.res.statusCode, total.res.body).toBe(400);
    expect(total.res.json().error.details[0].message).toBe('ARCHIVE_TOO_LARGE');
    const many = zipOf([...parts, ...Array.from({ length: 6_000 }, (_, i) => stored(`x/${i}`, ''))]);
    const entries = await measured(url, who(), many, type);
    expect(entries.res.statusCode).toBe(400);
    expect(entries.res.json().error.details[0].message).toBe('ARCHIVE_TOO_MANY_ENTRIES');
  });
});

describe('ordinary Office files still read', () => {
  it('imports a real workbook after the check', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('网格');
    sheet.addRow(['所属社区代码', '网格名称', '常住人口', '60岁以上人口']);
    sheet.addRow(['420503001001', '压缩检查网格', 800, 120]);
    const { res } = await measured(
      '/api/regions/grids/import',
      admin,
      Buffer.from(await wb.xlsx.writeBuffer()),
      XLSX,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(1);
  });

  it('says a damaged file is damaged, as before', async () => {
    const cut = Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer()).subarray(0, 200);
    const grid = await measured('/api/regions/grids/import', admin, cut, XLSX);
    expect(grid.res.statusCode).toBe(400);
    expect(grid.res.json().error.message).toContain('无法读取 Excel 文件');
    const report = await measured('/api/meetings/import', staff, cut, DOCX);
    expect(report.res.statusCode).toBe(400);
    expect(report.res.json().error).toMatchObject({ details: [{ field: 'reason', message: 'BINARY' }] });
  });
});

// Meetings: import a report (paste, .txt, .docx), review the proposed directives, record by hand, scope, audit, export.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { beijingToday } from '../../../shared/contracts/common.ts';
import { makeMeeting, makeUser } from '../../../test/support/factories.ts';
import { repoRoot } from '../../../test/support/processes.ts';
import { readSeedReports } from '../../../test/support/seed-reports.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { missingYearWarning } from './meeting-text.extract.ts';
import { applyTextEdits, encodeGbk, unreadableWarning } from './meeting-text.normalise.ts';
import type { MeetingParse } from './meeting-text.parse.ts';
import { duplicateWarning, resolveUnreadable } from './meetings.service.ts';

// Reports the project wrote, with a scraped page's noise (test/fixtures/meetings/reports/README.md); the real
// seed reports, when ../shared is there, get their own checks at the end.
const reportsDir = path.join(repoRoot, 'test/fixtures/meetings/reports');
const reports = {
  /** No year, a garbled run with a suggestion, a speaker, conveyed meetings, a branch venue. */
  dangyang: readFileSync(path.join(reportsDir, 't01-dangyang-phone.txt'), 'utf8'),
  /** A publication date (2021-06-09) on the page. */
  zhijiang: readFileSync(path.join(reportsDir, 't02-zhijiang-executive.txt'), 'utf8'),
  /** Two garbled runs without a suggestion. */
  yiling: readFileSync(path.join(reportsDir, 't03-yiling-leadgroup.txt'), 'utf8'),
};
const seeds = readSeedReports('meetings.test.ts');

let t: TestApp;
let admin: string;
let staff: string;
let leader: string;
let xiling: string;
let xlstaff: string;
beforeAll(async () => {
  t = await createTestApp();
  [admin, staff, leader, xiling] = await Promise.all([
    t.login('admin'),
    t.login('staff'),
    t.login('leader'),
    t.login('xiling'),
  ]);
  const account = await makeUser(t, admin, { role: 'hq_staff', scopeRegionCode: '420502000000' });
  xlstaff = await t.login(account.username, account.password);
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
function call(method: Method, url: string, cookie: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie }, payload });
}
function upload(url: string, cookie: string, body: Buffer | string, contentType: string) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': contentType },
    payload: body,
  });
}

type DirectiveBody = {
  id: number;
  seq: number;
  text: string;
  spanStart: number | null;
  spanEnd: number | null;
  status: string;
  category: string;
};

async function importReport(name: keyof typeof reports, extra: object = {}) {
  const res = await call('POST', '/api/meetings/import', staff, { text: reports[name], ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().meeting;
}

const countMeetings = async () => (await call('GET', '/api/meetings', admin)).json().total as number;
const countAudit = async () => (await call('GET', '/api/audit?entity=meeting', admin)).json().total as number;

async function docxOf(lines: string[]): Promise<Buffer> {
  const doc = new Document({
    sections: [{ children: lines.map((line) => new Paragraph({ children: [new TextRun(line)] })) }],
  });
  return Packer.toBuffer(doc);
}

describe('parse preview', () => {
  it('shows clean text beside the original with every change, the facts and the directives, storing nothing', async () => {
    const before = await countMeetings();
    const res = await call('POST', '/api/meetings/parse', staff, {
      text: reports.dangyang,
      publishedAt: '2022-05-17',
    });
    expect(res.statusCode, res.body).toBe(200);
    const parse = res.json();
    expect(parse.meeting).toMatchObject({
      date: '2022-05-16',
      title: '当阳市疫情防控指挥部电视电话会议',
      kind: 'telephone_conference',
    });
    expect(parse.meeting.speakers.map((p: { name: string }) => p.name)).toContain('王立新');
    expect(applyTextEdits(parse.original, parse.edits)).toBe(parse.text);
    expect(parse.unreadable[0]).toMatchObject({ raw: '?饝羯祥T', suggestion: '逐户上门' });
    expect(parse.directives.length).toBeGreaterThan(10);
    expect(await countMeetings()).toBe(before);
  });

  it('reads an uploaded .txt and .docx the same as pasted text', async () => {
    const pasted = (await call('POST', '/api/meetings/parse', staff, { text: reports.zhijiang })).json();
    const txt = await upload('/api/meetings/parse', staff, Buffer.from(reports.zhijiang), 'text/plain');
    expect(txt.statusCode, txt.body).toBe(200);
    expect(txt.json().text).toBe(pasted.text);
    const bytes = await upload(
      '/api/meetings/parse?publishedAt=2021-06-09',
      staff,
      Buffer.from(reports.zhijiang),
      'application/octet-stream',
    );
    expect(bytes.json().meeting.date).toBe('2021-06-08');
    const docx = await upload(
      '/api/meetings/parse',
      staff,
      await docxOf(reports.zhijiang.split('\n')),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.statusCode, docx.body).toBe(200);
    expect(docx.json().meeting).toMatchObject(pasted.meeting);
    expect(docx.json().directives.map((d: { text: string }) => d.text)).toEqual(
      pasted.directives.map((d: { text: string }) => d.text),
    );
  });
});

describe('importing a report', () => {
  it('stores each report as a draft meeting with its original and clean text and proposed directives', async () => {
    for (const name of Object.keys(reports) as (keyof typeof reports)[]) {
      const meeting = await importReport(name);
      expect(meeting.status).toBe('draft');
      expect(meeting.originalText.length).toBeGreaterThan(meeting.cleanText.length);
      expect(applyTextEdits(meeting.originalText, meeting.edits)).toBe(meeting.cleanText);
      expect(meeting.directives.length).toBeGreaterThan(5);
      expect(meeting.directiveCount).toBe(meeting.directives.length);
      meeting.directives.forEach((d: DirectiveBody, i: number) => {
        expect(d.seq).toBe(i + 1);
        expect(d.status).toBe('proposed');
        expect(meeting.cleanText.slice(d.spanStart!, d.spanEnd!)).toBe(d.text);
      });
      expect(meeting.regionCode).toBe('420500000000');
      expect(meeting.createdByName).toBe('刘晓燕');
    }
  });

  it('keeps a date without a year as --MM-DD, and takes the year from the publication date', async () => {
    const partial = await importReport('dangyang');
    expect(partial).toMatchObject({
      dateText: '--05-16',
      heldOn: null,
      title: '当阳市疫情防控指挥部电视电话会议',
    });
    expect(partial.conveyed).toEqual(['全省疫情防控工作电视电话会议', '宜昌市委常委会会议']);
    expect(partial.venues.branches).toEqual(['玉泉分会场']);
    expect(partial.speakers[0]).toEqual({ name: '王立新', post: '市委书记' });
    const full = await importReport('dangyang', { publishedAt: '2022-05-17' });
    expect(full).toMatchObject({ dateText: '2022-05-16', heldOn: '2022-05-16', publishedOn: '2022-05-17' });
  });

  it('applies overrides for title, date, kind and region', async () => {
    const meeting = await importReport('yiling', {
      title: '夷陵区疫情防控领导小组会议',
      date: '2020-02-12',
      kind: 'scheduling_meeting',
      regionCode: '420502000000',
    });
    expect(meeting).toMatchObject({
      title: '夷陵区疫情防控领导小组会议',
      heldOn: '2020-02-12',
      kind: 'scheduling_meeting',
      regionCode: '420502000000',
      regionName: '西陵区',
    });
  });

  it('puts an accepted suggestion for garbled text into the clean text and keeps a rejected one marked', async () => {
    const preview = (await call('POST', '/api/meetings/parse', staff, { text: reports.dangyang })).json();
    const span = preview.unreadable[0];
    const accepted = await importReport('dangyang', { unreadable: [{ start: span.start, accept: true }] });
    expect(accepted.cleanText).not.toContain(span.raw);
    expect(accepted.cleanText.slice(span.start, span.start + span.suggestion.length)).toBe(span.suggestion);
    expect(accepted.unreadable[0]).toMatchObject({ resolution: 'accepted', raw: span.raw });
    expect(applyTextEdits(accepted.originalText, accepted.edits)).toBe(accepted.cleanText);
    for (const d of accepted.directives as DirectiveBody[])
      expect(accepted.cleanText.slice(d.spanStart!, d.spanEnd!)).toBe(d.text);
    expect(accepted.directives.length).toBe(preview.directives.length);

    const rejected = await importReport('dangyang', { unreadable: [{ start: span.start, accept: false }] });
    expect(rejected.cleanText).toContain(span.raw);
    expect(rejected.unreadable[0]).toMatchObject({ resolution: 'rejected', start: span.start });

    const viaQuery = await upload(
      `/api/meetings/import?accept=${span.start}`,
      staff,
      Buffer.from(reports.dangyang),
      'text/plain',
    );
    expect(viaQuery.statusCode, viaQuery.body).toBe(201);
    expect(viaQuery.json().meeting.cleanText).toBe(accepted.cleanText);

    const before = await countMeetings();
    const wrong = await call('POST', '/api/meetings/import', staff, {
      text: reports.dangyang,
      unreadable: [{ start: 3, accept: true }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('没有待确认的乱码');
    expect(await countMeetings()).toBe(before);
  });

  it('keeps the missing-year and garbled-text warnings true to the meeting as it stands', async () => {
    const preview = (await call('POST', '/api/meetings/parse', staff, { text: reports.dangyang })).json();
    const total = preview.unreadable.length;
    const noYear = missingYearWarning('--05-16');
    expect(preview.warnings).toEqual(expect.arrayContaining([noYear, unreadableWarning(total)]));
    const others = preview.warnings.filter((w: string) => w !== noYear && w !== unreadableWarning(total));

    const asParsed = await importReport('dangyang');
    expect(asParsed.warnings).toEqual(expect.arrayContaining([noYear, unreadableWarning(total)]));

    const suggested = preview.unreadable.filter((u: { suggestion?: string }) => u.suggestion);
    expect(suggested.length).toBeGreaterThan(0);
    // The same meeting stored before, with its date: the next import is named a possible duplicate.
    await importReport('dangyang', { date: '2022-05-16' });
    const res = await call('POST', '/api/meetings/import', staff, {
      text: reports.dangyang,
      date: '2022-05-16',
      unreadable: suggested.map((u: { start: number }) => ({ start: u.start, accept: true })),
    });
    expect(res.statusCode, res.body).toBe(201);
    const confirmed = res.json();
    const left = total - suggested.length;
    const expected = [...(left > 0 ? [unreadableWarning(left)] : []), ...others];
    expect(confirmed.meeting.warnings).toEqual(expected);
    // The answer also says it may be a duplicate (the stored warnings do not).
    expect(confirmed.duplicates.length).toBeGreaterThan(0);
    expect(confirmed.warnings).toEqual([...expected, duplicateWarning(confirmed.duplicates)]);

    const dated = await call('PATCH', `/api/meetings/${asParsed.id}`, staff, { date: '2022-05-10' });
    expect(dated.statusCode, dated.body).toBe(200);
    expect(dated.json().warnings).toEqual([unreadableWarning(total), ...others]);
    const renamed = await call('PATCH', `/api/meetings/${asParsed.id}`, staff, { title: '改名的会议' });
    expect(renamed.json().warnings).toEqual(dated.json().warnings);
    const undated = await call('PATCH', `/api/meetings/${asParsed.id}`, staff, { date: '--05-11' });
    expect(undated.json().warnings).toEqual([
      missingYearWarning('--05-11'),
      unreadableWarning(total),
      ...others,
    ]);
    const cleared = await call('PATCH', `/api/meetings/${asParsed.id}`, staff, { date: null });
    expect(cleared.json().warnings).toEqual([unreadableWarning(total), ...others]);

    // The parser's other notes stay as they were.
    const gbk = Buffer.from(
      encodeGbk('5月12日，宜昌市疫情防控指挥部召开视频调度会。会议要求，各县市区要加快老年人疫苗接种。')!,
    );
    const decoded = (await upload('/api/meetings/import', staff, gbk, 'text/plain')).json().meeting;
    const decodeNote = decoded.warnings.find((w: string) => w.includes('GBK'));
    expect(decoded.warnings).toEqual([missingYearWarning('--05-12'), decodeNote]);
    const fixed = await call('PATCH', `/api/meetings/${decoded.id}`, staff, { date: '2022-05-12' });
    expect(fixed.json().warnings).toEqual([decodeNote]);
  });

  it('takes the people, venues and meetings conveyed as corrected, in one request and one audit entry', async () => {
    const auditBefore = await countAudit();
    const people = {
      chair: [{ name: '王五', post: '副市长' }],
      speakers: [{ name: '张勇', post: '市委书记' }],
      attendees: [
        { name: '李四', post: null },
        { name: '赵六', post: '市卫健委主任' },
      ],
      venues: { main: '市政府主会场', branches: ['京山分会场', '钟祥分会场'] },
      conveyed: ['省委常委会会议'],
    };
    const meeting = await importReport('dangyang', people);
    expect(meeting).toMatchObject(people);
    expect(await countAudit()).toBe(auditBefore + 1);
    const saved = (await call('GET', `/api/meetings/${meeting.id}`, staff)).json();
    expect(saved).toMatchObject(people);

    // Left out, they are read from the report as before.
    const parsed = await importReport('dangyang', { chair: [] });
    expect(parsed.chair).toEqual([]);
    expect(parsed.speakers[0]).toEqual({ name: '王立新', post: '市委书记' });
    expect(parsed.venues.branches).toEqual(['玉泉分会场']);

    const before = await countMeetings();
    const bad = await call('POST', '/api/meetings/import', staff, {
      text: reports.dangyang,
      attendees: [{ name: '', post: null }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toMatch(/^body\.attendees\.0\.name/);
    expect(await countMeetings()).toBe(before);
    expect(await countAudit()).toBe(auditBefore + 2);
  });

  it('refuses unreadable input with the parser’s clear message and stores nothing', async () => {
    const [meetingsBefore, auditBefore] = [await countMeetings(), await countAudit()];
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    const cases: [string, () => ReturnType<typeof call>, string, RegExp][] = [
      [
        'binary',
        () => upload('/api/meetings/import', staff, png, 'application/octet-stream'),
        'BINARY',
        /不是文本/,
      ],
      ['empty', () => call('POST', '/api/meetings/import', staff, { text: '  \n ' }), 'EMPTY', /为空/],
      [
        'empty file',
        () => upload('/api/meetings/import', staff, Buffer.alloc(0), 'application/octet-stream'),
        'EMPTY',
        /为空/,
      ],
      [
        '10 MB',
        () =>
          upload(
            '/api/meetings/import',
            staff,
            Buffer.alloc(10 * 1024 * 1024, 'a'),
            'application/octet-stream',
          ),
        'TOO_LARGE',
        /过大/,
      ],
      [
        'not a Word file',
        () =>
          upload(
            '/api/meetings/import',
            staff,
            Buffer.from('PK\u0003\u0004garbage'),
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          ),
        'BINARY',
        /Word/,
      ],
    ];
    for (const [label, run, code, message] of cases) {
      const res = await run();
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.code, label).toBe('VALIDATION');
      expect(res.json().error.message, label).toMatch(message);
      expect(res.json().error.details[0], label).toEqual({ field: 'reason', message: code });
    }
    const huge = await call('POST', '/api/meetings/import', staff, { text: '会'.repeat(3_400_000) });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.details[0].message).toBe('TOO_LARGE');
    const tooBig = await upload(
      '/api/meetings/import',
      staff,
      Buffer.alloc(13 * 1024 * 1024, 'a'),
      'application/octet-stream',
    );
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('过大'),
    });
    expect(await countMeetings()).toBe(meetingsBefore);
    expect(await countAudit()).toBe(auditBefore);
  });

  it('decodes a GBK file with a warning', async () => {
    const gbk = Buffer.from(
      encodeGbk('5月12日，宜昌市疫情防控指挥部召开视频调度会。会议要求，各县市区要加快老年人疫苗接种。')!,
    );
    const res = await upload('/api/meetings/import?publishedAt=2022-05-12', staff, gbk, 'text/plain');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings.some((w: string) => w.includes('GBK'))).toBe(true);
    expect(res.json().meeting.cleanText).toContain('疫苗接种');
    expect(res.json().meeting.warnings.some((w: string) => w.includes('GBK'))).toBe(true);
  });

  it('lets only the HQ office import, and only inside its scope', async () => {
    const before = await countMeetings();
    expect((await call('POST', '/api/meetings/import', leader, { text: reports.dangyang })).statusCode).toBe(
      403,
    );
    const outside = await call('POST', '/api/meetings/import', xlstaff, {
      text: reports.dangyang,
      regionCode: '420503000000',
    });
    expect(outside.statusCode).toBe(403);
    expect(await countMeetings()).toBe(before);
    // A reader may still preview: nothing is stored.
    expect((await call('POST', '/api/meetings/parse', leader, { text: reports.dangyang })).statusCode).toBe(
      200,
    );
  });
});

describe('accepting the remaining directives at once', () => {
  it('accepts every proposed directive in one change, leaving dropped ones, with one audit entry', async () => {
    const meeting = await importReport('yiling');
    const url = (suffix: string) => `/api/meetings/${meeting.id}${suffix}`;
    const [first, second] = meeting.directives as DirectiveBody[];
    expect(
      (await call('PATCH', url(`/directives/${first!.id}`), staff, { status: 'dropped' })).statusCode,
    ).toBe(200);
    const audit = async () =>
      (await call('GET', `/api/audit?entity=meeting&entityId=${meeting.id}&pageSize=500`, admin)).json();
    const auditBefore = (await audit()).total;

    // Neither a reader nor another district may do it.
    expect((await call('POST', url('/directives/accept-remaining'), leader)).statusCode).toBe(403);
    expect((await call('POST', url('/directives/accept-remaining'), xlstaff)).statusCode).toBe(404);

    const res = await call('POST', url('/directives/accept-remaining'), staff);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as DirectiveBody[];
    expect(list.map((d) => d.id)).toEqual(meeting.directives.map((d: DirectiveBody) => d.id));
    expect(list.map((d) => d.status)).toEqual(list.map((d) => (d.id === first!.id ? 'dropped' : 'accepted')));
    expect(list.find((d) => d.id === second!.id)!.status).toBe('accepted');

    const after = await audit();
    expect(after.total).toBe(auditBefore + 1);
    expect(after.items[0].summary).toBe(
      `会议“${meeting.title}”：采纳剩余 ${meeting.directives.length - 1} 条要求`,
    );

    // Nothing left: no change and no entry.
    const again = await call('POST', url('/directives/accept-remaining'), staff);
    expect(again.json()).toEqual(list);
    expect((await audit()).total).toBe(auditBefore + 1);

    // Two accepted directives still hold garbled text the parser could not read: corrected by hand, the
    // review goes through.
    const garbled = await call('POST', url('/review'), staff);
    expect(garbled.statusCode).toBe(409);
    for (const span of meeting.unreadable as { raw: string }[]) {
      const holder = list.find((d) => d.text.includes(span.raw))!;
      const fixed = await call('PATCH', url(`/directives/${holder.id}`), staff, {
        text: holder.text.replace(span.raw, '（乱码已对照原文改正）'),
      });
      expect(fixed.statusCode, fixed.body).toBe(200);
    }
    expect((await call('POST', url('/review'), staff)).statusCode).toBe(200);
    const locked = await call('POST', url('/directives/accept-remaining'), staff);
    expect(locked.statusCode).toBe(409);
    expect((await call('POST', '/api/meetings/999999/directives/accept-remaining', staff)).statusCode).toBe(
      404,
    );
  });
});

describe('accepting a suggestion for garbled text', () => {
  it('folds the normaliser’s edits it touches, so the edits still rebuild the clean text', () => {
    // Original 要(yào)?Q乱码 一线, normalised: the gloss removed, Q lowered, then ?q flagged as unreadable.
    const original = '要(yào)?Q乱码 要加强一线工作';
    const parse: MeetingParse = {
      original,
      text: '要?q乱码 要加强一线工作',
      edits: [
        { kind: 'gloss', start: 1, end: 6, replacement: '' },
        { kind: 'simplify', start: 7, end: 8, replacement: 'q' },
      ],
      meeting: {
        date: null,
        title: null,
        kind: null,
        chair: [],
        speakers: [],
        attendees: [],
        publishedAt: null,
      },
      directives: [
        {
          text: '要?q乱码',
          start: 0,
          end: 5,
          category: 'other',
          units: [],
          regions: [],
          numbers: [],
          deadline: null,
        },
        {
          text: '要加强一线工作',
          start: 6,
          end: 13,
          category: 'other',
          units: [],
          regions: [],
          numbers: [],
          deadline: null,
        },
      ],
      unreadable: [{ start: 1, end: 3, raw: '?q', suggestion: '实打实' }],
      warnings: [],
    };
    expect(applyTextEdits(original, parse.edits)).toBe(parse.text);
    const resolved = resolveUnreadable(parse, [{ start: 1, accept: true }]);
    expect(resolved.text).toBe('要实打实乱码 要加强一线工作');
    // The stored edits add the kind `unreadable` to the normaliser's; applying them works the same.
    expect(applyTextEdits(original, resolved.edits as Parameters<typeof applyTextEdits>[1])).toBe(
      resolved.text,
    );
    expect(resolved.unreadable).toEqual([
      { start: 1, end: 4, raw: '?q', suggestion: '实打实', resolution: 'accepted' },
    ]);
    for (const d of resolved.directives) expect(resolved.text.slice(d.start, d.end)).toBe(d.text);
    expect(resolved.directives.map((d) => d.text)).toEqual(['要实打实乱码', '要加强一线工作']);
  });
});

describe('meetings by hand, list and scope', () => {
  let cityId: number;
  let wujiagangId: number;

  beforeAll(async () => {
    const city = await call('POST', '/api/meetings', staff, {
      title: '宜昌市疫情防控指挥部第十二次调度会',
      date: '2022-06-01',
      kind: 'scheduling_meeting',
      chair: [{ name: '周海峰', post: '市长' }],
      conveyed: ['全省疫情防控工作视频调度会'],
      text: '会议要求，要加快疫苗接种。要守牢安全生产底线。',
    });
    expect(city.statusCode, city.body).toBe(201);
    cityId = city.json().id;
    const district = await call('POST', '/api/meetings', admin, {
      title: '伍家岗区疫情防控工作例会',
      date: '2022-06-03',
      regionCode: '420503000000',
    });
    expect(district.statusCode, district.body).toBe(201);
    wujiagangId = district.json().id;
  });

  it('records a typed-in meeting in the caller’s region', async () => {
    const meeting = (await call('GET', `/api/meetings/${cityId}`, leader)).json();
    expect(meeting).toMatchObject({
      title: '宜昌市疫情防控指挥部第十二次调度会',
      heldOn: '2022-06-01',
      dateText: '2022-06-01',
      regionCode: '420500000000',
      regionName: '宜昌市',
      status: 'draft',
      chair: [{ name: '周海峰', post: '市长' }],
      directives: [],
    });
    expect(meeting.cleanText).toBe(meeting.originalText);
  });

  it('names the bad field', async () => {
    const blank = await call('POST', '/api/meetings', staff, { title: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details[0]).toMatchObject({ field: 'body.title', message: '会议名称不能为空' });
    const date = await call('POST', '/api/meetings', staff, { title: '例会', date: '2022-13-01' });
    expect(date.json().error.details[0].field).toBe('body.date');
    const kind = await call('POST', '/api/meetings', staff, { title: '例会', kind: 'party' });
    expect(kind.json().error.details[0].field).toBe('body.kind');
    const region = await call('POST', '/api/meetings', staff, { title: '例会', regionCode: '420599000000' });
    expect(region.statusCode).toBe(400);
    expect(region.json().error.details[0].field).toBe('regionCode');
  });

  it('filters by date range, kind and text in the title or the report, and pages', async () => {
    const q = (query: string) => call('GET', `/api/meetings?${query}`, admin).then((r) => r.json());
    const june = await q('from=2022-06-01&to=2022-06-02');
    // Other tests of this file may add meetings: check the range, not the whole list.
    const juneIds = june.items.map((m: { id: number }) => m.id);
    expect(juneIds).toContain(cityId);
    expect(juneIds).not.toContain(wujiagangId);
    for (const m of june.items as { heldOn: string }[])
      expect(m.heldOn >= '2022-06-01' && m.heldOn <= '2022-06-02').toBe(true);
    const scheduling = await q('kind=scheduling_meeting');
    expect(scheduling.items.map((m: { id: number }) => m.id)).toContain(cityId);
    expect(scheduling.items.every((m: { kind: string }) => m.kind === 'scheduling_meeting')).toBe(true);
    const inText = await q(`q=${encodeURIComponent('安全生产底线')}`);
    expect(inText.items.map((m: { id: number }) => m.id)).toContain(cityId);
    const inTitle = await q(`q=${encodeURIComponent('伍家岗')}`);
    expect(inTitle.items.map((m: { id: number }) => m.id)).toContain(wujiagangId);
    expect(inTitle.items.map((m: { id: number }) => m.id)).not.toContain(cityId);
    const literal = await q(`q=${encodeURIComponent('100%')}`);
    expect(literal.total).toBe(0);
    // Enough meetings for a second page, whatever else this file stored.
    for (const title of ['第一次例会', '第二次例会'])
      await makeMeeting(t, staff, { title, date: '2022-04-01' });
    const page = await q('pageSize=2&page=2');
    expect(page).toMatchObject({ page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(2);
    const bad = await call('GET', '/api/meetings?from=2022-02-30x', admin);
    expect(bad.statusCode).toBe(400);
  });

  it('gives the total of the filtered list in scope on every page, also past the last one', async () => {
    const q = (query: string) => call('GET', `/api/meetings?${query}`, admin).then((r) => r.json());
    const all = await q('pageSize=500');
    expect(all.items.length).toBeGreaterThan(1);
    expect((await q('pageSize=1')).total).toBe(all.items.length);
    expect(await q(`pageSize=1&page=${all.items.length + 3}`)).toMatchObject({
      items: [],
      total: all.items.length,
    });
    const scheduling = all.items.filter((m: { kind: string }) => m.kind === 'scheduling_meeting').length;
    expect((await q('kind=scheduling_meeting&pageSize=1')).total).toBe(scheduling);
    expect((await q('kind=scheduling_meeting&page=99')).total).toBe(scheduling);
  });

  it('keeps district users out of city and other districts’ meetings', async () => {
    for (const cookie of [xiling, xlstaff]) {
      const list = (await call('GET', '/api/meetings?pageSize=500', cookie)).json();
      expect(list.items.map((m: { id: number }) => m.id)).not.toContain(cityId);
      expect(list.items.map((m: { id: number }) => m.id)).not.toContain(wujiagangId);
      for (const id of [cityId, wujiagangId]) {
        const direct = await call('GET', `/api/meetings/${id}`, cookie);
        expect(direct.statusCode).toBe(404);
        expect(direct.body).not.toContain('伍家岗');
      }
    }
    expect((await call('PATCH', `/api/meetings/${cityId}`, xlstaff, { title: '越权' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/meetings/${wujiagangId}`, xlstaff)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/meetings/${cityId}`, xiling, { title: '越权' })).statusCode).toBe(403);
    const moveOut = await call('PATCH', `/api/meetings/${cityId}`, staff, { regionCode: '4205030000001' });
    expect(moveOut.statusCode).toBe(400);
    // A 西陵区 staff member records 西陵区 meetings, and sees them.
    const own = await call('POST', '/api/meetings', xlstaff, { title: '西陵区疫情防控例会' });
    expect(own.statusCode).toBe(201);
    expect(own.json().regionCode).toBe('420502000000');
    const list = (await call('GET', '/api/meetings', xlstaff)).json();
    expect(list.items.map((m: { id: number }) => m.id)).toContain(own.json().id);
    expect((await call('GET', `/api/meetings/${cityId}`, admin)).json().title).toBe(
      '宜昌市疫情防控指挥部第十二次调度会',
    );
  });

  it('edits and deletes, each change in the audit log', async () => {
    const created = (
      await call('POST', '/api/meetings', staff, { title: '临时会议', date: '--07-01' })
    ).json();
    expect(created).toMatchObject({ heldOn: null, dateText: '--07-01' });
    const edited = await call('PATCH', `/api/meetings/${created.id}`, staff, {
      title: '市疫情防控指挥部专题会议',
      date: '2022-07-01',
      kind: 'special_meeting',
      venues: { main: '市行政中心主会场', branches: ['各县市区分会场'] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ heldOn: '2022-07-01', kind: 'special_meeting' });
    expect((await call('DELETE', `/api/meetings/${created.id}`, staff)).statusCode).toBe(200);
    expect((await call('GET', `/api/meetings/${created.id}`, staff)).statusCode).toBe(404);
    const audit = (await call('GET', `/api/audit?entity=meeting&entityId=${created.id}`, admin)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['delete', 'update', 'create']);
    expect(audit[1].before.title).toBe('临时会议');
    expect(audit[1].after.title).toBe('市疫情防控指挥部专题会议');
    expect(audit[1].after).not.toHaveProperty('cleanText');
  });

  it('exports the list', async () => {
    const res = await call('GET', '/api/meetings/export.xlsx?kind=scheduling_meeting', admin);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('会议名称');
    expect(sheet.getRow(2).getCell(3).text).toBe('调度会');
  });
});

describe('reviewing directives', () => {
  let meeting: { id: number; title: string; cleanText: string; directives: DirectiveBody[] };
  const get = async () => (await call('GET', `/api/meetings/${meeting.id}`, staff)).json();
  const url = (suffix = '') => `/api/meetings/${meeting.id}${suffix}`;

  // Each test reviews a meeting of its own, so none depends on what another did to it.
  beforeEach(async () => {
    // The garbled span's suggestion taken, so that only the directives' own state decides the review here.
    const preview = (await call('POST', '/api/meetings/parse', staff, { text: reports.dangyang })).json();
    meeting = await importReport('dangyang', {
      publishedAt: '2022-05-10',
      unreadable: preview.unreadable.map((u: { start: number }) => ({ start: u.start, accept: true })),
    });
  });

  function expectOrdered(list: DirectiveBody[], clean: string) {
    list.forEach((d, i) => {
      expect(d.seq).toBe(i + 1);
      if (d.spanStart !== null) expect(d.spanEnd! > d.spanStart && d.spanEnd! <= clean.length).toBe(true);
    });
  }

  it('accepts, drops and edits a directive; an edit inside the span narrows it, a rewrite unlinks it', async () => {
    const [first, second, third] = meeting.directives;
    const accepted = await call('PATCH', url(`/directives/${first!.id}`), staff, { status: 'accepted' });
    expect(accepted.json().status).toBe('accepted');
    expect(
      (await call('PATCH', url(`/directives/${second!.id}`), staff, { status: 'dropped' })).json().status,
    ).toBe('dropped');
    const trimmed = third!.text.slice(1);
    const narrowed = (
      await call('PATCH', url(`/directives/${third!.id}`), staff, {
        text: trimmed,
        category: 'governance',
        units: ['市委办公室'],
        deadline: '5月底前',
      })
    ).json();
    expect(narrowed).toMatchObject({
      text: trimmed,
      spanStart: third!.spanStart! + 1,
      spanEnd: third!.spanEnd,
      category: 'governance',
      units: ['市委办公室'],
      deadline: '5月底前',
    });
    const rewritten = (
      await call('PATCH', url(`/directives/${third!.id}`), staff, { text: '各地要在5月底前完成自查' })
    ).json();
    expect(rewritten).toMatchObject({ spanStart: null, spanEnd: null });
    const bad = await call('PATCH', url(`/directives/${third!.id}`), staff, { category: 'sports' });
    expect(bad.statusCode).toBe(400);
    const elsewhere = await call('PATCH', `/api/meetings/${meeting.id}/directives/999999`, staff, {
      status: 'accepted',
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('merges adjacent directives into one spanning both, and refuses a gap', async () => {
    const before = await get();
    const [a, b, c] = before.directives.slice(3, 6) as DirectiveBody[];
    const gap = await call('POST', url('/directives/merge'), staff, { ids: [a!.id, c!.id] });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().error.message).toContain('相邻');
    const merged = await call('POST', url('/directives/merge'), staff, { ids: [b!.id, a!.id] });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({
      id: a!.id,
      seq: a!.seq,
      text: `${a!.text}；${b!.text}`,
      spanStart: a!.spanStart,
      spanEnd: b!.spanEnd,
      status: 'proposed',
    });
    const after = await get();
    expect(after.directives).toHaveLength(before.directives.length - 1);
    expect(after.directives.map((d: DirectiveBody) => d.id)).not.toContain(b!.id);
    expect(after.directives[a!.seq]!.id).toBe(c!.id);
    expectOrdered(after.directives, after.cleanText);
  });

  it('splits a directive at a character into two consecutive ones, each linked to its part of the text', async () => {
    const before = await get();
    const target = before.directives.find(
      (d: DirectiveBody) =>
        d.text.includes('，') &&
        d.status === 'proposed' &&
        before.cleanText.slice(d.spanStart, d.spanEnd) === d.text,
    )!;
    const at = target.text.indexOf('，') + 1;
    const res = await call('POST', url(`/directives/${target.id}/split`), staff, { at });
    expect(res.statusCode, res.body).toBe(200);
    const [head, tail] = res.json();
    expect(head).toMatchObject({ id: target.id, seq: target.seq, text: target.text.slice(0, at - 1) });
    expect(tail).toMatchObject({ seq: target.seq + 1, text: target.text.slice(at) });
    expect(before.cleanText.slice(head.spanStart, head.spanEnd)).toBe(head.text);
    expect(before.cleanText.slice(tail.spanStart, tail.spanEnd)).toBe(tail.text);
    const after = await get();
    expect(after.directives).toHaveLength(before.directives.length + 1);
    expectOrdered(after.directives, after.cleanText);
    const bad = await call('POST', url(`/directives/${target.id}/split`), staff, { at: 5000 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('at');
  });

  it('adds a directive by hand: from a span it takes its place in order, without one it goes last', async () => {
    const before = await get();
    const start = before.cleanText.indexOf('要加快老年人疫苗接种');
    expect(start).toBeGreaterThan(0);
    const fromSpan = await call('POST', url('/directives'), staff, { span: { start, end: start + 10 } });
    expect(fromSpan.statusCode, fromSpan.body).toBe(201);
    expect(fromSpan.json()).toMatchObject({
      text: '要加快老年人疫苗接种',
      spanStart: start,
      category: 'epidemic',
    });
    const typed = await call('POST', url('/directives'), staff, {
      text: '市卫健委要在6月30日前完成60岁以上人员摸底',
    });
    expect(typed.statusCode, typed.body).toBe(201);
    expect(typed.json()).toMatchObject({ spanStart: null, deadline: expect.stringContaining('6月30日') });
    const after = await get();
    expect(after.directives.at(-1).id).toBe(typed.json().id);
    const placed = after.directives.find((d: DirectiveBody) => d.id === fromSpan.json().id);
    const previous = after.directives[placed.seq - 2];
    expect(previous.spanStart).toBeLessThanOrEqual(start);
    expectOrdered(after.directives, after.cleanText);
    const outside = await call('POST', url('/directives'), staff, { span: { start: 0, end: 999999 } });
    expect(outside.statusCode).toBe(400);
    expect((await call('POST', url('/directives'), staff, {})).statusCode).toBe(400);
  });

  it('finishes the review only when every directive is accepted or dropped, then locks them', async () => {
    const pending = await call('POST', url('/review'), staff);
    expect(pending.statusCode).toBe(400);
    expect(pending.json().error.message).toMatch(/还有 \d+ 条要求尚未决定采纳与否：第 \d+ 条/);
    const current = await get();
    const open = current.directives.filter((d: DirectiveBody) => d.status === 'proposed');
    expect(pending.json().error.details).toHaveLength(open.length);
    for (const [i, d] of open.entries()) {
      const status = i % 5 === 4 ? 'dropped' : 'accepted';
      expect((await call('PATCH', url(`/directives/${d.id}`), staff, { status })).statusCode).toBe(200);
    }
    const reviewed = await call('POST', url('/review'), staff);
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: 'reviewed' });
    expect(reviewed.json().acceptedCount).toBeGreaterThan(0);
    const locked = await call('PATCH', url(`/directives/${open[0].id}`), staff, { status: 'dropped' });
    expect(locked.statusCode).toBe(409);
    const reopened = await call('PATCH', url(), staff, { status: 'draft' });
    expect(reopened.json().status).toBe('draft');
    expect((await call('PATCH', url(), staff, { status: 'reviewed' })).statusCode).toBe(400);
    expect((await call('POST', url('/review'), staff)).statusCode).toBe(200);
  });

  it('records every review change in the audit log', async () => {
    const [first, second, third, fourth, fifth] = meeting.directives;
    await call('PATCH', url(`/directives/${first!.id}`), staff, { status: 'accepted' });
    await call('PATCH', url(`/directives/${second!.id}`), staff, { status: 'dropped' });
    await call('PATCH', url(`/directives/${third!.id}`), staff, { text: third!.text.slice(1) });
    await call('POST', url('/directives/merge'), staff, { ids: [fourth!.id, fifth!.id] });
    const splittable = meeting.directives.find((d, i) => i > 4 && d.text.includes('，'))!;
    await call('POST', url(`/directives/${splittable.id}/split`), staff, {
      at: splittable.text.indexOf('，') + 1,
    });
    await call('POST', url('/directives'), staff, { text: '各乡镇要在6月底前完成自查' });
    await call('POST', url('/directives/accept-remaining'), staff);
    expect((await call('POST', url('/review'), staff)).statusCode).toBe(200);

    // Only this meeting's entries: the demo data holds other meetings' reviews, a district's among them.
    const entries = (await call('GET', '/api/audit?entity=directive&pageSize=500', admin))
      .json()
      .items.filter((e: { summary: string }) => e.summary.startsWith(`会议“${meeting.title}”`));
    const summaries = entries.map((e: { summary: string }) => e.summary).join('\n');
    for (const word of ['接受第', '舍弃第', '修改第', '合并第', '拆分第', '新增第'])
      expect(summaries).toContain(word);
    expect(entries.every((e: { regionCode: string }) => e.regionCode === '420500000000')).toBe(true);
    const reviews = (await call('GET', `/api/audit?entity=meeting&entityId=${meeting.id}`, admin)).json()
      .items;
    expect(reviews.map((e: { summary: string }) => e.summary)).toContain(
      '会议 当阳市疫情防控指挥部电视电话会议 的要求审核完成',
    );
  });

  it('exports the directives with Chinese labels', async () => {
    await call('PATCH', url(`/directives/${meeting.directives[1]!.id}`), staff, { status: 'dropped' });
    await call('POST', url('/directives/accept-remaining'), staff);
    const res = await call('GET', url('/directives/export.xlsx'), leader);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(['序号', '要求内容', '类别', '涉及单位', '涉及区域', '数字', '时限', '状态']);
    const current = await get();
    expect(sheet.rowCount).toBe(current.directives.length + 1);
    expect(sheet.getRow(2).getCell(1).text).toBe('1');
    expect(['疫情防控', '经济发展', '安全发展', '社会治理', '其他']).toContain(
      sheet.getRow(2).getCell(3).text,
    );
    expect(['已采纳', '不采纳']).toContain(sheet.getRow(2).getCell(8).text);
    const withNumbers = current.directives.findIndex((d: { numbers: unknown[] }) => d.numbers.length > 0);
    if (withNumbers >= 0) expect(sheet.getRow(withNumbers + 2).getCell(6).text).not.toBe('');
    expect((await call('GET', url('/directives/export.xlsx'), xiling)).statusCode).toBe(404);
  });

  it('deleting the meeting removes its directives', async () => {
    const extra = await importReport('zhijiang');
    expect((await call('DELETE', `/api/meetings/${extra.id}`, staff)).statusCode).toBe(200);
    const rows = await t.database.db.execute(
      sql`select count(*)::int as n from directives where meeting_id = ${extra.id}`,
    );
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});

describe('garbled text in an accepted directive', () => {
  type Span = { start: number; end: number; raw: string; suggestion?: string; resolution: string };
  const url = (id: number, suffix = '') => `/api/meetings/${id}${suffix}`;
  const holderOf = (meeting: { directives: DirectiveBody[] }, raw: string) =>
    meeting.directives.find((d) => d.text.includes(raw))!;

  it('refuses to finish the review while an accepted directive still holds an undecided or rejected span', async () => {
    const meeting = await importReport('dangyang', { publishedAt: '2022-05-10' });
    const span = meeting.unreadable[0] as Span;
    expect(span).toMatchObject({ raw: '?饝羯祥T', suggestion: '逐户上门', resolution: 'pending' });
    const holder = holderOf(meeting, span.raw);
    expect(holder.text).toContain('组织医护人员?饝羯祥T服务');
    expect((await call('POST', url(meeting.id, '/directives/accept-remaining'), staff)).statusCode).toBe(200);

    const refused = await call('POST', url(meeting.id, '/review'), staff);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      `第 ${holder.seq} 条要求已采纳，但文字中仍有无法识别的乱码，不能完成审核：请采用乱码的建议文字，或编辑要求改正乱码`,
    );
    expect(refused.json().error.details).toEqual([
      {
        field: `directives.${holder.id}`,
        message: `第 ${holder.seq} 条含乱码“?饝羯祥T”（建议改为“逐户上门”）`,
      },
    ]);
    expect((await call('GET', url(meeting.id), staff)).json().status).toBe('draft');

    // Dropped, it no longer matters; accepted again, it does.
    await call('PATCH', url(meeting.id, `/directives/${holder.id}`), staff, { status: 'dropped' });
    expect((await call('POST', url(meeting.id, '/review'), staff)).statusCode).toBe(200);
    await call('PATCH', url(meeting.id), staff, { status: 'draft' });
    await call('PATCH', url(meeting.id, `/directives/${holder.id}`), staff, { status: 'accepted' });
    expect((await call('POST', url(meeting.id, '/review'), staff)).statusCode).toBe(409);

    // Corrected by hand, the directive may be locked although the report's span stays marked.
    const corrected = await call('PATCH', url(meeting.id, `/directives/${holder.id}`), staff, {
      text: holder.text.replace(span.raw, '逐户上门'),
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const reviewed = await call('POST', url(meeting.id, '/review'), staff);
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().unreadable[0].resolution).toBe('pending');
  });

  it('refuses the same for a span rejected on import, and lets a rejected span be taken later', async () => {
    const preview = (await call('POST', '/api/meetings/parse', staff, { text: reports.dangyang })).json();
    const meeting = await importReport('dangyang', {
      publishedAt: '2022-05-10',
      unreadable: [{ start: preview.unreadable[0].start, accept: false }],
    });
    expect(meeting.unreadable[0].resolution).toBe('rejected');
    await call('POST', url(meeting.id, '/directives/accept-remaining'), staff);
    expect((await call('POST', url(meeting.id, '/review'), staff)).statusCode).toBe(409);
    const taken = await call('POST', url(meeting.id, '/unreadable'), staff, {
      start: meeting.unreadable[0].start,
      accept: true,
    });
    expect(taken.statusCode, taken.body).toBe(200);
    expect((await call('POST', url(meeting.id, '/review'), staff)).statusCode).toBe(200);
  });

  it('takes a suggestion after import: the text, its edits, the directives and the warnings follow', async () => {
    const meeting = await importReport('dangyang', { publishedAt: '2022-05-10' });
    const span = meeting.unreadable[0] as Span;
    const holder = holderOf(meeting, span.raw);
    const shift = span.suggestion!.length - span.raw.length;
    expect(meeting.warnings).toContain(unreadableWarning(1));
    const auditBefore = (await call('GET', `/api/audit?entity=meeting&entityId=${meeting.id}`, admin)).json()
      .total;

    // Neither a reader nor another district may decide.
    const decision = { start: span.start, accept: true };
    expect((await call('POST', url(meeting.id, '/unreadable'), leader, decision)).statusCode).toBe(403);
    expect((await call('POST', url(meeting.id, '/unreadable'), xlstaff, decision)).statusCode).toBe(404);
    const nowhere = await call('POST', url(meeting.id, '/unreadable'), staff, { start: 3, accept: true });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.message).toContain('没有乱码');

    const res = await call('POST', url(meeting.id, '/unreadable'), staff, decision);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.cleanText).toContain('组织医护人员逐户上门服务');
    expect(after.cleanText).not.toContain(span.raw);
    expect(after.cleanText.length).toBe(meeting.cleanText.length + shift);
    expect(applyTextEdits(after.originalText, after.edits)).toBe(after.cleanText);
    expect(after.unreadable[0]).toMatchObject({
      start: span.start,
      end: span.start + span.suggestion!.length,
      resolution: 'accepted',
    });
    expect(after.warnings).not.toContain(unreadableWarning(1));
    // Every directive as the report had it is still its slice of the text; the one that held the garble
    // now holds the suggestion, and those after it moved with the text.
    for (const d of after.directives as DirectiveBody[])
      expect(after.cleanText.slice(d.spanStart!, d.spanEnd!)).toBe(d.text);
    const fixed = after.directives.find((d: DirectiveBody) => d.id === holder.id);
    expect(fixed.text).toBe(holder.text.replace(span.raw, span.suggestion!));
    const last = meeting.directives.at(-1) as DirectiveBody;
    expect(after.directives.at(-1).spanStart).toBe(last.spanStart! + shift);

    const audit = (await call('GET', `/api/audit?entity=meeting&entityId=${meeting.id}`, admin)).json();
    expect(audit.total).toBe(auditBefore + 1);
    expect(audit.items[0].summary).toBe(
      `会议“${meeting.title}”：乱码“${span.raw}”采用建议“${span.suggestion}”，第 ${holder.seq} 条要求随之改正`,
    );

    // Taken is final; and the review goes through.
    const again = await call('POST', url(meeting.id, '/unreadable'), staff, {
      start: span.start,
      accept: false,
    });
    expect(again.statusCode).toBe(409);
    await call('POST', url(meeting.id, '/directives/accept-remaining'), staff);
    expect((await call('POST', url(meeting.id, '/review'), staff)).statusCode).toBe(200);
  });

  it('replaces the garble in a directive the reviewer changed, and keeps its span', async () => {
    const meeting = await importReport('dangyang', { publishedAt: '2022-05-10' });
    const span = meeting.unreadable[0] as Span;
    const holder = holderOf(meeting, span.raw);
    const next = meeting.directives[holder.seq] as DirectiveBody;
    const merged = (
      await call('POST', url(meeting.id, '/directives/merge'), staff, { ids: [holder.id, next.id] })
    ).json();
    expect(merged.text).toContain(span.raw);
    const after = (
      await call('POST', url(meeting.id, '/unreadable'), staff, { start: span.start, accept: true })
    ).json();
    const d = after.directives.find((x: DirectiveBody) => x.id === holder.id);
    expect(d.text).toBe(merged.text.replace(span.raw, span.suggestion!));
    expect(d.spanStart).toBe(merged.spanStart);
    expect(d.spanEnd).toBe(merged.spanEnd + span.suggestion!.length - span.raw.length);
  });

  it('keeps a span marked on request, refuses a span with no suggestion to take, and locks with the meeting', async () => {
    const meeting = await importReport('yiling', { date: '2020-02-12' });
    const [first] = meeting.unreadable as Span[];
    expect(first!.suggestion).toBeUndefined();
    const take = await call('POST', url(meeting.id, '/unreadable'), staff, {
      start: first!.start,
      accept: true,
    });
    expect(take.statusCode).toBe(400);
    expect(take.json().error.message).toContain('没有可采用的建议文字');
    const keep = await call('POST', url(meeting.id, '/unreadable'), staff, {
      start: first!.start,
      accept: false,
    });
    expect(keep.statusCode, keep.body).toBe(200);
    expect(keep.json().unreadable[0].resolution).toBe('rejected');
    expect(keep.json().cleanText).toBe(meeting.cleanText);
    const bad = await call('POST', url(meeting.id, '/unreadable'), staff, { start: -1 });
    expect(bad.statusCode).toBe(400);

    // Both garbled directives dropped: nothing garbled is accepted, so the review goes through and locks.
    for (const d of meeting.directives as DirectiveBody[]) {
      const garbled = (meeting.unreadable as Span[]).some((u) => d.text.includes(u.raw));
      await call('PATCH', url(meeting.id, `/directives/${d.id}`), staff, {
        status: garbled ? 'dropped' : 'accepted',
      });
    }
    expect((await call('POST', url(meeting.id, '/review'), staff)).statusCode).toBe(200);
    const locked = await call('POST', url(meeting.id, '/unreadable'), staff, {
      start: meeting.unreadable[1].start,
      accept: false,
    });
    expect(locked.statusCode).toBe(409);
  });
});

describe('dates of meetings and reports', () => {
  it('refuses a meeting or publication date after today (Beijing time), naming the field', async () => {
    const today = beijingToday();
    const cases: [string, () => ReturnType<typeof call>, string][] = [
      [
        'create',
        () => call('POST', '/api/meetings', staff, { title: '未来会议', date: '2099-01-01' }),
        'body.date',
      ],
      [
        'import date',
        () => call('POST', '/api/meetings/import', staff, { text: reports.zhijiang, date: '2099-01-01' }),
        'body.date',
      ],
      [
        'import publishedAt',
        () =>
          call('POST', '/api/meetings/import', staff, { text: reports.zhijiang, publishedAt: '2099-01-01' }),
        'body.publishedAt',
      ],
      [
        'parse publishedAt',
        () =>
          call('POST', '/api/meetings/parse', staff, { text: reports.zhijiang, publishedAt: '2099-01-01' }),
        'body.publishedAt',
      ],
      [
        'file publishedAt',
        () =>
          upload(
            '/api/meetings/import?publishedAt=2099-01-01',
            staff,
            Buffer.from(reports.zhijiang),
            'text/plain',
          ),
        'querystring.publishedAt',
      ],
    ];
    const before = await countMeetings();
    for (const [label, run, field] of cases) {
      const res = await run();
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.details[0], label).toEqual({
        field,
        message: `${field.endsWith('publishedAt') ? '发布日期' : '会议日期'}不能晚于今天（${today}）：2099-01-01`,
      });
    }
    expect(await countMeetings()).toBe(before);

    const created = await call('POST', '/api/meetings', staff, { title: '今天的会议', date: today });
    expect(created.statusCode, created.body).toBe(201);
    const moved = await call('PATCH', `/api/meetings/${created.json().id}`, staff, { date: '2099-01-01' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.details[0].field).toBe('body.date');
    // A date without a year cannot be placed, so it is taken as it is.
    const partial = await call('PATCH', `/api/meetings/${created.json().id}`, staff, { date: '--12-31' });
    expect(partial.statusCode, partial.body).toBe(200);
  });

  it('refuses a report whose own date is after today unless the user gives the date', async () => {
    const text = '2099年1月1日，宜昌市疫情防控指挥部召开视频调度会。会议要求，各县市区要加快老年人疫苗接种。';
    const refused = await call('POST', '/api/meetings/import', staff, { text });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({ field: 'date' });
    expect(refused.json().error.message).toContain('会议日期不能晚于今天');
    const corrected = await call('POST', '/api/meetings/import', staff, { text, date: '2022-01-01' });
    expect(corrected.statusCode, corrected.body).toBe(201);
  });

  it('refuses a day the calendar does not have instead of failing in the database', async () => {
    const res = await call('POST', '/api/meetings', staff, { title: '例会', date: '2022-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({ field: 'body.date', message: '会议日期不存在' });
    const leap = await call('POST', '/api/meetings', staff, { title: '例会', date: '--02-29' });
    expect(leap.statusCode, leap.body).toBe(201);
  });
});

describe('editing, merging and splitting directives within limits', () => {
  let meetingId: number;
  const url = (suffix: string) => `/api/meetings/${meetingId}${suffix}`;
  const addDirective = async (body: object) => {
    const res = await call('POST', url('/directives'), staff, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as DirectiveBody & { units: string[]; regions: string[]; deadline: string | null };
  };

  beforeAll(async () => {
    const res = await call('POST', '/api/meetings', staff, {
      title: '市疫情防控指挥部专题会议',
      date: '2022-05-20',
      text: `会议要求，${'各地要加快疫苗接种。'.repeat(70)}`,
    });
    meetingId = res.json().id;
  });

  it('refuses directive text over 500 characters and a deadline with no such month or day, naming the field', async () => {
    const d = await addDirective({ text: '各地要加快老年人疫苗接种' });
    const patch = (body: object) => call('PATCH', url(`/directives/${d.id}`), staff, body);
    const long = await patch({ text: '要'.repeat(3000) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0]).toEqual({
      field: 'body.text',
      message: '要求内容不能超过 500 字（现为 3000 字），过长的请拆分为几条',
    });
    expect((await patch({ text: '要'.repeat(500) })).statusCode).toBe(200);
    const cases: [string, string][] = [
      ['2022年13月45日前', '时限中的月份不对：没有 13 月，月份应为 1–12'],
      ['5月45日前', '时限中的日期不对：没有 45 日，日应为 1–31'],
      ['2022年2月30日前', '时限中的日期不存在：2022年没有 2月30日'],
      ['2022-13-01', '时限中的月份不对：没有 13 月，月份应为 1–12'],
    ];
    for (const [deadline, message] of cases) {
      const res = await patch({ deadline });
      expect(res.statusCode, deadline).toBe(400);
      expect(res.json().error.details[0], deadline).toEqual({ field: 'body.deadline', message });
      // The schema's own Chinese sentence is the message; the field is in the details.
      expect(res.json().error.message, deadline).toBe(message);
    }
    for (const deadline of ['2022年5月31日前', '5月底前', '45日内', '每周', '2024年2月29日前']) {
      const res = await patch({ deadline });
      expect(res.statusCode, deadline).toBe(200);
      expect(res.json().deadline).toBe(deadline);
    }
    const added = await call('POST', url('/directives'), staff, { text: '要完成摸底', deadline: '0月1日' });
    expect(added.json().error.details[0].field).toBe('body.deadline');
  });

  it('refuses a merge or a passage that would make a directive over 500 characters', async () => {
    const a = await addDirective({ text: `${'甲'.repeat(300)}。` });
    const b = await addDirective({ text: `${'乙'.repeat(300)}。` });
    const merged = await call('POST', url('/directives/merge'), staff, { ids: [a.id, b.id] });
    expect(merged.statusCode).toBe(400);
    expect(merged.json().error.message).toContain('合并后的要求共 602 字，超过了一条要求 500 字的上限');
    const passage = await call('POST', url('/directives'), staff, { span: { start: 5, end: 605 } });
    expect(passage.statusCode).toBe(400);
    expect(passage.json().error.details[0]).toEqual({ field: 'span', message: '超过 500 字' });
    expect((await call('POST', url('/directives'), staff, { span: { start: 5, end: 505 } })).statusCode).toBe(
      201,
    );
  });

  it('splits keeping the category, and each part keeps the units, regions and numbers it names', async () => {
    const text = '市公安局要在5月底前完成矛盾纠纷排查，西陵区要做好信访维稳工作，储备隔离房间每万人60间';
    const d = await addDirective({
      text,
      category: 'governance',
      units: ['市公安局', '市信访局'],
      regions: ['西陵区'],
    });
    const at = text.indexOf('西陵区');
    const res = await call('POST', url(`/directives/${d.id}/split`), staff, { at });
    expect(res.statusCode, res.body).toBe(200);
    const [head, tail] = res.json();
    expect(head).toMatchObject({
      text: '市公安局要在5月底前完成矛盾纠纷排查',
      category: 'governance',
      units: ['市公安局'],
      regions: ['西陵区'],
      deadline: '5月底前',
    });
    expect(tail).toMatchObject({
      text: '西陵区要做好信访维稳工作，储备隔离房间每万人60间',
      category: 'governance',
      units: ['市公安局', '市信访局'],
      regions: ['西陵区'],
      deadline: null,
    });
    type Numbers = { numbers: { text: string }[] };
    expect(d.deadline).toBe('5月底前');
    expect((d as unknown as Numbers).numbers.length).toBeGreaterThan(0);
    for (const part of [head, tail] as (DirectiveBody & Numbers)[])
      expect(part.numbers).toEqual(
        (d as unknown as Numbers).numbers.filter((n) => part.text.includes(n.text)),
      );
  });

  it('refuses a split position that leaves fewer than 2 characters on a side, saying where it may be', async () => {
    const d = await addDirective({ text: '要加快疫苗接种' });
    const split = (at: number) => call('POST', url(`/directives/${d.id}/split`), staff, { at });
    const far = await split(9999);
    expect(far.statusCode).toBe(400);
    expect(far.json().error.message).toBe(
      '拆分位置 9999 不行：两部分各要至少 2 个字（标点不算），位置应在 2 到 5 之间（这条要求共 7 字）',
    );
    expect(far.json().error.details[0]).toEqual({ field: 'at', message: '拆分位置应在 2–5 之间' });
    expect((await split(6)).statusCode).toBe(400);
    const one = await split(1);
    expect(one.statusCode).toBe(400);
    expect(one.json().error.details[0].field).toBe('body.at');
    const ok = await split(5);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().map((x: DirectiveBody) => x.text)).toEqual(['要加快疫苗', '接种']);
    const short = await call('POST', url(`/directives/${ok.json()[1].id}/split`), staff, { at: 2 });
    expect(short.json().error.message).toBe('这条要求只有 2 字，不能再拆分');
  });
});

describe('importing a report already stored', () => {
  const text = '5月10日，宜昌市疫情防控指挥部召开专题调度会。会议要求，各县市区要加快老年人疫苗接种。';

  it('names the meetings with the same title and date in the preview and on import, and still imports', async () => {
    const fresh = (
      await call('POST', '/api/meetings/parse', staff, { text, publishedAt: '2022-05-10' })
    ).json();
    expect(fresh.meeting).toMatchObject({ title: '宜昌市疫情防控指挥部专题调度会', date: '2022-05-10' });
    expect(fresh.duplicates).toEqual([]);
    const first = await call('POST', '/api/meetings/import', staff, { text, publishedAt: '2022-05-10' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().duplicates).toEqual([]);
    expect(first.json().warnings.some((w: string) => w.includes('同名、同日期'))).toBe(false);
    const stored = first.json().meeting;

    const again = (
      await call('POST', '/api/meetings/parse', staff, { text, publishedAt: '2022-05-10' })
    ).json();
    expect(again.duplicates).toEqual([
      {
        id: stored.id,
        title: '宜昌市疫情防控指挥部专题调度会',
        dateText: '2022-05-10',
        regionName: '宜昌市',
        status: 'draft',
        createdAt: stored.createdAt,
      },
    ]);
    // A date without a year may be the same day; another day is another meeting.
    const noYear = (await call('POST', '/api/meetings/parse', staff, { text })).json();
    expect(noYear.duplicates.map((m: { id: number }) => m.id)).toEqual([stored.id]);
    const otherDay = (await call('POST', '/api/meetings/parse', staff, { text, date: '2022-05-11' })).json();
    expect(otherDay.duplicates).toEqual([]);

    const second = await call('POST', '/api/meetings/import', staff, { text, publishedAt: '2022-05-10' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().duplicates.map((m: { id: number }) => m.id)).toEqual([stored.id]);
    const warning = duplicateWarning(second.json().duplicates);
    expect(warning).toBe(
      `已有 1 个同名、同日期的会议（编号 ${stored.id}），请确认不是重复导入 / 1 meeting(s) with the same title and date already stored (id ${stored.id}): check this is not a repeat import`,
    );
    expect(second.json().warnings).toContain(warning);
    expect(second.json().meeting.warnings).not.toContain(warning);
    expect(second.json().meeting.id).not.toBe(stored.id);
  });

  it('does not name a meeting outside the caller’s scope', async () => {
    const district = '5月10日，伍家岗区疫情防控工作例会召开。会议要求，要加快疫苗接种。';
    const stored = await call('POST', '/api/meetings/import', admin, {
      text: district,
      publishedAt: '2022-05-10',
      regionCode: '420503000000',
    });
    expect(stored.statusCode, stored.body).toBe(201);
    const own = (
      await call('POST', '/api/meetings/parse', admin, { text: district, publishedAt: '2022-05-10' })
    ).json();
    expect(own.duplicates.map((m: { id: number }) => m.id)).toEqual([stored.json().meeting.id]);
    const xl = (
      await call('POST', '/api/meetings/parse', xlstaff, { text: district, publishedAt: '2022-05-10' })
    ).json();
    expect(xl.duplicates).toEqual([]);
    const imported = await call('POST', '/api/meetings/import', xlstaff, {
      text: district,
      publishedAt: '2022-05-10',
    });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().duplicates).toEqual([]);
  });
});

describe.skipIf(!seeds)('the real seed reports through the API', () => {
  const real = seeds ?? { jingmen: '', dezhou: '', panzhihua: '' };

  it('previews the 荆门 report with its facts, its garbled run and its directives, storing nothing', async () => {
    const before = await countMeetings();
    const res = await call('POST', '/api/meetings/parse', staff, {
      text: real.jingmen,
      publishedAt: '2022-05-10',
    });
    expect(res.statusCode, res.body).toBe(200);
    const parse = res.json();
    expect(parse.meeting).toMatchObject({
      date: '2022-05-10',
      title: '荆门市疫情防控指挥部电视电话会议',
      kind: 'telephone_conference',
    });
    expect(parse.meeting.speakers.map((p: { name: string }) => p.name)).toContain('张勇');
    expect(applyTextEdits(parse.original, parse.edits)).toBe(parse.text);
    expect(parse.unreadable[0]).toMatchObject({ raw: '?qū)嵣钊胍痪€', suggestion: '实深入一线' });
    expect(parse.directives.length).toBeGreaterThan(20);
    expect(await countMeetings()).toBe(before);
  });

  it('stores each as a draft whose edits rebuild the clean text and whose directives are its slices', async () => {
    for (const text of Object.values(real)) {
      const res = await call('POST', '/api/meetings/import', staff, { text });
      expect(res.statusCode, res.body).toBe(201);
      const { meeting } = res.json();
      expect(meeting.status).toBe('draft');
      expect(applyTextEdits(meeting.originalText, meeting.edits)).toBe(meeting.cleanText);
      expect(meeting.directives.length).toBeGreaterThan(5);
      for (const d of meeting.directives as DirectiveBody[])
        expect(meeting.cleanText.slice(d.spanStart!, d.spanEnd!)).toBe(d.text);
    }
    const jingmen = (await call('POST', '/api/meetings/import', staff, { text: real.jingmen })).json()
      .meeting;
    expect(jingmen.conveyed).toEqual([
      '中央政治局常务委员会会议',
      '全国疫情防控工作电视电话会议',
      '省委常委会会议',
    ]);
    expect(jingmen.venues.branches).toEqual(['京山分会场']);
  });
});

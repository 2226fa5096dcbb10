// The parser on short reports the project wrote itself (test/fixtures/meetings/reports), carrying every kind of
// noise a scraped page has: traditional characters, pinyin glosses in ASCII and full-width brackets, ASCII and
// doubled punctuation, both kinds of mojibake, site navigation, headers, footers, bylines and a page stamp.
// It checks what meeting-text.test.ts checks on the real seed reports, so it holds on a clone without them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/processes.ts';
import { applyTextEdits, normaliseMeetingText } from './meeting-text.normalise.ts';
import { type MeetingParse, parseMeetingReport } from './meeting-text.parse.ts';

const reportsDir = path.join(repoRoot, 'test/fixtures/meetings/reports');
const read = (name: string) => readFileSync(path.join(reportsDir, `${name}.txt`), 'utf8');

/** No year, no publication date; a telephone conference with a speaker, no chair; misaligned-GBK mojibake. */
const dangyang = read('t01-dangyang-phone');
/** A page stamp and a publication line; real parentheses; UTF-8 read as GBK. */
const zhijiang = read('t02-zhijiang-executive');
/** A chair with a long post, glosses in full-width brackets, bylines as chrome lines, junk with no suggestion. */
const yiling = read('t03-yiling-leadgroup');
const parsed = {
  dangyang: parseMeetingReport(dangyang),
  zhijiang: parseMeetingReport(zhijiang),
  yiling: parseMeetingReport(yiling),
};
const all = Object.values(parsed);

const names = (people: { name: string }[]) => people.map((p) => p.name);
function readablePart(parse: MeetingParse): string {
  let text = parse.text;
  for (const span of [...parse.unreadable].reverse()) text = text.slice(0, span.start) + text.slice(span.end);
  return text;
}
const directiveWith = (parse: MeetingParse, needle: string) =>
  parse.directives.find((d) => d.text.includes(needle));
const originalOf = (parse: MeetingParse, edit: { start: number; end: number }) =>
  parse.original.slice(edit.start, edit.end);

describe('normalisation of the project’s noisy reports', () => {
  it('records every change so the edits rebuild the clean text from the original', () => {
    for (const parse of all) {
      expect(applyTextEdits(parse.original, parse.edits)).toBe(parse.text);
      for (const edit of parse.edits) expect(edit.end).toBeGreaterThanOrEqual(edit.start);
    }
    const kinds = new Set(all.flatMap((p) => p.edits.map((e) => e.kind)));
    for (const kind of ['header', 'byline', 'gloss', 'punctuation', 'simplify', 'whitespace'])
      expect(kinds, kind).toContain(kind);
  });

  it('converts traditional characters to simplified', () => {
    expect(dangyang).toContain('當陽市疫情防控指揮部');
    expect(parsed.dangyang.text).toContain('5月16日晚，当阳市疫情防控指挥部电视电话会议召开');
    for (const parse of all) expect(readablePart(parse)).not.toMatch(/[會議陽揮導經濟當區傳]/u);
    const simplify = parsed.dangyang.edits.find(
      (e) => e.kind === 'simplify' && originalOf(parsed.dangyang, e).includes('當陽'),
    );
    expect(simplify?.replacement).toContain('当阳');
    expect(parsed.yiling.text).toContain('区委书记、区新冠肺炎疫情防控工作领导小组组长吴国强主持会议');
  });

  it('removes pinyin glosses in either bracket but keeps real parenthesised text', () => {
    expect(dangyang).toContain('防(fáng)控');
    expect(yiling).toContain('會（huì）議');
    for (const parse of all) expect(readablePart(parse)).not.toMatch(/[(（][a-zāáǎàīíǐìūúǔùēéěèōóǒò]+[)）]/u);
    const gloss = parsed.dangyang.edits.find((e) => e.kind === 'gloss');
    expect(gloss && originalOf(parsed.dangyang, gloss)).toBe('(fáng)');
    expect(
      parsed.yiling.edits.some((e) => e.kind === 'gloss' && originalOf(parsed.yiling, e) === '（chǎn）'),
    ).toBe(true);
    expect(parsed.zhijiang.text).toContain('传达学习市委常委会（扩大）会议精神');
    expect(parsed.zhijiang.text).toContain('各镇（街道）要在6月15日前');
  });

  it('makes ASCII punctuation full-width and collapses doubled marks', () => {
    expect(dangyang).toContain('會議召開,,傳');
    expect(parsed.dangyang.text).toContain('电视电话会议召开，传达学习');
    expect(parsed.zhijiang.text).toContain('防汛形势不容乐观。');
    expect(parsed.yiling.text).toContain('要强化物资保障、确保口罩');
    for (const parse of all) expect(readablePart(parse)).not.toMatch(/[，、。,]{2,}|(?<=\p{Script=Han}),/u);
  });

  it('drops site navigation, headers, footers, page stamps and bylines, keeping the date and bylines aside', () => {
    expect(parsed.dangyang.text).not.toMatch(/新闻网|要闻|责任编辑|刘洋|版权所有|融媒体中心|张华/u);
    expect(parsed.dangyang.text.endsWith('把矛盾化解在基层。')).toBe(true);
    expect(parsed.zhijiang.text).not.toMatch(/08:30|字号|发布时间|来源|阅读次数|打印|关闭/u);
    expect(parsed.zhijiang.meeting.publishedAt).toBe('2021-06-09');
    expect(parsed.yiling.text).not.toMatch(/杨帆|周静/u);
    expect(normaliseMeetingText(yiling).bylines).toEqual(['记者|杨帆', '编辑|周静']);
    expect(normaliseMeetingText(dangyang).bylines.sort()).toEqual(
      ['全媒体记者 张华', '责任编辑:刘洋'].sort(),
    );
  });

  it('flags a GBK page that lost a byte and recovers what it can', () => {
    const [span, ...others] = parsed.dangyang.unreadable;
    expect(others).toEqual([]);
    const { text } = parsed.dangyang;
    expect(span?.raw.startsWith('?')).toBe(true);
    expect(text.slice(span?.start, span?.end)).toBe(span?.raw);
    expect(text.slice(0, span?.start).endsWith('组织医护人员')).toBe(true);
    // The bytes re-read one byte on give back the phrase; 服务 after it was never garbled.
    expect(`${span?.suggestion}${text.slice(span?.end, (span?.end ?? 0) + 2)}`).toBe('逐户上门服务');
    expect(parsed.dangyang.warnings.some((w) => w.includes('unreadable'))).toBe(true);
  });

  it('flags UTF-8 read as GBK with the text it was, junk without a guess, and no clean sentence', () => {
    const [span, ...others] = parsed.zhijiang.unreadable;
    expect(others).toEqual([]);
    expect(span?.suggestion).toBe('全力以赴扩大有效投资');
    expect(zhijiang).toContain(span?.raw);
    // Runs of junk no decoding explains are flagged too, with nothing to suggest.
    expect(parsed.yiling.unreadable.map((u) => [u.raw, u.suggestion])).toEqual([
      ['?п?ρ', undefined],
      ['鍙?鐨勫?', undefined],
    ]);
    // With the garbled runs cut out nothing is flagged, names such as 郑丽 and 冯涛 included.
    for (const parse of all) expect(normaliseMeetingText(readablePart(parse)).unreadable).toEqual([]);
  });
});

describe('meeting facts from the project’s reports', () => {
  it('reads the date, inferring the year from the publication date or asking for it', () => {
    expect(parsed.zhijiang.meeting.date).toBe('2021-06-08');
    expect(parsed.dangyang.meeting.date).toBe('--05-16');
    expect(parsed.dangyang.warnings.some((w) => w.includes('confirm'))).toBe(true);
    expect(parseMeetingReport(dangyang, { publishedAt: '2022-05-17' }).meeting.date).toBe('2022-05-16');
    expect(parsed.yiling.meeting.date).toBe('--03-02');
  });

  it('finds the title and kind of meeting', () => {
    expect(parsed.dangyang.meeting).toMatchObject({
      title: '当阳市疫情防控指挥部电视电话会议',
      kind: 'telephone_conference',
    });
    expect(parsed.zhijiang.meeting).toMatchObject({ kind: 'standing_committee' });
    expect(parsed.yiling.meeting).toMatchObject({
      title: '夷陵区新冠肺炎疫情防控工作领导小组会议',
      kind: 'hq_meeting',
    });
  });

  it('finds chair, speakers and attendees with bare names and their posts', () => {
    const dy = parsed.dangyang.meeting;
    expect(dy.chair).toEqual([]);
    expect(dy.speakers).toEqual([{ name: '王立新', post: '市委书记' }]);
    expect(names(dy.attendees)).toEqual(['王立新', '周敏', '李建华', '孙丽']);
    expect(dy.attendees.find((p) => p.name === '李建华')?.post).toBe('市委常委、常务副市长');
    expect(parsed.zhijiang.meeting.chair).toEqual([{ name: '陈志刚', post: '市长' }]);
    expect(parsed.yiling.meeting.chair).toEqual([
      { name: '吴国强', post: '区委书记、区新冠肺炎疫情防控工作领导小组组长' },
    ]);
    // Reporters and editors are not people of the meeting.
    const everyone = all.flatMap((p) => [...p.meeting.chair, ...p.meeting.speakers, ...p.meeting.attendees]);
    for (const outsider of ['张华', '刘洋', '杨帆', '周静']) expect(names(everyone)).not.toContain(outsider);
  });
});

describe('directives from the project’s reports', () => {
  it('gives each directive a span of the clean text', () => {
    for (const parse of all)
      for (const d of parse.directives) expect(parse.text.slice(d.start, d.end)).toBe(d.text);
  });

  it('splits requirements, including subject + 要 clauses inside one sentence', () => {
    expect(parsed.dangyang.directives).toHaveLength(13);
    expect(directiveWith(parsed.dangyang, '各地各部门要绷紧')?.text).toBe(
      '各地各部门要绷紧思想之弦，坚决克服松懈心理',
    );
    const duties = ['各级党委政府', '各部门各单位', '各类企业'].map((unit) =>
      directiveWith(parsed.yiling, `${unit}要`),
    );
    expect(duties.map((d) => d?.units[0])).toEqual(['各级党委政府', '各部门各单位', '各类企业']);
    expect(duties.map((d) => d?.category)).toEqual(['governance', 'governance', 'governance']);
  });

  it('leaves out attendance, chairing, what was reported and background', () => {
    const texts = all.flatMap((p) => p.directives.map((d) => d.text));
    for (const needle of ['出席会议', '主持', '听取了', '作了发言', '还研究了', '汛期来得早', '形势依然严峻'])
      expect(texts.filter((t) => t.includes(needle))).toEqual([]);
  });

  it('categorises by explainable keywords', () => {
    const category = (parse: MeetingParse, needle: string) => directiveWith(parse, needle)?.category;
    expect(category(parsed.dangyang, '要加快老年人疫苗接种')).toBe('epidemic');
    expect(category(parsed.dangyang, '要统筹抓好经济运行')).toBe('economy');
    expect(category(parsed.dangyang, '要守牢安全生产底线')).toBe('safety');
    expect(category(parsed.dangyang, '要抓好信访维稳')).toBe('governance');
    expect(category(parsed.zhijiang, '山洪地质灾害隐患点排查')).toBe('safety');
  });

  it('extracts numbers with units, units and deadlines', () => {
    expect(directiveWith(parsed.dangyang, '每万人20间')?.numbers).toEqual([
      { value: 20, unit: '间/万人', text: '每万人20间' },
    ]);
    expect(directiveWith(parsed.dangyang, '市卫健局要在5月底前')).toMatchObject({
      deadline: '5月底前',
      units: ['市卫健局'],
    });
    expect(directiveWith(parsed.zhijiang, '36座小型水库')).toMatchObject({
      units: ['市水利局'],
      numbers: [{ value: 36, unit: '座', text: '36座' }],
    });
    expect(directiveWith(parsed.zhijiang, '各镇（街道）要')?.deadline).toBe('6月15日前');
    expect(directiveWith(parsed.dangyang, '要严格落实')?.deadline).toBeNull();
  });
});

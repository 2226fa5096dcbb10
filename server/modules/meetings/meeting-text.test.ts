// Behaviour of the meeting-report parser on the real seed reports, the written evaluation reports and bad input.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSeedReports } from '../../../test/support/seed-reports.ts';
import { categoriseDirective, findMeetingDate } from './meeting-text.extract.ts';
import { applyTextEdits, encodeGbk, normaliseMeetingText } from './meeting-text.normalise.ts';
import { type MeetingParse, MeetingTextError, parseMeetingReport } from './meeting-text.parse.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const writtenDir = path.join(root, 'test/fixtures/meetings/written');

// The same behaviours are checked on the project's own reports in meeting-text.reports.test.ts.
const seeds = readSeedReports('meeting-text.test.ts');
const withSeeds = it.skipIf(!seeds);
const { jingmen, dezhou, panzhihua } = seeds ?? { jingmen: '', dezhou: '', panzhihua: '' };
const parsed = seeds
  ? {
      jingmen: parseMeetingReport(jingmen),
      dezhou: parseMeetingReport(dezhou),
      panzhihua: parseMeetingReport(panzhihua),
    }
  : ({} as Record<'jingmen' | 'dezhou' | 'panzhihua', MeetingParse>);

const names = (people: { name: string }[]) => people.map((p) => p.name);
/** Clean text with the flagged mojibake cut out: the part that must be fully normalised. */
function readablePart(parse: MeetingParse): string {
  let text = parse.text;
  for (const span of [...parse.unreadable].reverse()) text = text.slice(0, span.start) + text.slice(span.end);
  return text;
}
const directiveWith = (parse: MeetingParse, needle: string) =>
  parse.directives.find((d) => d.text.includes(needle));

function expectError(run: () => unknown, code: string) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MeetingTextError);
    const e = error as MeetingTextError;
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/\p{Script=Han}/u);
    expect(e.message).toMatch(/[a-z]{4}/);
    return;
  }
  throw new Error(`expected MeetingTextError ${code}`);
}

describe('normalisation of the seed reports', () => {
  withSeeds('records every change so the edits rebuild the clean text from the original', () => {
    for (const parse of Object.values(parsed)) {
      expect(applyTextEdits(parse.original, parse.edits)).toBe(parse.text);
      for (const edit of parse.edits) expect(edit.end).toBeGreaterThanOrEqual(edit.start);
    }
    const gloss = parsed.jingmen.edits.find((e) => e.kind === 'gloss');
    expect(gloss && jingmen.slice(gloss.start, gloss.end)).toMatch(/^\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)$/u);
  });

  withSeeds('converts traditional characters to simplified', () => {
    const { text, edits } = parsed.jingmen;
    expect(text).toContain('5月10日下午，荆门市疫情防控指挥部电视电话会议召开');
    expect(text).not.toMatch(/[會議門揮導經濟]/u);
    const simplify = edits.find((e) => e.kind === 'simplify' && jingmen.slice(e.start, e.end) === '荊門');
    expect(simplify?.replacement).toBe('荆门');
    expect(parsed.dezhou.text).toContain('着力抓好经济运行');
  });

  withSeeds('removes pinyin glosses but keeps real parenthesised text', () => {
    expect(dezhou).toContain('會(huì)');
    expect(jingmen).toContain('務(wù)');
    for (const parse of Object.values(parsed))
      expect(readablePart(parse)).not.toMatch(/[(（][a-zāáǎàīíǐìūúǔùēéěèōóǒò]+[)）]/u);
    expect(parsed.panzhihua.text).toContain('市委常委会（扩大）会议');
    expect(parsed.panzhihua.text).toContain('各县（区）政府');
  });

  withSeeds('makes ASCII punctuation full-width and collapses doubled marks', () => {
    const { text } = parsed.jingmen;
    expect(text).toContain('常务委员会会议、全国疫情防控工作');
    expect(text).toContain(
      '研究部署高效统筹疫情防控、经济社会发展和安全生产工作。会议强调，要深刻、完整、全面',
    );
    for (const parse of Object.values(parsed))
      expect(readablePart(parse)).not.toMatch(/[，、。,]{2,}|(?<=\p{Script=Han}),/u);
    expect(normaliseMeetingText('共投入资金1,000万元,,确保完成。').text).toBe(
      '共投入资金1,000万元，确保完成。',
    );
  });

  withSeeds(
    'drops site headers, footers and bylines, keeping the publication date and byline as metadata',
    () => {
      expect(parsed.panzhihua.text).not.toMatch(/coffeezulin|发布时间|阅读次数|选择阅读字号|江潇/u);
      expect(parsed.panzhihua.meeting.publishedAt).toBe('2020-02-06');
      expect(parsed.dezhou.text).not.toMatch(/新媒体出品|王贺|李榕/u);
      expect(parsed.jingmen.text).not.toContain('曾凡学');
      expect(parsed.jingmen.text.endsWith('减少各类建法案件的发生。')).toBe(true);
      const normalised = normaliseMeetingText(dezhou);
      expect(normalised.bylines).toEqual(['记者|王贺', '编辑|李榕']);
    },
  );

  withSeeds('flags the seed mojibake run and recovers 实打实深入一线 from it', () => {
    const [span, ...others] = parsed.jingmen.unreadable;
    expect(others).toEqual([]);
    expect(span?.raw).toBe('?qū)嵣钊胍痪€');
    const { text } = parsed.jingmen;
    expect(text.slice(span?.start, span?.end)).toBe(span?.raw);
    // The real 实打 stays as text; the lost 实 and 深入一线 come back from re-reading the GBK bytes one byte on.
    expect(text.slice(0, span?.start).endsWith('点对点、实打')).toBe(true);
    expect(`实打${span?.suggestion}`).toBe('实打实深入一线');
    expect(parsed.jingmen.warnings.some((w) => w.includes('unreadable'))).toBe(true);
  });

  withSeeds('flags the other garbled runs in the seeds but no clean sentence', () => {
    expect(parsed.dezhou.unreadable.map((u) => u.raw)).toEqual(['?!叭r(nóng)', '?gòu)?fù)']);
    const hazardous = /緊盯(.+?)、煤礦/u.exec(panzhihua)?.[1];
    expect(parsed.panzhihua.unreadable.map((u) => u.raw)).toEqual([hazardous]);
    // With the garbled runs cut out, nothing in the seeds is flagged (names such as 马俊昀 and 虞平 included).
    for (const parse of Object.values(parsed))
      expect(normaliseMeetingText(readablePart(parse)).unreadable).toEqual([]);
    for (const file of readdirSync(writtenDir).filter((f) => f.endsWith('.source.txt'))) {
      expect(normaliseMeetingText(readFileSync(path.join(writtenDir, file), 'utf8')).unreadable).toEqual([]);
    }
  });

  it('recovers UTF-8 text that was read as GBK', () => {
    const garbled = new TextDecoder('gbk').decode(new TextEncoder().encode('全力以赴扩大有效投资'));
    const { unreadable, text } = normaliseMeetingText(`会议要求，要${garbled}。`);
    expect(unreadable).toHaveLength(1);
    expect(text.slice(unreadable[0]?.start, unreadable[0]?.end)).toBe(unreadable[0]?.raw);
    expect(unreadable[0]?.suggestion).toBe('全力以赴扩大有效投资');
    expect(new TextDecoder('gbk').decode(encodeGbk('深入一線') ?? new Uint8Array())).toBe('深入一線');
  });
});

describe('categories across the fields a headquarters deploys', () => {
  it('puts requirements without the usual epidemic/economy words in the field a reader would', () => {
    const cases: [string, string][] = [
      ['要加强密接人员和风险区人员管控', 'epidemic'],
      ['养老机构要继续实行封闭管理', 'epidemic'],
      ['要促进消费回暖，持续扩大内需', 'economy'],
      ['要抓好规上工业企业稳产达产', 'economy'],
      ['要做好主汛期强降雨防范，及时组织转移避险', 'safety'],
      ['要严厉打击非法违法生产经营行为', 'safety'],
      ['要以党建引领基层治理，发挥党员先锋模范作用', 'governance'],
      ['要用好12345热线，及时回应群众关切', 'governance'],
      ['要落实河长制，加强河湖管护', 'other'],
      ['要做好高考组织和考点服务', 'other'],
    ];
    expect(cases.map(([text]) => categoriseDirective(text))).toEqual(cases.map(([, field]) => field));
  });
});

describe('attendees listed without a post', () => {
  const attendees = (text: string) => names(parseMeetingReport(text).meeting.attendees);

  it('reads a bare list of names before 等…出席', () => {
    expect(
      attendees('3月2日，县防指召开调度会。肖炜、韩凤城、欧阳明等县处级领导出席会议。会议要求，要压实责任。'),
    ).toEqual(['肖炜', '韩凤城', '欧阳明']);
    expect(attendees('3月2日，县防指召开调度会。周立、孙敏参加会议。')).toEqual(['周立', '孙敏']);
  });

  it('does not take units, places or a post-led list for bare names', () => {
    expect(attendees('3月2日，县防指召开调度会。卫健、住建等部门负责人参加会议。')).toEqual([]);
    expect(attendees('3月2日，县防指召开调度会。张家湾、李家村等村负责人参加会议。')).toEqual([]);
    expect(attendees('3月2日，县防指召开调度会。市领导王强、刘芳出席会议。')).toEqual(['王强', '刘芳']);
  });
});

describe('meeting facts from the seeds', () => {
  withSeeds('reads the date, inferring the year from the publication date', () => {
    expect(parsed.panzhihua.meeting.date).toBe('2020-02-05');
    expect(parsed.jingmen.meeting.date).toBe('--05-10');
    expect(parsed.jingmen.warnings.some((w) => w.includes('confirm'))).toBe(true);
    expect(parseMeetingReport(jingmen, { publishedAt: '2022-05-11' }).meeting.date).toBe('2022-05-10');
    expect(findMeetingDate('12月30日，市委召开会议。', '2020-01-03', []).date).toBe('2019-12-30');
    expect(findMeetingDate('昨日，市疫情防控指挥部召开例会。', '2022-03-01', []).date).toBe('2022-02-28');
  });

  it('dates a meeting given only by its day from the publication date, or says it cannot', () => {
    expect(findMeetingDate('16日下午，县委召开常委会议。', '2021-08-17', []).date).toBe('2021-08-16');
    // A day after the publication day was last month; 31 in a 30-day month cannot be placed.
    expect(findMeetingDate('28日上午，区防指召开调度会。', '2022-03-02', []).date).toBe('2022-02-28');
    const warnings: string[] = [];
    expect(findMeetingDate('31日，市政府召开常务会议。', '2022-05-03', warnings).date).toBeNull();
    expect(warnings[0]).toContain('31日');
    const undated: string[] = [];
    expect(findMeetingDate('16日下午，县委召开常委会议。', null, undated).date).toBeNull();
    expect(undated[0]).toContain('no month or year');
    // A deadline in days is not a meeting day.
    expect(findMeetingDate('会议要求，5日内完成排查。', '2022-03-02', []).date).toBeNull();
  });

  withSeeds('finds the title and kind of meeting', () => {
    expect(parsed.jingmen.meeting).toMatchObject({
      title: '荆门市疫情防控指挥部电视电话会议',
      kind: 'telephone_conference',
    });
    expect(parsed.dezhou.meeting).toMatchObject({
      title: '市新冠肺炎疫情防控工作领导小组会议',
      kind: 'hq_meeting',
    });
    expect(parsed.panzhihua.meeting).toMatchObject({ title: '市政府第九次全体会议', kind: 'plenary' });
  });

  withSeeds('finds chair, speakers and attendees with bare names and their posts', () => {
    const jm = parsed.jingmen.meeting;
    expect(jm.chair).toEqual([]);
    expect(names(jm.speakers)).toEqual(['张勇']);
    expect(names(jm.attendees)).toEqual([
      '张勇',
      '何洪涛',
      '陈俊锋',
      '文燎原',
      '董智勇',
      '王汉丰',
      '孙俊雄',
      '丁呈呈',
      '姚志瑞',
    ]);
    expect(jm.attendees.find((p) => p.name === '何洪涛')?.post).toBe('市委副书记、市长');
    expect(jm.attendees.find((p) => p.name === '姚志瑞')?.post).toBe('副市长');
    const dz = parsed.dezhou.meeting;
    expect(dz.chair).toEqual([{ name: '李猛', post: '市委书记、市新冠肺炎疫情防控工作领导小组组长' }]);
    expect(names(dz.speakers)).toEqual(['李猛', '杨洪涛', '张传忠']);
    const pzh = parsed.panzhihua.meeting;
    expect(pzh.chair).toEqual([{ name: '虞平', post: '市委副书记、市长' }]);
    // Leaders whose speeches were studied, and reporters, are not people of this meeting.
    const everyone = Object.values(parsed).flatMap((p) => [
      ...p.meeting.chair,
      ...p.meeting.speakers,
      ...p.meeting.attendees,
    ]);
    for (const outsider of ['彭清华', '尹力', '贾瑞云', '王贺', '李榕', '江潇', '曾凡学'])
      expect(names(everyone)).not.toContain(outsider);
  });
});

describe('directives from the seeds', () => {
  withSeeds('gives each directive a span of the clean text', () => {
    for (const parse of Object.values(parsed))
      for (const d of parse.directives) expect(parse.text.slice(d.start, d.end)).toBe(d.text);
  });

  withSeeds('splits requirements, including subject + 要 clauses inside one sentence', () => {
    expect(parsed.jingmen.directives).toHaveLength(29);
    expect(directiveWith(parsed.jingmen, '市疫情防控指挥部要围绕')?.text).toBe(
      '市疫情防控指挥部要围绕落实国家、省、市有关工作要求，密集开展督察',
    );
    expect(directiveWith(parsed.jingmen, '各专项工作组要加强督导')?.text.startsWith('市“四大家”领导')).toBe(
      true,
    );
    const duties = ['各级党委政府', '各部门各单位', '各类企业'].map((unit) =>
      directiveWith(parsed.dezhou, `${unit}要`),
    );
    expect(duties.map((d) => d?.units[0])).toEqual(['各级党委政府', '各部门各单位', '各类企业']);
    expect(duties.map((d) => d?.category)).toEqual(['governance', 'governance', 'governance']);
  });

  withSeeds('leaves out attendance, chairing, reports of what was reported and background', () => {
    const all = Object.values(parsed).flatMap((p) => p.directives.map((d) => d.text));
    for (const needle of [
      '收听收看',
      '作出工作部署',
      '主持',
      '讲了意见',
      '汇报了',
      '疫情发生以来',
      '正处于胶着',
      '出席会议',
      '讨论通过',
      '历来是生产安全事故',
    ])
      expect(all.filter((t) => t.includes(needle))).toEqual([]);
    expect(all.some((t) => t.startsWith('坚持具体工作项目化'))).toBe(true);
  });

  withSeeds('categorises by explainable keywords', () => {
    const category = (parse: MeetingParse, needle: string) => directiveWith(parse, needle)?.category;
    expect(category(parsed.jingmen, '要加大流调队伍')).toBe('epidemic');
    expect(category(parsed.jingmen, '要始终坚持招商引资')).toBe('economy');
    expect(category(parsed.jingmen, '要加大D级危房隐患整治力度')).toBe('safety');
    expect(category(parsed.jingmen, '要抓好信访维稳')).toBe('governance');
    expect(category(parsed.panzhihua, '要加大对疫情防控物资生产企业')).toBe('safety');
    expect(category(parsed.dezhou, '扎实办好各项民生实事')).toBe('other');
    // No keyword of its own: the heading it sits under decides.
    const headed = parseMeetingReport(
      '会议强调，要守牢防线，确保疫情要防住。要形成高度共识。要严格执行先报批后开工。',
    );
    expect(headed.directives.map((d) => d.category)).toEqual(['epidemic', 'epidemic', 'economy']);
  });

  withSeeds('extracts numbers with units, units, regions and deadlines', () => {
    const rooms = directiveWith(parsed.jingmen, '每万人60间');
    expect(rooms?.numbers).toEqual([{ value: 60, unit: '间/万人', text: '每万人60间' }]);
    expect(directiveWith(parsed.jingmen, '确保京山长治久安')?.regions).toEqual(['京山']);
    expect(directiveWith(parsed.jingmen, '要加大疫苗接种力度')?.numbers).toEqual([
      { value: 60, unit: '岁', text: '60岁' },
    ]);
    const written = parseMeetingReport(readFileSync(path.join(writtenDir, 'w01-yichang-video.txt'), 'utf8'));
    const sampling = directiveWith(written, '市卫健委要在5月底前');
    expect(sampling).toMatchObject({ deadline: '5月底前', units: ['市卫健委'] });
    expect(sampling?.numbers.map((n) => `${n.value}${n.unit}`)).toEqual(['15个', '15分钟']);
    expect(directiveWith(written, '市应急管理局要会同')?.deadline).toBe('年底前');
    expect(directiveWith(parsed.jingmen, '要加大流调队伍')?.deadline).toBeNull();
  });
});

describe('the written evaluation reports', () => {
  it('get chair and date right and find nearly every annotated directive', () => {
    let expected = 0;
    let found = 0;
    for (const file of readdirSync(writtenDir).filter((f) => f.endsWith('.json'))) {
      const annotation = JSON.parse(readFileSync(path.join(writtenDir, file), 'utf8')) as {
        date: string;
        chair: string[];
        directives: { text: string }[];
      };
      const parse = parseMeetingReport(
        readFileSync(path.join(writtenDir, file.replace(/\.json$/, '.txt')), 'utf8'),
      );
      expect(parse.meeting.date, file).toBe(annotation.date);
      expect(names(parse.meeting.chair), file).toEqual(annotation.chair);
      for (const d of annotation.directives) {
        expected++;
        if (parse.directives.some((p) => p.text.includes(d.text) || d.text.length <= 3)) found++;
      }
    }
    expect(found / expected).toBeGreaterThanOrEqual(0.9);
  });
});

describe('failure classes found on reports the parser was not tuned on', () => {
  const texts = (parse: MeetingParse) => parse.directives.map((d) => d.text);

  it('takes negative exhortations and 要求 + unit as requirements, but not 来不得', () => {
    const parse = parseMeetingReport(
      '5月2日，县指挥部召开调度会。张明强调，外地疫情反复，全县上下一刻也不能松懈。认清防控形势，来不得半点马虎。' +
        '会议还对物资保障作了安排，要求县商务局每日监测菜价。',
    );
    expect(directiveWith(parse, '全县上下一刻也不能松懈')).toBeDefined();
    expect(directiveWith(parse, '认清防控形势')?.text).toMatch(/^认清/u);
    expect(texts(parse).some((t) => t.startsWith('来不得'))).toBe(false);
    expect(directiveWith(parse, '要求县商务局每日监测菜价')?.text).toMatch(/^要求县商务局/u);
  });

  it('reads headings numbered 一、 and 最后，', () => {
    const parse = parseMeetingReport(
      '5月2日，县安委会召开全体会议。李清指出，汛期将至。\n一、全面排查燃气隐患。\n二、扎实做好防汛准备。\n最后，值班值守一刻也不能放松。',
    );
    expect(directiveWith(parse, '全面排查燃气隐患')?.category).toBe('safety');
    expect(directiveWith(parse, '扎实做好防汛准备')?.text).toBe('扎实做好防汛准备');
    expect(directiveWith(parse, '值班值守一刻也不能放松')).toBeDefined();
  });

  it('leaves out lead-ins, the meeting purpose, topic headings and what was done', () => {
    const parse = parseMeetingReport(
      '6月1日，县委召开会议，全面落实“疫情要防住、经济要稳住”要求。王强主持会议。' +
        '王强要求，本周要重点抓好以下几项工作。关于经济要稳住，王强指出，稳住经济是头等大事。' +
        '王强强调，今年以来，全县坚决落实各项措施，成效明显。要加快项目开工。',
    );
    expect(texts(parse)).toEqual(['要加快项目开工']);
    expect(names(parse.meeting.speakers)).toContain('王强');
  });

  it('categorises governance and economy wording, and uses the topic an intro names', () => {
    const parse = parseMeetingReport(
      '6月1日，县政府召开调度会。会议要求，各部门要迅速传达会议精神。要紧盯年度目标抓进度。' +
        '关于疫情防控工作，王强要求，各乡镇要守护好群众生命安全。',
    );
    expect(directiveWith(parse, '传达会议精神')?.category).toBe('governance');
    expect(directiveWith(parse, '紧盯年度目标')?.category).toBe('economy');
    expect(directiveWith(parse, '守护好群众生命安全')?.category).toBe('epidemic');
  });

  it('finds speakers who spoke while chairing and names in comma lists, padded or four characters long', () => {
    const parse = parseMeetingReport(
      '6月1日，县疫情防控指挥部召开会议。县长李华主持会议。县委常委周立、陈长明、阿依古丽、郑卫出席会议，' +
        '副县长吴平，冯刚，沈 涛参加会议。李华在主持时要求，各部门要狠抓落实。',
    );
    expect(names(parse.meeting.speakers)).toEqual(['李华']);
    expect(names(parse.meeting.attendees)).toEqual([
      '周立',
      '陈长明',
      '阿依古丽',
      '郑卫',
      '吴平',
      '冯刚',
      '沈涛',
    ]);
  });

  it('takes the publication date from a line holding only a date', () => {
    for (const stamp of ['2021-06-09 10:20', '时间:2021-06-09 08:00:00']) {
      const parse = parseMeetingReport(
        `县委常委召开扩大会议\n${stamp}\n6月8日，县委常委召开扩大会议。要抓好防汛。`,
      );
      expect(parse.meeting.publishedAt).toBe('2021-06-09');
      expect(parse.meeting.date).toBe('2021-06-08');
      expect(parse.meeting.title).toBe('县委常委会扩大会议');
      expect(parse.meeting.kind).toBe('standing_committee');
    }
    expect(parseMeetingReport('6月8日，县长主持召开疫情防控调度工作会议。要抓好排查。').meeting.kind).toBe(
      'scheduling_meeting',
    );
  });
});

describe('failure classes found on a third set of real reports', () => {
  const texts = (parse: MeetingParse) => parse.directives.map((d) => d.text);

  it('reads what the chair required in the lead, after 主持会议并讲话，强调', () => {
    const parse = parseMeetingReport(
      '3月9日，市政府召开项目推进会，市长韩立主持会议并讲话，强调要加快重点项目建设，奋力实现一季度开门红。',
    );
    expect(texts(parse)).toEqual(['要加快重点项目建设，奋力实现一季度开门红']);
    expect(parse.directives[0]?.category).toBe('economy');
  });

  it('takes 不能只…, 发现一起查处一起, 严防… and 要召开… as requirements', () => {
    const parse = parseMeetingReport(
      '3月9日，县指挥部召开例会。会议要求，各乡镇不能只看报表数字，要到现场核查。' +
        '对违规聚集的场所，发现一起查处一起。孙涛强调，严防未成年人进入网吧，同时要加强巡查。' +
        '各村要召开群众会，讲清防疫政策。',
    );
    expect(directiveWith(parse, '不能只看报表数字')?.text).toMatch(/^各乡镇不能只看/u);
    expect(directiveWith(parse, '发现一起查处一起')).toBeDefined();
    expect(directiveWith(parse, '严防未成年人进入网吧')?.text).toMatch(/^严防/u);
    expect(directiveWith(parse, '各村要召开群众会')).toBeDefined();
  });

  it('splits clauses whose own subject is a measure or a capability, not at 工作要求', () => {
    const parse = parseMeetingReport(
      '3月9日，县指挥部召开例会。会议要求，各项防控措施要落实到位，核酸检测能力要再提升。' +
        '要按照市委工作要求，抓好秋粮收购。',
    );
    expect(texts(parse)).toEqual([
      '各项防控措施要落实到位',
      '核酸检测能力要再提升',
      '要按照市委工作要求，抓好秋粮收购',
    ]);
  });

  it('places a requirement by the topic named before it, then by what the meeting is about', () => {
    const topic = parseMeetingReport(
      '3月9日，区政府召开会议。区长周平指出，对安全生产工作，各街道要动起来、严起来，适度集中办公。',
    );
    expect(directiveWith(topic, '各街道要动起来')?.category).toBe('safety');
    const lead = parseMeetingReport(
      '7月2日晚，副县长吴强主持召开会议，安排部署全县防汛工作。吴强要求，要提高认识，未雨绸缪。',
    );
    expect(directiveWith(lead, '要提高认识')?.category).toBe('safety');
  });

  it('finds the chair who 组织召开 or 接着主持, an assistant mayor, a name before 及, and a stamp with widgets', () => {
    const convened = parseMeetingReport('12月3日，副市长钱进组织召开全市疫情防控工作会议。要严防输入。');
    expect(names(convened.meeting.chair)).toEqual(['钱进']);
    const next = parseMeetingReport('7月18日晚，常务副县长旷明接着主持召开会议。要做好防汛。');
    expect(names(next.meeting.chair)).toEqual(['旷明']);
    const listed = parseMeetingReport(
      '6月25日，市政府召开会议。副市长陈东，市长助理王全民出席会议。副指挥长赵丽及各成员单位负责人参加会议。',
    );
    expect(names(listed.meeting.attendees)).toEqual(['陈东', '王全民', '赵丽']);
    const stamped = parseMeetingReport(
      '我区召开调度会\n2021-11-25 19:56:25 字号:\n11月25日上午，我区召开调度会。要抓好排查。',
    );
    expect(stamped.meeting.publishedAt).toBe('2021-11-25');
    expect(stamped.meeting.date).toBe('2021-11-25');
    expect(stamped.text).not.toContain('字号');
    expect(stamped.meeting.title).toBe('调度会');
  });

  it('names a meeting after the place that held it, but not after 我区', () => {
    const named = parseMeetingReport(
      '柯城区召开防汛工作视频调度会\n6月3日上午，柯城区召开防汛工作视频调度会。要抓好防汛。',
    );
    expect(named.meeting.title).toBe('柯城区防汛工作视频调度会');
    expect(named.meeting.kind).toBe('video_conference');
  });
});

describe('bad input', () => {
  it('refuses empty and whitespace-only reports', () => {
    expectError(() => parseMeetingReport(''), 'EMPTY');
    expectError(() => parseMeetingReport(' \n\t\u3000 '), 'EMPTY');
    expectError(() => parseMeetingReport(Buffer.from('  \n')), 'EMPTY');
    expectError(() => parseMeetingReport('發布時間:2020-02-06  來源:攀枝花日報  閱讀次數:\n'), 'EMPTY');
  });

  it('refuses binary files', () => {
    expectError(
      () => parseMeetingReport(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0])),
      'BINARY',
    );
    const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expectError(() => parseMeetingReport(controls), 'BINARY');
    expectError(() => parseMeetingReport('会议\u0000召开'), 'BINARY');
  });

  it('refuses reports over 5 MB', () => {
    expectError(() => parseMeetingReport(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41)), 'TOO_LARGE');
    expectError(() => parseMeetingReport('会'.repeat(2 * 1024 * 1024)), 'TOO_LARGE');
  });

  it('decodes a GBK file with a warning instead of garbling it', () => {
    const gbk =
      encodeGbk('5月12日，市疫情防控指挥部召开例会。会议要求，要加快疫苗接种。') ?? new Uint8Array();
    const parse = parseMeetingReport(Buffer.from(gbk));
    expect(parse.text).toContain('市疫情防控指挥部召开例会');
    expect(parse.warnings.some((w) => w.includes('GBK'))).toBe(true);
    expect(parse.directives.map((d) => d.text)).toEqual(['要加快疫苗接种']);
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const body = Buffer.from('5月12日，市政府召开第三次全体会议。会议强调，要守牢安全生产底线。', 'utf16le');
    const parse = parseMeetingReport(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    expect(parse.meeting.title).toBe('市政府第三次全体会议');
    expect(parse.warnings.some((w) => w.includes('UTF-16'))).toBe(true);
  });

  it('refuses bytes that are neither UTF-8 nor GBK', () => {
    expectError(
      () => parseMeetingReport(Buffer.from([0xe4, 0xbc, 0x9a, 0xff, 0xff, 0xff, 0x41, 0x42])),
      'ENCODING',
    );
  });
});

// 转为任务 proposals: deadlines and cadences read from Chinese phrases, units read from real directive texts against the
// demo city's unit list (read from a test database) and against another city's, and the meeting's proposals service.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskProposalSchema } from '../../../shared/contracts/task-proposals.ts';
import { makeMeeting, makeUser } from '../../../test/support/factories.ts';
import { repoRoot } from '../../../test/support/processes.ts';
import { readSeedReports } from '../../../test/support/seed-reports.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { findActorByToken } from '../auth/auth.service.ts';
import { type MeetingParse, parseMeetingReport } from '../meetings/meeting-text.parse.ts';
import {
  deadlineFromText,
  findCollectivePhrases,
  matchUnits,
  proposeMeetingTasks,
  proposeTask,
  proposeTitle,
  type RegionForProposal,
  readDeadline,
  type UnitForProposal,
} from './tasks.proposal.ts';

const CITY = '420500000000';
const XILING = '420502000000';
const CHANGYANG = '420528000000';
const YIDU = '420581000000';
const DANGYANG = '420582000000';
const ZHIJIANG = '420583000000';
const YILING = '420506000000';

let t: TestApp;
let staff: string;
/** The demo city's units as the server lists them. */
let registry: UnitForProposal[];
/** The city and its counties. */
let regionsByCode: Map<string, RegionForProposal>;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.login('staff');
  const units = await t.app.inject({
    method: 'GET',
    url: '/api/units?pageSize=500',
    headers: { cookie: staff },
  });
  registry = (units.json().items as UnitForProposal[]).map(({ id, name, shortName, kind, regionCode }) => ({
    id,
    name,
    shortName,
    kind,
    regionCode,
  }));
  const [city, counties] = await Promise.all(
    [`/api/regions/${CITY}`, `/api/regions/${CITY}/children`].map((url) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: staff } }),
    ),
  );
  regionsByCode = new Map(
    [city!.json(), ...counties!.json()].map((r: RegionForProposal) => [
      r.code,
      { code: r.code, name: r.name, level: r.level },
    ]),
  );
});
afterAll(() => t.close());

const unitNamed = (name: string) => {
  const unit = registry.find((u) => u.name === name);
  if (!unit) throw new Error(`the demo city has no unit ${name}`);
  return unit;
};
const matchedNames = (text: string, list: UnitForProposal[] = registry) =>
  matchUnits(text, list)
    .filter((m) => !m.collective)
    .map((m) => [m.phrase, m.unit.name]);

// ================================================================ deadlines

describe('deadlines read from the text', () => {
  it('reads a month end in the meeting’s year, and the next year once that month is past', () => {
    expect(deadlineFromText('11月底前完成隔离房间改造', '2022-05-10')).toEqual({ dueAt: '2022-11-30' });
    expect(deadlineFromText('十一月底前完成', '2022-05-10')).toEqual({ dueAt: '2022-11-30' });
    expect(deadlineFromText('11月底前完成', '2022-12-10')).toEqual({ dueAt: '2023-11-30' });
    // The meeting's own month is not past: its end is still ahead.
    expect(deadlineFromText('12月底前完成', '2022-12-10')).toEqual({ dueAt: '2022-12-31' });
    expect(deadlineFromText('月底前报送台账', '2022-05-10')).toEqual({ dueAt: '2022-05-31' });
    expect(deadlineFromText('本月底完成', '2022-04-03')).toEqual({ dueAt: '2022-04-30' });
  });

  it('knows February’s end in a leap year', () => {
    expect(deadlineFromText('2月底前完成', '2024-01-10')).toEqual({ dueAt: '2024-02-29' });
    expect(deadlineFromText('2月底前完成', '2023-01-10')).toEqual({ dueAt: '2023-02-28' });
    expect(deadlineFromText('本月底前', '2024-02-03')).toEqual({ dueAt: '2024-02-29' });
    // Said in March 2023, 2月底 is next February, which is a leap one.
    expect(deadlineFromText('2月底前完成', '2023-03-01')).toEqual({ dueAt: '2024-02-29' });
  });

  it('reads a day of a month in the ways reports write it', () => {
    for (const phrase of [
      '5月15日前完成',
      '5月15日之前完成',
      '截至5月15日',
      '于5月15日前报送',
      '五月十五日前完成',
    ])
      expect(deadlineFromText(phrase, '2022-05-10'), phrase).toEqual({ dueAt: '2022-05-15' });
    expect(deadlineFromText('2022年11月30日前完成', null)).toEqual({ dueAt: '2022-11-30' });
    // Already past at the meeting: next year's.
    expect(deadlineFromText('3月1日前完成', '2022-05-10')).toEqual({ dueAt: '2023-03-01' });
    // A date that only says when something happened is no deadline.
    expect(deadlineFromText('5月10日下午召开会议', '2022-05-10')).toBeNull();
  });

  it('reads this week from Monday', () => {
    // 2022-05-11 is a Wednesday: its week runs 9–15 May.
    expect(deadlineFromText('本周内完成摸排', '2022-05-11')).toEqual({ dueAt: '2022-05-15' });
    expect(deadlineFromText('本周五前报送', '2022-05-11')).toEqual({ dueAt: '2022-05-13' });
    // On a Sunday the week is the one ending that day, not the next.
    expect(deadlineFromText('本周内完成', '2022-05-15')).toEqual({ dueAt: '2022-05-15' });
    expect(deadlineFromText('下周三前完成', '2022-05-15')).toEqual({ dueAt: '2022-05-18' });
    // 本周五 said on a Saturday is already gone.
    expect(deadlineFromText('本周五前报送', '2022-05-14')).toBeNull();
  });

  it('counts days, hours and weeks from the meeting date, with Chinese numerals', () => {
    const cases: [string, string][] = [
      ['3日内完成', '2022-05-13'],
      ['三天内完成', '2022-05-13'],
      ['48小时内完成', '2022-05-12'],
      ['24小时内完成核酸检测', '2022-05-11'],
      ['十五日内整改到位', '2022-05-25'],
      ['两周内完成', '2022-05-24'],
      ['一个月内完成', '2022-06-10'],
      ['半个月内完成', '2022-05-25'],
    ];
    for (const [phrase, due] of cases)
      expect(deadlineFromText(phrase, '2022-05-10'), phrase).toEqual({ dueAt: due });
    // From 31 January, a month on is February's last day, not 3 March.
    expect(deadlineFromText('一个月内完成', '2022-01-31')).toEqual({ dueAt: '2022-02-28' });
    // 5 working days from Friday 13 May: Mon 16 … Fri 20.
    expect(deadlineFromText('5个工作日内反馈', '2022-05-13')).toEqual({ dueAt: '2022-05-20' });
  });

  it('reads year, half-year and quarter ends', () => {
    expect(deadlineFromText('年底前全部完成', '2022-05-10')).toEqual({ dueAt: '2022-12-31' });
    expect(deadlineFromText('年内完成', '2022-05-10')).toEqual({ dueAt: '2022-12-31' });
    expect(deadlineFromText('明年底前建成', '2022-05-10')).toEqual({ dueAt: '2023-12-31' });
    expect(deadlineFromText('确保上半年实现“双过半”', '2022-05-10')).toEqual({ dueAt: '2022-06-30' });
    expect(deadlineFromText('第一季度完成', '2022-02-10')).toEqual({ dueAt: '2022-03-31' });
    expect(deadlineFromText('三季度末前完成', '2022-02-10')).toEqual({ dueAt: '2022-09-30' });
    // 三年内 is three years, not this year.
    expect(deadlineFromText('三年内建成', '2022-05-10')).toEqual({ dueAt: '2025-05-10' });
  });

  it('reads 春节前 as the eve of the next Spring Festival', () => {
    // Spring Festival was on 1 February 2022 and on 22 January 2023.
    expect(deadlineFromText('春节前完成', '2022-01-10')).toEqual({ dueAt: '2022-01-31' });
    expect(deadlineFromText('春节前完成', '2022-03-01')).toEqual({ dueAt: '2023-01-21' });
  });

  it('gives no deadline for 即日起 or 立即, and says so', () => {
    expect(deadlineFromText('即日起开展大排查', '2022-05-10')).toBeNull();
    expect(deadlineFromText('发现险情立即转移群众', '2022-05-10')).toBeNull();
    expect(readDeadline('即日起开展大排查', '2022-05-10').reasons.join()).toContain('即日起');
  });

  it('refuses impossible dates instead of rounding them', () => {
    expect(deadlineFromText('2月30日前完成', '2022-01-10')).toBeNull();
    expect(deadlineFromText('二月三十日前完成', '2022-01-10')).toBeNull();
    expect(deadlineFromText('2022年2月29日前完成', null)).toBeNull();
    expect(deadlineFromText('11月31日前完成', '2022-05-10')).toBeNull();
    expect(deadlineFromText('13月底前完成', '2022-05-10')).toBeNull();
    // 2月29日 is a day in 2024 only.
    expect(deadlineFromText('2月29日前完成', '2022-01-10')).toBeNull();
    expect(deadlineFromText('2月29日前完成', '2024-01-10')).toEqual({ dueAt: '2024-02-29' });
    // One bad date refuses the reading: the typo may be in the date that counts.
    expect(deadlineFromText('5月10日前摸底，2月30日前完成', '2022-01-10')).toBeNull();
    expect(readDeadline('2月30日前完成', '2022-01-10').reasons.join()).toContain('2月30日');
  });

  it('needs the meeting’s date for relative deadlines', () => {
    expect(deadlineFromText('11月底前完成', null)).toBeNull();
    expect(deadlineFromText('3日内完成', null)).toBeNull();
    expect(readDeadline('11月底前完成', null).reasons.join()).toContain('会议日期不明');
  });

  it('takes the latest of several dates as the task’s, and a date over a cadence', () => {
    expect(deadlineFromText('5月10日前完成摸底，5月底前全部接种', '2022-05-01')).toEqual({
      dueAt: '2022-05-31',
    });
    expect(deadlineFromText('每周报送进展，11月底前完成', '2022-05-01')).toEqual({ dueAt: '2022-11-30' });
    expect(readDeadline('每周报送进展，11月底前完成', '2022-05-01').reasons.join()).toContain('每周');
  });

  it('reads daily, weekly and monthly reporting', () => {
    expect(deadlineFromText('每日报告', null)).toEqual({ cadence: { kind: 'daily', dueTime: '17:00' } });
    expect(deadlineFromText('每天上午10点前报送', null)).toEqual({
      cadence: { kind: 'daily', dueTime: '10:00' },
    });
    expect(deadlineFromText('实行日报制度', null)).toEqual({ cadence: { kind: 'daily', dueTime: '17:00' } });
    expect(deadlineFromText('做实项目周调度机制', null)).toEqual({
      cadence: { kind: 'weekly', weekday: 1, dueTime: '17:00' },
    });
    expect(deadlineFromText('每周五前报送进展', null)).toEqual({
      cadence: { kind: 'weekly', weekday: 5, dueTime: '17:00' },
    });
    expect(deadlineFromText('每周一报送周报', null)).toEqual({
      cadence: { kind: 'weekly', weekday: 1, dueTime: '17:00' },
    });
    // 每周一次 is once a week, not Monday: the default day, said so.
    expect(deadlineFromText('每周三下午4点前调度一次', null)).toEqual({
      cadence: { kind: 'weekly', weekday: 3, dueTime: '16:00' },
    });
    expect(readDeadline('每周一次调度', null).reasons.join()).toContain('按周一');
    expect(deadlineFromText('每月5日前报送上月进展', null)).toEqual({
      cadence: { kind: 'monthly', day: 5, dueTime: '17:00' },
    });
    expect(deadlineFromText('实行月报制度', null)).toEqual({
      cadence: { kind: 'monthly', day: 31, dueTime: '17:00' },
    });
  });

  it('does not take a newspaper or a ratio for a cadence', () => {
    expect(deadlineFromText('在三峡日报上公布', null)).toBeNull();
    expect(deadlineFromText('按照每万人60间的标准储备', '2022-05-10')).toBeNull();
  });
});

// ================================================================ units

describe('units named in the text, against the demo city', () => {
  it('matches full names, stored short names and the short forms reports use', () => {
    const health = '宜昌市卫生健康委员会';
    for (const phrase of ['宜昌市卫生健康委员会', '市卫健委', '卫健委', '卫生健康委', '市卫健局'])
      expect(matchedNames(`${phrase}要加强发热门诊监测`), phrase).toEqual([[phrase, health]]);
    expect(matchedNames('由市卫健牵头')).toEqual([['市卫健', health]]);
    expect(matchedNames('市住建要按标准储备隔离房间')).toEqual([['市住建', '宜昌市住房和城乡建设局']]);
    expect(matchedNames('住建局要牵头')).toEqual([['住建局', '宜昌市住房和城乡建设局']]);
    expect(matchedNames('商务局要做好保供')).toEqual([['商务局', '宜昌市商务局']]);
    expect(matchedNames('应急局、应急管理局')).toEqual([
      ['应急局', '宜昌市应急管理局'],
      ['应急管理局', '宜昌市应急管理局'],
    ]);
    expect(matchedNames('市场监管局要加强检查，市场监管部门要…')).toEqual([
      ['市场监管局', '宜昌市市场监督管理局'],
      ['市场监管部门', '宜昌市市场监督管理局'],
    ]);
    expect(matchedNames('教育局、教育部门')).toEqual([
      ['教育局', '宜昌市教育局'],
      ['教育部门', '宜昌市教育局'],
    ]);
    expect(matchedNames('公安、交通运输部门要加强卡口查验')).toEqual([
      ['公安', '宜昌市公安局'],
      ['交通运输部门', '宜昌市交通运输局'],
    ]);
    expect(matchedNames('卫健、住建等部门要联合检查')).toEqual([
      ['卫健', health],
      ['住建', '宜昌市住房和城乡建设局'],
    ]);
    expect(matchedNames('市发改委、市经信局、市疾控中心、市委宣传部')).toEqual([
      ['市发改委', '宜昌市发展和改革委员会'],
      ['市经信局', '宜昌市经济和信息化局'],
      ['市疾控中心', '宜昌市疾病预防控制中心'],
      ['市委宣传部', '中共宜昌市委宣传部'],
    ]);
    expect(matchedNames('市水利局要逐一落实')).toEqual([['市水利局', '宜昌市水利和湖泊局']]);
  });

  it('matches districts by their region’s name, autonomous counties as people say them', () => {
    expect(matchedNames('西陵区、夷陵区要加快进度')).toEqual([
      ['西陵区', '西陵区人民政府'],
      ['夷陵区', '夷陵区人民政府'],
    ]);
    expect(matchedNames('宜都市要压实属地责任')).toEqual([['宜都市', '宜都市人民政府']]);
    expect(matchedNames('长阳县、五峰县要加强地质灾害点巡查')).toEqual([
      ['长阳县', '长阳土家族自治县人民政府'],
      ['五峰县', '五峰土家族自治县人民政府'],
    ]);
    expect(matchedNames('长阳、五峰两县')).toEqual([
      ['长阳', '长阳土家族自治县人民政府'],
      ['五峰', '五峰土家族自治县人民政府'],
    ]);
  });

  it('prefers the longest phrase and does not read a name inside another', () => {
    expect(matchedNames('市交通运输局要畅通物流')).toEqual([['市交通运输局', '宜昌市交通运输局']]);
    // Another region's bureau is not the city's: 宜都市卫健局, 区经信局, 省卫健委, 国家卫健委.
    for (const text of [
      '宜都市卫健局要',
      '区经信局要推动复工',
      '省卫健委要求',
      '国家卫健委发布',
      '县住建局要',
    ])
      expect(matchedNames(text), text).toEqual([]);
    // Words that only contain a short form.
    for (const text of [
      '加强宣传部署',
      '城市交通要畅通',
      '全市应急能力',
      '疫情防控组织领导',
      '西陵峡景区',
      '教育、医疗等领域',
    ])
      expect(matchedNames(text), text).toEqual([]);
    // The HQ's working group, not the HQ and then a group.
    expect(matchedNames('市指挥部医疗救治组要')).toEqual([['指挥部医疗救治组', '医疗救治组']]);
  });

  it('expands 各县市区 to every district unit, 各区 to the urban districts, and leaves 各相关部门 to staff', () => {
    const districts = registry.filter((u) => u.kind === 'district');
    expect(districts).toHaveLength(13);
    for (const phrase of ['各县市区', '各县（市、区）', '各地', '各区县']) {
      const matches = matchUnits(`${phrase}要落实属地责任`, registry);
      expect(
        matches.every((m) => m.collective === 'counties' && m.phrase === phrase),
        phrase,
      ).toBe(true);
      expect(matches.map((m) => m.unit.id).sort(), phrase).toEqual(districts.map((u) => u.id).sort());
    }
    const urban = matchUnits('各区要加强', registry).map((m) => m.unit.name);
    expect(urban).toEqual(
      expect.arrayContaining([
        '西陵区人民政府',
        '伍家岗区人民政府',
        '点军区人民政府',
        '猇亭区人民政府',
        '夷陵区人民政府',
      ]),
    );
    expect(urban).toHaveLength(5);
    expect(matchUnits('各相关部门、市直各部门、各成员单位要', registry)).toEqual([]);
    expect(findCollectivePhrases('各相关部门、市直各部门、各成员单位要').map((c) => c.kind)).toEqual([
      'departments',
      'departments',
      'departments',
    ]);
  });
});

describe('units matched by rule, not by a list of the demo’s names', () => {
  // A made-up 荆州市: no short names stored, other departments, other districts.
  let n = 1000;
  const unit = (
    name: string,
    kind: UnitForProposal['kind'],
    regionCode = '421000000000',
    shortName = null,
  ) => ({
    id: n++,
    name,
    shortName,
    kind,
    regionCode,
  });
  const jingzhou: UnitForProposal[] = [
    unit('荆州市疫情防控指挥部办公室', 'hq_office'),
    unit('荆州市卫生健康委员会', 'department'),
    unit('荆州市人力资源和社会保障局', 'department'),
    unit('荆州市文化和旅游局', 'department'),
    unit('荆州市城市管理执法委员会', 'department'),
    unit('荆州市生态环境局', 'department'),
    unit('荆州市农业农村局', 'department'),
    unit('沙市区人民政府', 'district', '421002000000'),
    unit('荆州区人民政府', 'district', '421003000000'),
    unit('松滋市人民政府', 'district', '421087000000'),
    unit('石首市人民政府', 'district', '421081000000'),
  ];

  it('reads 市卫健委 and other short forms from the official names', () => {
    expect(matchedNames('市卫健委牵头，市人社局、市文旅局配合', jingzhou)).toEqual([
      ['市卫健委', '荆州市卫生健康委员会'],
      ['市人社局', '荆州市人力资源和社会保障局'],
      ['市文旅局', '荆州市文化和旅游局'],
    ]);
    expect(matchedNames('城管、生态环境、农业等部门', jingzhou)).toEqual([
      ['城管', '荆州市城市管理执法委员会'],
      ['生态环境', '荆州市生态环境局'],
      ['农业', '荆州市农业农村局'],
    ]);
    expect(matchedNames('沙市区、荆州区、松滋要', jingzhou)).toEqual([
      ['沙市区', '沙市区人民政府'],
      ['荆州区', '荆州区人民政府'],
      ['松滋', '松滋市人民政府'],
    ]);
    expect(matchedNames('市疫情防控指挥部要', jingzhou)).toEqual([
      ['市疫情防控指挥部', '荆州市疫情防控指挥部办公室'],
    ]);
    // The demo city's names are not in this list.
    expect(matchedNames('市住建局要', jingzhou)).toEqual([]);
  });

  it('splits a Jingzhou 各县市区 into its own districts', () => {
    const regions = new Map([['421000000000', { code: '421000000000', name: '荆州市', level: 'city' }]]);
    const proposal = proposeTask(
      {
        id: 1,
        text: '各县市区要在11月底前完成排查，市卫健委负责督导',
        category: 'epidemic',
        units: [],
        regions: [],
        deadline: null,
      },
      { heldOn: '2022-11-02', regionCode: '421000000000', title: '荆州市会议' },
      jingzhou,
      regions,
    );
    expect(proposal.splitByCounty).toBe(true);
    expect(proposal.countyUnits.map((u) => u.name)).toEqual([
      '沙市区人民政府',
      '荆州区人民政府',
      '松滋市人民政府',
      '石首市人民政府',
    ]);
    expect(proposal.leadUnit?.name).toBe('荆州市卫生健康委员会');
    expect(proposal.dueAt).toBe('2022-11-30');
  });
});

// ================================================================ proposals on real directives

type Meeting = { heldOn: string | null; regionCode: string; title: string };
const proposalFor = (parse: MeetingParse, needle: string, meeting: Meeting) => {
  const index = parse.directives.findIndex((d) => d.text.includes(needle));
  const d = parse.directives[index];
  if (!d) throw new Error(`no directive with ${needle}`);
  const proposal = proposeTask(
    {
      id: index + 1,
      text: d.text,
      category: d.category,
      units: d.units,
      regions: d.regions,
      deadline: d.deadline,
    },
    meeting,
    registry,
    regionsByCode,
  );
  expect(taskProposalSchema.parse(proposal)).toEqual(proposal);
  return proposal;
};

const seeds = readSeedReports('tasks.proposal.test.ts');
const withSeeds = it.skipIf(!seeds);
const seedParses = seeds
  ? { jingmen: parseMeetingReport(seeds.jingmen), dezhou: parseMeetingReport(seeds.dezhou) }
  : ({} as Record<'jingmen' | 'dezhou', MeetingParse>);
// As if imported by the 宜昌 HQ, with the year the reports leave out.
const cityMeeting = (heldOn: string) => ({ heldOn, regionCode: CITY, title: '指挥部会议' });

describe('proposals for the real reports’ directives', () => {
  withSeeds('gives the HQ’s own directive to the HQ office', () => {
    const p = proposalFor(seedParses.jingmen, '市疫情防控指挥部要围绕落实', cityMeeting('2022-05-10'));
    expect(p.leadUnit?.name).toBe('宜昌市疫情防控指挥部办公室');
    expect(p.title).toBe('密集开展督察');
    expect(p.reasons).toContain('市疫情防控指挥部 → 宜昌市疫情防控指挥部办公室');
  });

  withSeeds('splits 各级党委政府 … 属地责任 by county, and leaves 各部门各单位 and 各类企业 to staff', () => {
    const territorial = proposalFor(
      seedParses.dezhou,
      '各级党委政府要强化属地责任',
      cityMeeting('2020-02-12'),
    );
    expect(territorial).toMatchObject({ responsibility: 'territorial', splitByCounty: true, leadUnit: null });
    expect(territorial.countyUnits).toHaveLength(13);
    expect(territorial.countyUnits).toContainEqual({
      ...{ id: unitNamed('长阳土家族自治县人民政府').id, name: '长阳土家族自治县人民政府' },
      regionCode: CHANGYANG,
    });
    expect(territorial.title).toBe('强化属地责任');

    const functional = proposalFor(
      seedParses.dezhou,
      '各部门各单位要强化属事责任',
      cityMeeting('2020-02-12'),
    );
    expect(functional).toMatchObject({
      responsibility: 'functional',
      splitByCounty: false,
      leadUnit: null,
      coUnits: [],
    });
    expect(functional.reasons.join()).toContain('各部门各单位');

    const principal = proposalFor(seedParses.dezhou, '各类企业要强化主体责任', cityMeeting('2020-02-12'));
    expect(principal).toMatchObject({ responsibility: 'principal', leadUnit: null });
  });

  withSeeds('reads the first quarter and a weekly scheduling from the text', () => {
    const quarter = proposalFor(seedParses.dezhou, '确保一季度平稳开局', cityMeeting('2020-02-12'));
    expect(quarter).toMatchObject({ dueAt: '2020-03-31', cadence: null, title: '统筹抓好“六稳”工作' });
    const weekly = proposalFor(seedParses.jingmen, '做实项目周调度机制', cityMeeting('2022-05-10'));
    expect(weekly).toMatchObject({ dueAt: null, cadence: { kind: 'weekly', weekday: 1, dueTime: '17:00' } });
  });

  withSeeds('names no unit for a directive that names none, and says so', () => {
    const p = proposalFor(seedParses.jingmen, '每万人60间的标准', cityMeeting('2022-05-10'));
    expect(p).toMatchObject({ leadUnit: null, coUnits: [], dueAt: null, cadence: null, regionCode: CITY });
    expect(p.title).toBe('加强隔离房间储备和方舱医院的筹建');
    expect(p.reasons.join()).toContain('请选择');
  });
});

describe('proposals for the project’s own reports', () => {
  const read = (name: string) =>
    parseMeetingReport(
      readFileSync(path.join(repoRoot, 'test/fixtures/meetings/reports', `${name}.txt`), 'utf8'),
    );
  const dangyang = read('t01-dangyang-phone');
  const zhijiang = read('t02-zhijiang-executive');
  const yiling = read('t03-yiling-leadgroup');
  const dangyangMeeting = {
    heldOn: '2022-05-16',
    regionCode: DANGYANG,
    title: '当阳市疫情防控指挥部电视电话会议',
  };

  it('gives each bureau its directive, warning that a county’s 市卫健局 may be its own', () => {
    const health = proposalFor(dangyang, '市卫健局要在5月底前', dangyangMeeting);
    expect(health.leadUnit?.name).toBe('宜昌市卫生健康委员会');
    expect(health.dueAt).toBe('2022-05-31');
    expect(health.reasons).toContain('期限：5月底前 → 2022-05-31');
    expect(health.reasons.join()).toContain('也可能指当阳市的单位');

    const housing = proposalFor(dangyang, '市住建局要按照', dangyangMeeting);
    expect(housing.leadUnit?.name).toBe('宜昌市住房和城乡建设局');
    expect(housing.title).toBe('按照每万人20间的标准储备隔离房间');

    const reform = proposalFor(dangyang, '市发改局要牵头', dangyangMeeting);
    expect(reform).toMatchObject({
      leadUnit: { name: '宜昌市发展和改革委员会' },
      responsibility: 'functional',
      cadence: { kind: 'weekly', weekday: 1 },
    });

    const safety = proposalFor(dangyang, '市应急管理局要会同有关部门', dangyangMeeting);
    expect(safety).toMatchObject({ leadUnit: { name: '宜昌市应急管理局' }, coUnits: [] });
    expect(safety.title).toBe('会同有关部门开展危化品、燃气、自建房隐患排查整治');
    expect(safety.reasons.join()).toContain('“有关部门”未展开');
  });

  it('does not split a county meeting’s 各地 or 各乡镇, and counts 24小时内 from the meeting', () => {
    const everyone = proposalFor(dangyang, '各地各部门要绷紧思想之弦', dangyangMeeting);
    expect(everyone).toMatchObject({
      splitByCounty: false,
      countyUnits: [],
      leadUnit: null,
      regionCode: DANGYANG,
    });
    const towns = proposalFor(dangyang, '各乡镇要对来当返当人员', dangyangMeeting);
    expect(towns).toMatchObject({ leadUnit: null, dueAt: '2022-05-17' });
    expect(towns.reasons.join()).toContain('各乡镇');
    // The same words at a city meeting are one sub-task per county.
    const cityWide = proposalFor(dangyang, '各地各部门要绷紧思想之弦', cityMeeting('2022-05-16'));
    expect(cityWide.splitByCounty).toBe(true);
    expect(cityWide.countyUnits.map((u) => u.regionCode)).toContain(DANGYANG);
  });

  it('reads 枝江’s water bureau, daily reporting and 各镇（街道）’s deadline', () => {
    const meeting = { heldOn: '2021-06-08', regionCode: ZHIJIANG, title: '枝江市人民政府常务会议' };
    expect(proposalFor(zhijiang, '市水利局要对全市', meeting).leadUnit?.name).toBe('宜昌市水利和湖泊局');
    expect(proposalFor(zhijiang, '市发改局要加快', meeting).leadUnit?.name).toBe('宜昌市发展和改革委员会');
    expect(proposalFor(zhijiang, '每日报告', meeting)).toMatchObject({
      leadUnit: { name: '宜昌市卫生健康委员会' },
      cadence: { kind: 'daily', dueTime: '17:00' },
      dueAt: null,
    });
    const towns = proposalFor(zhijiang, '各镇（街道）要在6月15日前', meeting);
    expect(towns).toMatchObject({ leadUnit: null, dueAt: '2021-06-15', title: '完成山洪地质灾害隐患点排查' });
  });

  it('does not give 夷陵区’s 区经信局 to the city’s bureau', () => {
    const meeting = {
      heldOn: '2022-03-02',
      regionCode: YILING,
      title: '夷陵区新冠肺炎疫情防控工作领导小组会议',
    };
    const bureau = proposalFor(yiling, '区经信局要在3月10日前', meeting);
    expect(bureau).toMatchObject({ leadUnit: null, coUnits: [], dueAt: '2022-03-10', regionCode: YILING });
    expect(bureau.reasons.join()).toContain('“区经信局”在单位库中没有对应的单位');
    expect(proposalFor(yiling, '各级党委政府要坚决扛起属地责任', meeting)).toMatchObject({
      responsibility: 'territorial',
      splitByCounty: false,
    });
    expect(proposalFor(yiling, '各类企业要落实主体责任', meeting).responsibility).toBe('principal');
  });
});

describe('lead, co-units, region and title of a proposal', () => {
  const propose = (text: string, extra: Partial<{ deadline: string; heldOn: string }> = {}) =>
    proposeTask(
      { id: 7, text, category: 'epidemic', units: [], regions: [], deadline: extra.deadline ?? null },
      { heldOn: extra.heldOn ?? '2022-11-02', regionCode: CITY, title: '会议' },
      registry,
      regionsByCode,
    );

  it('takes the unit after 由…牵头 as lead and the 配合 units as co-units', () => {
    const p = propose('由市卫健委牵头，市公安局、市交通运输局配合，11月底前完成全市隔离点排查');
    expect(p.leadUnit).toEqual({ id: unitNamed('宜昌市卫生健康委员会').id, name: '宜昌市卫生健康委员会' });
    expect(p.coUnits.map((u) => u.name)).toEqual(['宜昌市公安局', '宜昌市交通运输局']);
    expect(p.dueAt).toBe('2022-11-30');
    expect(p.reasons).toContain('市卫健委 → 宜昌市卫生健康委员会');
    expect(p.reasons).toContain('期限：11月底前 → 2022-11-30');
  });

  it('reads 牵头单位：… and 会同 … as lead and co-unit', () => {
    expect(propose('开展燃气安全排查，牵头单位：市应急局，配合单位：市住建局').leadUnit?.name).toBe(
      '宜昌市应急管理局',
    );
    const p = propose('要加强与市商务局的协调，市市场监管局要会同市公安局严查哄抬物价');
    expect(p.leadUnit?.name).toBe('宜昌市市场监督管理局');
    expect(p.coUnits.map((u) => u.name)).toEqual(['宜昌市商务局', '宜昌市公安局']);
  });

  it('sets a single named district as region and territorial responsibility', () => {
    const p = propose('西陵区要在本周内完成老旧小区自建房排查');
    expect(p).toMatchObject({
      regionCode: XILING,
      responsibility: 'territorial',
      leadUnit: { name: '西陵区人民政府' },
      dueAt: '2022-11-06',
    });
    const two = propose('西陵区、宜都市要加快重点项目建设');
    expect(two.regionCode).toBe(CITY);
    expect(two.coUnits.map((u) => u.name)).toEqual(['宜都市人民政府']);
    expect(propose('宜都市卫健局要加强发热门诊监测')).toMatchObject({ regionCode: YIDU, leadUnit: null });
  });

  it('prefers the reviewer’s 时限 to the text', () => {
    expect(propose('5月底前完成', { deadline: '12月15日前' }).dueAt).toBe('2022-12-15');
    // A 时限 the reader cannot place falls back to the text.
    expect(propose('年底前完成', { deadline: '尽快' }).dueAt).toBe('2022-12-31');
  });

  it('writes a short title that says what to do', () => {
    expect(proposeTitle('要以“三个坚决”的思想共识，守牢防线，确保疫情要防住')).toBe('守牢防线');
    expect(proposeTitle('要在坚决守住疫情防控底线的前提下，统筹抓好“六稳”工作，确保一季度平稳开局')).toBe(
      '统筹抓好“六稳”工作',
    );
    expect(proposeTitle('市卫健局要在5月底前组织医护人员上门服务，做到应接尽接')).toBe(
      '组织医护人员上门服务',
    );
    expect(proposeTitle('要切实加强组织领导')).toBe('加强组织领导');
    expect(proposeTitle('由市卫健委牵头，市公安局配合，11月底前完成全市集中隔离点排查')).toBe(
      '完成全市集中隔离点排查',
    );
    const long = proposeTitle(
      '要加大对疫情防控物资生产企业和仓储物流企业的安全指导服务和全过程跟踪包联服务以及重点项目周调度的指导',
    );
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith('…')).toBe(true);
    expect(proposeTitle('要')).not.toBe('');
  });
});

// ================================================================ the service

describe('proposals for a stored meeting', () => {
  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, payload });
  const actorOf = async (cookie: string) => {
    const actor = await findActorByToken(t.database.db, cookie.split('=')[1]!);
    if (!actor) throw new Error('no actor for the cookie');
    return actor;
  };

  it('proposes a task for each accepted directive once the meeting is reviewed', async () => {
    const meeting = await makeMeeting(t, staff, { date: '2022-11-02', regionCode: CITY });
    const add = async (text: string, status: string) => {
      const res = await call('POST', `/api/meetings/${meeting.id}/directives`, staff, { text, status });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const first = await add('由市卫健委牵头，市公安局配合，11月底前完成全市隔离点排查', 'accepted');
    await add('要加强宣传引导', 'dropped');
    const second = await add('各县市区要在本月底前完成60岁以上人群疫苗接种摸底', 'accepted');
    const actor = await actorOf(staff);

    await expect(proposeMeetingTasks(t.database.db, actor, meeting.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const reviewed = await call('POST', `/api/meetings/${meeting.id}/review`, staff);
    expect(reviewed.statusCode, reviewed.body).toBe(200);

    const proposals = await proposeMeetingTasks(t.database.db, actor, meeting.id);
    expect(proposals.map((p) => p.directiveId)).toEqual([first, second]);
    expect(proposals[0]).toMatchObject({
      leadUnit: { name: '宜昌市卫生健康委员会' },
      coUnits: [{ name: '宜昌市公安局' }],
      dueAt: '2022-11-30',
      regionCode: CITY,
      splitByCounty: false,
    });
    expect(proposals[1]).toMatchObject({
      splitByCounty: true,
      responsibility: 'territorial',
      dueAt: '2022-11-30',
    });
    expect(proposals[1]!.countyUnits).toHaveLength(13);
  });

  it('answers 404 outside the caller’s scope and 403 to a role that cannot make tasks', async () => {
    const meeting = await makeMeeting(t, staff, { regionCode: CITY });
    const admin = await t.login('admin');
    const account = await makeUser(t, admin, { role: 'hq_staff', scopeRegionCode: XILING });
    const xilingStaff = await actorOf(await t.login(account.username, account.password));
    await expect(proposeMeetingTasks(t.database.db, xilingStaff, meeting.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const leader = await actorOf(await t.login('leader'));
    await expect(proposeMeetingTasks(t.database.db, leader, meeting.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

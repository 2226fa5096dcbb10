// Demo data for 宜昌市: the real division tree, generated grids and populations, the HQ's units and demo accounts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import { count } from 'drizzle-orm';
import type { RegionLevel, Role } from '../../../shared/contracts/common.ts';
import { idNumberCheckChar } from '../../../shared/contracts/personal.ts';
import type { UnitKind } from '../../../shared/contracts/units.ts';
import { regions } from '../../modules/regions/regions.table.ts';
import { units } from '../../modules/units/units.table.ts';
import { users } from '../../modules/users/users.table.ts';
import type { Db } from '../client.ts';
import { seedDemoTasks } from './demo-tasks.ts';

export const DEMO_PASSWORD = 'Tongchou@2022';

/** 7th national census (2020): 宜昌市 4,017,607 residents, 24.95% aged 60+. */
export const CITY = { code: '420500000000', population: 4_017_607, aged60PlusShare: 0.2495 };

/** Demo county populations (thousands, shaped like the census) and their 60+ share; 枝江市 takes the remainder. */
const countyShape: Record<string, { population?: number; aged: number }> = {
  '420502000000': { population: 612_000, aged: 0.228 }, // 西陵区
  '420503000000': { population: 283_000, aged: 0.221 }, // 伍家岗区
  '420504000000': { population: 108_000, aged: 0.238 }, // 点军区
  '420505000000': { population: 70_000, aged: 0.215 }, // 猇亭区
  '420506000000': { population: 545_000, aged: 0.246 }, // 夷陵区
  '420525000000': { population: 172_000, aged: 0.268 }, // 远安县
  '420526000000': { population: 152_000, aged: 0.27 }, // 兴山县
  '420527000000': { population: 315_000, aged: 0.262 }, // 秭归县
  '420528000000': { population: 334_000, aged: 0.266 }, // 长阳土家族自治县
  '420529000000': { population: 172_000, aged: 0.272 }, // 五峰土家族自治县
  '420581000000': { population: 374_000, aged: 0.258 }, // 宜都市
  '420582000000': { population: 429_000, aged: 0.261 }, // 当阳市
  '420583000000': { aged: 0.265 }, // 枝江市
};

type ExtractedRegion = {
  code: string;
  name: string;
  officialName: string;
  level: RegionLevel;
  parentCode: string | null;
};
type RegionRow = typeof regions.$inferInsert & { population: number; populationAged60Plus: number };

const seedDir = path.dirname(fileURLToPath(import.meta.url));

export function loadCityRegions(): ExtractedRegion[] {
  return JSON.parse(fs.readFileSync(path.join(seedDir, 'regions-4205.json'), 'utf8')) as ExtractedRegion[];
}

/** Deterministic PRNG so every fresh install gets the same demo numbers. */
function randomFrom(seed: string): () => number {
  let h = 1779033703;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits an integer total by weights so the parts are integers that add up exactly (largest remainder). */
export function splitInteger(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

/** The whole tree with populations that add up level by level to the census totals, plus 3–8 grids per community. */
export function buildDemoRegions(options: { grids: boolean } = { grids: true }): RegionRow[] {
  const extracted = loadCityRegions();
  const byParent = new Map<string | null, ExtractedRegion[]>();
  for (const r of extracted) byParent.set(r.parentCode, [...(byParent.get(r.parentCode) ?? []), r]);
  const out: RegionRow[] = [];
  const aged = Math.round(CITY.population * CITY.aged60PlusShare);

  const city = extracted.find((r) => r.level === 'city');
  if (!city) throw new Error('regions file has no city');
  out.push({ ...city, population: CITY.population, populationAged60Plus: aged, sortOrder: 0 });

  const counties = byParent.get(city.code) ?? [];
  const fixed = counties.reduce((s, c) => s + (countyShape[c.code]?.population ?? 0), 0);
  const countyPops = counties.map((c) => countyShape[c.code]?.population ?? CITY.population - fixed);
  const countyAged = splitInteger(
    aged,
    counties.map((c, i) => (countyPops[i] ?? 0) * (countyShape[c.code]?.aged ?? CITY.aged60PlusShare)),
  );

  const descend = (parent: ExtractedRegion, population: number, agedCount: number, sortOrder: number) => {
    out.push({ ...parent, population, populationAged60Plus: agedCount, sortOrder });
    const rand = randomFrom(parent.code);
    let children = byParent.get(parent.code) ?? [];
    if (parent.level === 'community') {
      if (!options.grids) return;
      const gridCount = 3 + Math.floor(rand() * 6);
      children = Array.from({ length: gridCount }, (_, i) => {
        const code = `${parent.code}${String(i + 1).padStart(3, '0')}`;
        return {
          code,
          name: `第${i + 1}网格`,
          officialName: `第${i + 1}网格`,
          level: 'grid' as const,
          parentCode: parent.code,
        };
      });
    }
    if (children.length === 0) return;
    const weights = children.map(() => 0.5 + rand());
    const pops = splitInteger(population, weights);
    const ageds = splitInteger(
      agedCount,
      pops.map((p) => p * (0.85 + rand() * 0.3)),
    );
    children.forEach((child, i) => {
      const pop = pops[i] ?? 0;
      const childAged = Math.min(ageds[i] ?? 0, pop);
      if (child.level === 'grid') {
        out.push({ ...child, population: pop, populationAged60Plus: childAged, sortOrder: i + 1 });
      } else descend(child, pop, childAged, i + 1);
    });
  };
  for (const [i, c] of counties.entries()) descend(c, countyPops[i] ?? 0, countyAged[i] ?? 0, i + 1);
  return out;
}

const workingGroups = [
  '综合协调组',
  '疫情防控组',
  '医疗救治组',
  '流调溯源组',
  '核酸检测组',
  '疫苗接种组',
  '隔离管控组',
  '交通管控组',
  '社区防控组',
  '物资保障组',
  '市场保供组',
  '复工复产组',
  '安全生产组',
  '宣传舆情组',
  '社会稳定组',
  '督导检查组',
];

const departments: [name: string, shortName: string][] = [
  ['宜昌市卫生健康委员会', '市卫健委'],
  ['宜昌市住房和城乡建设局', '市住建局'],
  ['宜昌市商务局', '市商务局'],
  ['宜昌市发展和改革委员会', '市发改委'],
  ['宜昌市应急管理局', '市应急局'],
  ['宜昌市公安局', '市公安局'],
  ['宜昌市交通运输局', '市交通运输局'],
  ['宜昌市市场监督管理局', '市市场监管局'],
  ['宜昌市教育局', '市教育局'],
  ['宜昌市经济和信息化局', '市经信局'],
  ['宜昌市民政局', '市民政局'],
  ['宜昌市自然资源和规划局', '市自然资源和规划局'],
  ['宜昌市水利和湖泊局', '市水利和湖泊局'],
  ['宜昌市疾病预防控制中心', '市疾控中心'],
  ['中共宜昌市委宣传部', '市委宣传部'],
  ['宜昌市信访局', '市信访局'],
];

export type DemoLogin = { username: string; role: Role; scope: string; note: string };

type DemoAccount = {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  scopeCode: string;
  birth: string;
  phone: string;
  note: string;
};

const demoAccounts: DemoAccount[] = [
  {
    username: 'admin',
    displayName: '周建国',
    role: 'hq_admin',
    unit: '宜昌市疫情防控指挥部办公室',
    scopeCode: '420500000000',
    birth: '19760312',
    phone: '13872010001',
    note: '指挥部办公室管理员，全市',
  },
  {
    username: 'leader',
    displayName: '陈志远',
    role: 'leader',
    unit: '宜昌市疫情防控指挥部办公室',
    scopeCode: '420500000000',
    birth: '19680520',
    phone: '13872010002',
    note: '领导驾驶舱，全市只读',
  },
  {
    username: 'staff',
    displayName: '刘晓燕',
    role: 'hq_staff',
    unit: '综合协调组',
    scopeCode: '420500000000',
    birth: '19880817',
    phone: '13872010003',
    note: '指挥部工作人员，全市',
  },
  {
    username: 'inspector',
    displayName: '王海涛',
    role: 'inspector',
    unit: '督导检查组',
    scopeCode: '420500000000',
    birth: '19810203',
    phone: '13872010004',
    note: '督导组，全市',
  },
  {
    username: 'xiling',
    displayName: '李明',
    role: 'unit_liaison',
    unit: '西陵区人民政府',
    scopeCode: '420502000000',
    birth: '19850926',
    phone: '13872010005',
    note: '西陵区联络员，仅西陵区',
  },
  {
    username: 'wujiagang',
    displayName: '张丽',
    role: 'unit_liaison',
    unit: '伍家岗区人民政府',
    scopeCode: '420503000000',
    birth: '19900114',
    phone: '13872010006',
    note: '伍家岗区联络员，仅伍家岗区',
  },
  {
    username: 'wangge',
    displayName: '赵芳',
    role: 'grid_worker',
    unit: '西陵区人民政府',
    scopeCode: '420502001001001',
    birth: '19930708',
    phone: '13872010007',
    note: '网格员，仅西陵街道土街头社区第1网格',
  },
  // Liaisons of city departments: their scope is the city, and what they see of tasks is their own unit's.
  {
    username: 'weijian',
    displayName: '黄雅琴',
    role: 'unit_liaison',
    unit: '宜昌市卫生健康委员会',
    scopeCode: '420500000000',
    birth: '19870415',
    phone: '13872010008',
    note: '市卫健委联络员，本单位承办的任务',
  },
  {
    username: 'zhujian',
    displayName: '吴国栋',
    role: 'unit_liaison',
    unit: '宜昌市住房和城乡建设局',
    scopeCode: '420500000000',
    birth: '19820923',
    phone: '13872010009',
    note: '市住建局联络员，本单位承办的任务',
  },
  {
    username: 'shangwu',
    displayName: '彭丽娟',
    role: 'unit_liaison',
    unit: '宜昌市商务局',
    scopeCode: '420500000000',
    birth: '19910302',
    phone: '13872010010',
    note: '市商务局联络员，本单位承办的任务',
  },
  {
    username: 'yingji',
    displayName: '田志强',
    role: 'unit_liaison',
    unit: '宜昌市应急管理局',
    scopeCode: '420500000000',
    birth: '19840611',
    phone: '13872010011',
    note: '市应急局联络员，本单位承办的任务',
  },
];

function demoIdNumber(addressCode: string, birth: string, sequence: number): string {
  const first17 = `${addressCode}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(regions);
  return (row?.n ?? 0) === 0;
}

/**
 * Loads the city. `accounts: false` with `grids: false` is the start of a real deployment: the official tree and
 * the HQ's units, no people (create them with `tongchou user create`). With the accounts come the demo meetings
 * and tasks (demo-tasks.ts) unless `tasks: false`; all of it in one transaction, so a failed seed leaves nothing.
 */
export async function seedDemo(
  db: Db,
  options: { grids?: boolean; accounts?: boolean; tasks?: boolean } = {},
): Promise<DemoLogin[]> {
  const rows = buildDemoRegions({ grids: options.grids ?? true });
  const passwordHash = await hash(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(regions).values(rows.slice(i, i + 1000));

    const insertUnit = async (
      name: string,
      kind: UnitKind,
      regionCode: string,
      parentId: number | null,
      shortName: string | null,
    ) => {
      const [u] = await tx
        .insert(units)
        .values({ name, kind, regionCode, parentId, shortName })
        .returning({ id: units.id });
      return u!.id;
    };
    const unitIds = new Map<string, number>();
    const hq = await insertUnit('宜昌市疫情防控指挥部办公室', 'hq_office', CITY.code, null, '市指挥部办公室');
    unitIds.set('宜昌市疫情防控指挥部办公室', hq);
    for (const g of workingGroups) unitIds.set(g, await insertUnit(g, 'working_group', CITY.code, hq, null));
    for (const [name, short] of departments)
      unitIds.set(name, await insertUnit(name, 'department', CITY.code, null, short));
    for (const county of rows.filter((r) => r.level === 'county')) {
      const name = `${county.name}人民政府`;
      unitIds.set(name, await insertUnit(name, 'district', county.code, null, county.name));
    }

    if (options.accounts === false) return;
    const accounts =
      options.grids === false ? demoAccounts.filter((a) => a.scopeCode.length === 12) : demoAccounts;
    await tx.insert(users).values(
      accounts.map((a, i) => ({
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        unitId: unitIds.get(a.unit)!,
        scopeRegionCode: a.scopeCode,
        phone: a.phone,
        idNumber: demoIdNumber('420502', a.birth, 11 + i * 2),
        passwordHash,
      })),
    );
    if (options.tasks !== false) await seedDemoTasks(tx);
  });
  if (options.accounts === false) return [];
  return demoAccounts.map((a) => ({ username: a.username, role: a.role, scope: a.scopeCode, note: a.note }));
}

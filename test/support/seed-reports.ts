// The real scraped reports in ../shared/seeds (or the folder TONGCHOU_SEEDS_DIR names). Tests on them run when
// they are there and are skipped, saying why, when they are not: a fresh clone has no ../shared. What they check
// is also checked on reports the project wrote (test/fixtures/meetings/reports), which are always there.
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const seedsDir = path.resolve(
  process.env.TONGCHOU_SEEDS_DIR ?? path.join(repoRoot, '../shared/seeds'),
);

const seedFiles = {
  jingmen: '000_8fd5fd1d54fa5885.txt',
  dezhou: '001_fa7201df4a08e614.txt',
  panzhihua: '002_bdd53847d209804f.txt',
} as const;
export type SeedName = keyof typeof seedFiles;

export const seedPath = (name: SeedName) => path.join(seedsDir, seedFiles[name]);

/** The three seed reports, or null (with a line saying what is missing) when they are not there. */
export function readSeedReports(testFile: string): Record<SeedName, string> | null {
  const missing = (Object.keys(seedFiles) as SeedName[]).map(seedPath).filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    console.log(
      `${testFile}: skipping the tests on the real reports: ${missing.join(', ')} not found ` +
        '(put ../shared/seeds beside the repo or set TONGCHOU_SEEDS_DIR)',
    );
    return null;
  }
  return {
    jingmen: fs.readFileSync(seedPath('jingmen'), 'utf8'),
    dezhou: fs.readFileSync(seedPath('dezhou'), 'utf8'),
    panzhihua: fs.readFileSync(seedPath('panzhihua'), 'utf8'),
  };
}

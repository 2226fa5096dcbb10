// Summarises a V8 .cpuprofile (node --cpu-prof) by self time: the functions and the files (packages) where the
// samples fell, so a profile under wrk load reads in a terminal. Run: npx tsx bench/cpu-profile-top.ts <file> [rows]
import fs from 'node:fs';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-top.ts <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 40);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

/** node_modules/<pkg> or the repo-relative path: where the time is spent, by owner. */
function owner(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const repo = url.indexOf('/wt-');
  return repo >= 0 ? url.slice(url.indexOf('/', repo + 1) + 1) : url;
}

const byFunction = new Map<string, number>();
const byOwner = new Map<string, number>();
for (const [id, t] of selfTime) {
  const { callFrame } = byId.get(id)!;
  const where = owner(callFrame.url);
  const fn = `${callFrame.functionName || '(anonymous)'}  ${where}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  byOwner.set(where, (byOwner.get(where) ?? 0) + t);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(
      `${((t / total) * 100).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
};
console.log(`total ${(total / 1e6).toFixed(1)} s sampled`);
show('self time by file/package', byOwner);
show('self time by function', byFunction);

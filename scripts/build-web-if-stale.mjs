// Builds the web UI when its sources changed since the last build, so `npm start` needs no separate step.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stampFile = path.join(root, 'dist/web/.source-hash');
const inputs = ['web', 'shared', 'vite.config.ts', 'package-lock.json'];

function hashInputs() {
  const hash = createHash('sha256');
  const visit = (p) => {
    const full = path.join(root, p);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) visit(path.join(p, entry));
    } else {
      hash.update(p);
      hash.update(fs.readFileSync(full));
    }
  };
  for (const input of inputs) visit(input);
  return hash.digest('hex');
}

const current = hashInputs();
const built = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
if (current === built && fs.existsSync(path.join(root, 'dist/web/index.html'))) process.exit(0);

console.log('正在构建网页界面… (building the web UI, once after install or change)');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);
fs.writeFileSync(stampFile, current);

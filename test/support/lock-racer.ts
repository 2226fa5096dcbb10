// A process racing others for one data dir lock, for test/data-dir-lock.test.ts. Round by round it waits for
// the file `go-<round>` (spinning, so all racers start within microseconds of each other), tries once, prints
// `<round> got|refused`, then waits for a line on stdin before letting go of what it got.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { DataDirLockedError, lockDataDir } from '../../server/db/data-dir-lock.ts';

const [dir, roundsArg] = process.argv.slice(2) as [string, string];
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
console.log('ready');
for (let round = 0; round < Number(roundsArg); round++) {
  const go = path.join(dir, `go-${round}`);
  while (!fs.existsSync(go)) {
    // spin: a timer would spread the racers' starts over milliseconds
  }
  let lock: ReturnType<typeof lockDataDir> | undefined;
  try {
    lock = lockDataDir(dir, 'racer');
    console.log(`${round} got`);
  } catch (err) {
    console.log(`${round} ${err instanceof DataDirLockedError ? 'refused' : `error ${String(err)}`}`);
  }
  await lines.next();
  lock?.release();
  console.log(`${round} done`);
}

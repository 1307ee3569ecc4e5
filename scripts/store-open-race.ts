// Opens one new result store from several processes at once, many times over,
// while busy loops keep the cores loaded (so a process is preempted between two
// statements, as under `npm test`), and counts the opens that failed:
//   npx tsx scripts/store-open-race.ts [ROUNDS=60] [PROCESSES=4] [HOGS=3]
// Before the store's application id and table count were read in one
// transaction (src/sweep/store/open-store.ts), 1 of 240 opens failed with "an
// SQLite database of another program" (60 rounds, 2026-11-30 22:10 UTC; a
// probe of the same kind on the built code: 3 of 240); after, 0 of 240 (and 0
// of 480 with the probe). The same failure had sunk one CI run's
// test/sweep/sweep-run.test.ts ("lets two sweeps share one store at once").
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [rounds = 60, processes = 4, hogs = 3] = process.argv.slice(2).map(Number);
const openStore = new URL('../src/sweep/store/open-store.ts', import.meta.url).href;
const opener = `import(${JSON.stringify(openStore)}).then((m) => {
  try { m.openStoreDatabase(process.argv[1]).close(); }
  catch (error) { console.log(error.message); process.exitCode = 1; }
});`;

/** Runs a child to its end; its exit code and what it printed. */
function child(args: string[]): Promise<{ code: number | null; out: string }> {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, out })));
}

const busy = Array.from({ length: hogs }, () => spawn(process.execPath, ['-e', 'for (;;) {}']));
let failed = 0;
try {
  for (let round = 0; round < rounds; round++) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mtl-store-race-')), 'runs', 'mtl.sqlite');
    const opens = Array.from({ length: processes }, () => child(['--import', 'tsx', '-e', opener, file]));
    for (const { code, out } of await Promise.all(opens)) {
      if (code === 0) continue;
      failed++;
      console.log(out.trim());
    }
  }
} finally {
  for (const hog of busy) hog.kill();
}
console.log(`${failed} of ${rounds * processes} opens failed`);
process.exitCode = failed === 0 ? 0 : 1;

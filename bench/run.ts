// `npm run bench`: every benchmark in turn, each in its own process so one's
// warm-up or memory does not colour another's figures.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const benches = ['check', 'lsp', 'noise', 'train', 'graph', 'beside', 'queue'].filter(
  (name) => only.length === 0 || only.includes(name),
);

let failed = 0;
for (const name of benches) {
  const file = `bench/${name}.ts`;
  if (!existsSync(`${root}${file}`)) continue;
  process.stderr.write(`# bench ${name}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;

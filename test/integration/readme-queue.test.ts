// The README's fleet example, run as written against a real redis-server: a
// worker started with MTL_QUEUE, the sweep with --queue, then the report.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../harness/codegen.js';
import { startRedis } from '../harness/redis.js';
import { tempDir } from '../harness/runtime.js';
import { mtlProcess } from '../harness/sweep.js';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');
const section = readme.slice(readme.indexOf('### Sweeps on a fleet'), readme.indexOf('### Reports'));
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
const README_URL = 'redis://:PASSWORD@queue-host:6379/0';
const PASSWORD = 'readme-pw-41b7';

it("runs the README's fleet example: a worker, the sweep through the queue, the report", async () => {
  expect(blocks[0]).toBe(
    'sudo bash scripts/setup-system.sh\nredis-server --port 6379 --requirepass PASSWORD --appendonly yes   # on the queue host',
  );
  const [workerLine, sweepLines] = [blocks[1]!, blocks[2]!.split('\n')];
  const workerMatch = /^MTL_QUEUE=(\S+) npx mtl (worker .*)$/.exec(workerLine);
  expect(workerMatch?.[1]).toBe(README_URL);
  expect(sweepLines.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
    'npx mtl sweep',
    'npx mtl report',
  ]);

  const redis = await startRedis({ password: PASSWORD });
  const url = redis.url;
  const dir = tempDir('mtl-readme-fleet-');
  mkdirSync(join(dir, 'specs'));
  copyFileSync(join(root, 'specs/sweep_quick.mtl'), join(dir, 'specs/sweep_quick.mtl'));
  const worker = mtlProcess(workerMatch![2]!.split(' '), dir, { MTL_QUEUE: url });
  try {
    const args = (line: string) =>
      line
        .replace(/^npx mtl /, '')
        .replace(README_URL, url)
        .split(/\s+/);
    const sweep = captureIo(dir);
    expect(await main([...args(sweepLines[0]!), '--quiet'], sweep.io)).toBe(0);
    expect(sweep.stdout()).toMatch(
      /^quick_grid: 12\/12 runs done \(12 trained now, 0 already in the store\), 0 failed/,
    );
    const report = captureIo(dir);
    expect(await main(args(sweepLines[1]!), report.io)).toBe(0);
    expect(report.stdout()).toContain('| unlabeled | lin(3) | exp(1) | control |');
    expect(report.stdout()).toMatch(/\| 900 \| [-+]?\d+\.\d\d ± \d+\.\d\d \[/);
  } finally {
    worker.child.kill('SIGTERM');
    const log = (await worker.done).stderr;
    await redis.stop();
    expect(log).toMatch(/^mtl worker: taking runs from redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0, 2 at a time/);
    expect(log.match(/^mtl worker: done {5}/gm)).toHaveLength(12);
    expect(log).not.toContain(PASSWORD);
  }
});

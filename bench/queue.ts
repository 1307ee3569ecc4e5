// The queue's figures: a sweep of identical short runs (they differ only in
// their seed) through Redis on 1 and then 2 `mtl worker` processes
// (concurrency 1 each), beside the local pool on 1 and 2 processes (the
// machine's own scaling), and the queue's per-job overhead: one-epoch runs
// through the queue on 1 worker minus the same runs on a local pool of 1.
// Every executor is warmed by a sweep of two runs first (child processes
// started, backend loaded), so the figures are steady state. Tiny IDX data
// (the tests'), CPU backend, a fresh redis-server per case. One JSON line per
// figure, with the load average (the machine is shared).
//
//   npx tsx bench/queue.ts [--runs 8] [--epochs 150] [--overhead-runs 20] [--repeat 3] [--overhead-only]

import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { RunExecutor } from '../src/sweep/executor.js';
import { LocalPool } from '../src/sweep/local-pool.js';
import { QueueExecutor } from '../src/sweep/queue/queue-executor.js';
import { parseQueueUrl } from '../src/sweep/queue/queue-url.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import { ResultStore } from '../src/sweep/store/result-store.js';
import { startRedis, type TestRedis } from '../test/harness/redis.js';
import { mtlProcess, planOf, tinySweepFolder } from '../test/harness/sweep.js';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const RUNS = flag('--runs', 8);
const EPOCHS = flag('--epochs', 150);
const OVERHEAD_RUNS = flag('--overhead-runs', 20);
const REPEAT = flag('--repeat', 3);

const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i).join(', ');

async function waitFor(text: () => string, pattern: RegExp): Promise<void> {
  while (!pattern.test(text())) await new Promise((resolve) => setTimeout(resolve, 50));
}

type Kind = 'queue' | 'local';

/** Seconds to train `runs` runs of T = epochs on warm executors: `workers` queue workers or local processes. */
async function sweepSeconds(kind: Kind, workers: number, runs: number, epochs: number): Promise<number> {
  const dir = tinySweepFolder(
    `sweep warm {\n  base tiny\n  vary train.seed [${seeds(900, 4 * workers)}]\n}\n` +
      `sweep same {\n  base tiny\n  vary train.seed [${seeds(100, runs)}]\n}\n`,
    { epochs },
  );
  const warm = planOf(dir, 'tiny.mtl', 'warm', { epochs: 1 });
  const timed = planOf(dir, 'tiny.mtl', 'same');
  const store = ResultStore.open(join(dir, 'bench.sqlite'));
  let redis: TestRedis | undefined;
  const procs: { worker: ReturnType<typeof mtlProcess>; log: () => string }[] = [];
  let executor: RunExecutor;
  if (kind === 'local') executor = new LocalPool({ workers, cwd: dir, runsDir: 'runs' });
  else {
    redis = await startRedis();
    for (let i = 0; i < workers; i++) {
      const worker = mtlProcess(['worker', '--queue', redis.url, '--concurrency', '1'], dir);
      let log = '';
      worker.child.stderr?.on('data', (d) => (log += String(d)));
      procs.push({ worker, log: () => log });
    }
    for (const p of procs) await waitFor(p.log, /taking runs/);
    const address = parseQueueUrl(redis.url);
    if (typeof address === 'string') throw new Error(address);
    executor = await QueueExecutor.open({ address, sweep: 'same', pollMs: 1000 });
  }
  try {
    await runSweep(warm, { store, executor, backend: 'cpu' });
    const started = performance.now();
    const outcome = await runSweep(timed, { store, executor, backend: 'cpu' });
    if (outcome.done !== runs) {
      const why = store.listRuns({ status: 'failed' }).map((r) => `${r.id}: ${r.message}`);
      throw new Error(
        `${kind} sweep: ${JSON.stringify(outcome)}\n${why.join('\n')}\n${procs.map((p) => p.log()).join('\n')}`,
      );
    }
    return (performance.now() - started) / 1000;
  } finally {
    await executor.close();
    store.close();
    for (const p of procs) p.worker.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.worker.done));
    await redis?.stop();
  }
}

function report(figure: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...figure, loadavg1: Number(loadavg()[0]!.toFixed(2)) })}\n`);
}

const round = (v: number) => Number(v.toFixed(3));
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// 1 and 2 alternately, REPEAT times, so a change in the machine's other load falls on both.
const only = process.argv.includes('--overhead-only');
for (const kind of only ? [] : (['queue', 'local'] as const)) {
  const ones: number[] = [];
  const twos: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    ones.push(await sweepSeconds(kind, 1, RUNS, EPOCHS));
    twos.push(await sweepSeconds(kind, 2, RUNS, EPOCHS));
  }
  const what = kind === 'queue' ? 'queue, mtl worker processes' : 'local pool processes';
  report({
    figure: `${what}: throughput on 2 / on 1 (median of paired ratios)`,
    runs: RUNS,
    epochs: EPOCHS,
    seconds1: ones.map(round),
    seconds2: twos.map(round),
    ratio: round(median(ones.map((one, i) => one / twos[i]!))),
  });
}

const overheads: number[] = [];
for (let r = 0; r < REPEAT; r++) {
  const local = await sweepSeconds('local', 1, OVERHEAD_RUNS, 1);
  const queued = await sweepSeconds('queue', 1, OVERHEAD_RUNS, 1);
  overheads.push(((queued - local) / OVERHEAD_RUNS) * 1000);
}
report({
  figure: 'queue per-job overhead: 1-epoch runs on 1 queue worker minus a local pool of 1, per run (median)',
  runs: OVERHEAD_RUNS,
  overheadsMs: overheads.map(Math.round),
  overheadMs: Math.round(median(overheads)),
});

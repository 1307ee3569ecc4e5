// The queue's figures (issue 9): a sweep of identical short runs (they
// differ only in their seed) through Redis on 1 and then on 2 `mtl worker`
// processes, the throughput ratio of the two, and the queue's per-job
// overhead. Beside them, the same sweep on a local pool of 1 and 2 processes:
// the machine's own scaling, to tell the queue's cost from the machine's.
//
// Designed to reach a ratio near 2 on an idle 2-core machine:
//   - each worker trains one run at a time (`--concurrency 1`) in one child
//     process with one compute thread (the `onnx` backend runs ONNX Runtime
//     with one thread; `--workload tiny` uses the tfjs `cpu` backend), so two
//     workers need the two cores;
//   - the runs are long beside the queue's costs and a run's own fixed cost
//     (the trainer's code generation and load): T is chosen so that a run
//     takes about 6 s here (timed on a warm local process at two T's first;
//     `--epochs N` fixes it instead), and there are 8 of them, so 2 workers
//     share them evenly;
//   - every worker is started, connected and warmed (child process up, backend
//     loaded, a one-epoch run of its own trained) before the clock starts: each
//     worker serves its own warm-up sweep (`--sweep warmN,timed`) and the timed
//     sweep, so each is warmed for sure.
// Per-job overhead: 20 one-epoch runs through the queue on one warm worker,
// minus the same runs on a warm local pool of one process, per run.
// A fresh redis-server and folder per case. The figures print as a table and
// as JSON lines, with the load average (the machine may be shared: a second
// worker gets a second core only if nothing else wants it).
//
//   npx tsx bench/queue.ts [--runs 8] [--run-seconds 6 | --epochs N] [--overhead-runs 20] [--repeat 1] [--queue-only] [--workload mnist|tiny]

import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunExecutor } from '../src/sweep/executor.js';
import { LocalPool } from '../src/sweep/local-pool.js';
import { QueueExecutor } from '../src/sweep/queue/queue-executor.js';
import { parseQueueUrl, type QueueAddress } from '../src/sweep/queue/queue-url.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import { ResultStore } from '../src/sweep/store/result-store.js';
import { startRedis, type TestRedis } from '../test/harness/redis.js';
import { mtlProcess, planOf, tinySweepFolder } from '../test/harness/sweep.js';
import { treeCpuSeconds } from './tree-cpu.js';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const RUNS = flag('--runs', 8);
const RUN_SECONDS = flag('--run-seconds', 6);
const OVERHEAD_RUNS = flag('--overhead-runs', 20);
const REPEAT = flag('--repeat', 1);
const QUEUE_ONLY = process.argv.includes('--queue-only');
// One thread per run: no onnx prefetch thread (README, "Prefetch"), which would let a run on
// one worker borrow the second core. The worker processes and the local pool's inherit it.
process.env.MTL_PREFETCH = '0';

/**
 * What each run trains. `mnist` (the default): a small network on the real MNIST files
 * on the `onnx` backend, what a user's sweep runs (one ONNX Runtime thread per run);
 * `tiny`: the tests' 4×4 images on the tfjs `cpu` backend, where a run is mostly
 * JavaScript dispatch and garbage collection (whose V8 threads take ~10 % of a second core).
 */
const WORKLOAD = process.argv.includes('--workload')
  ? String(process.argv[process.argv.indexOf('--workload') + 1])
  : 'mnist';
if (WORKLOAD !== 'mnist' && WORKLOAD !== 'tiny') throw new Error('--workload must be mnist or tiny');
const BACKEND = WORKLOAD === 'mnist' ? 'onnx' : 'cpu';
/** mnist: read 2000 training images (l = 100, u = 900, 1000 for validation), as `--limit 2000`. */
const LIMIT = WORKLOAD === 'mnist' ? 2000 : undefined;
const SPEC = WORKLOAD === 'mnist' ? 'bench.mtl' : 'tiny.mtl';

const MNIST_EXPERIMENT = `experiment bench {
  data mnist {
    labeled 100
    unlabeled 900
    validation 1000
    seed 1
  }
  network {
    input 784
    dense h1 32 sigmoid
    output y 10 softmax
  }
  reconstruct h1 {
    noise mask(0.25)
    decoder sigmoid
  }
  weights schedule lin(3)
  train {
    epochs 8
    batch 20
    optimizer sgd(momentum: 0.9)
    lr = 0.05
    seed 7
  }
}
`;

/** A fresh folder holding the workload's spec (and data, for tiny) with these sweeps of it. */
function sweepFolder(sweeps: string): string {
  if (WORKLOAD === 'tiny') return tinySweepFolder(sweeps);
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-queue-'));
  writeFileSync(join(dir, SPEC), `${MNIST_EXPERIMENT}\n${sweeps.replaceAll('base tiny', 'base bench')}`);
  return dir;
}

const plan = (dir: string, sweep: string, epochs: number) =>
  planOf(dir, SPEC, sweep, { epochs, ...(LIMIT ? { limit: LIMIT } : {}) });

const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i).join(', ');
const say = (text: string) => process.stderr.write(`${text}\n`);

async function waitFor(text: () => string, pattern: RegExp, what: string): Promise<void> {
  const end = Date.now() + 120_000;
  while (!pattern.test(text())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Kind = 'queue' | 'local';

interface Timed {
  /** Wall seconds of the sweep. */
  readonly seconds: number;
  /** Cores kept busy on average: CPU seconds of every process involved (this one, workers, their children, redis-server) / wall. */
  readonly cores: number;
}

/** Seconds to train `runs` runs of T = epochs on warm executors: `workers` queue workers or local processes. */
async function sweepSeconds(kind: Kind, workers: number, runs: number, epochs: number): Promise<Timed> {
  const warmSweeps = Array.from(
    { length: workers },
    (_, i) => `sweep warm${i} {\n  base tiny\n  vary train.seed [${900 + i}]\n}\n`,
  );
  const dir = sweepFolder(
    `${warmSweeps.join('')}sweep pool_warm {\n  base tiny\n  vary train.seed [${seeds(900, 2 * workers)}]\n}\n` +
      `sweep timed {\n  base tiny\n  vary train.seed [${seeds(100, runs)}]\n}\n`,
  );
  const timed = plan(dir, 'timed', epochs);
  const store = ResultStore.open(join(dir, 'bench.sqlite'));
  let redis: TestRedis | undefined;
  const procs: { worker: ReturnType<typeof mtlProcess>; log: () => string }[] = [];
  const executors: RunExecutor[] = [];
  try {
    let executor: RunExecutor;
    if (kind === 'local') {
      executor = new LocalPool({ workers, cwd: dir, runsDir: 'runs' });
      executors.push(executor);
      await runSweep(plan(dir, 'pool_warm', 1), {
        store,
        executor,
        backend: BACKEND,
      });
    } else {
      redis = await startRedis();
      const address: QueueAddress | string = parseQueueUrl(redis.url);
      if (typeof address === 'string') throw new Error(address);
      for (let i = 0; i < workers; i++) {
        const args = ['worker', '--queue', redis.url, '--concurrency', '1', '--sweep', `warm${i},timed`];
        const worker = mtlProcess(args, dir);
        let log = '';
        worker.child.stderr?.on('data', (d) => (log += String(d)));
        procs.push({ worker, log: () => log });
      }
      for (const p of procs) await waitFor(p.log, /taking runs/, 'a worker to start');
      // Worker i alone serves sweep warm<i>: each trains a run of its own before the clock.
      await Promise.all(
        procs.map(async (_, i) => {
          const warm = await QueueExecutor.open({ address, sweep: `warm${i}`, pollMs: 200 });
          executors.push(warm);
          await runSweep(plan(dir, `warm${i}`, 1), { store, executor: warm, backend: BACKEND });
        }),
      );
      executor = await QueueExecutor.open({ address, sweep: 'timed', pollMs: 1000 });
      executors.push(executor);
    }
    const cpuBefore = treeCpuSeconds();
    const started = performance.now();
    const outcome = await runSweep(timed, { store, executor, backend: BACKEND });
    const seconds = (performance.now() - started) / 1000;
    const cores = (treeCpuSeconds() - cpuBefore) / seconds;
    const trained = store.listRuns({ sweep: 'timed' }).reduce((sum, r) => sum + (r.seconds ?? 0), 0);
    say(
      `    ${kind} on ${workers}: ${seconds.toFixed(2)} s wall, ${trained.toFixed(2)} s of training in the runs, ` +
        `${cores.toFixed(2)} cores busy`,
    );
    if (outcome.done !== runs) {
      const why = store.listRuns({ status: 'failed' }).map((r) => `${r.id}: ${r.message}`);
      throw new Error(
        `${kind} sweep: ${JSON.stringify(outcome)}\n${why.join('\n')}\n${procs.map((p) => p.log()).join('\n')}`,
      );
    }
    return { seconds, cores };
  } finally {
    await Promise.all(executors.map((e) => e.close()));
    store.close();
    for (const p of procs) p.worker.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.worker.done));
    await redis?.stop();
  }
}

const rows: string[][] = [];
function report(figure: Record<string, unknown>, row: string[]): void {
  const load = Number(loadavg()[0]!.toFixed(2));
  process.stdout.write(`${JSON.stringify({ ...figure, loadavg1: load })}\n`);
  rows.push([...row, String(load)]);
}

const round = (v: number) => Number(v.toFixed(2));
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Seconds one run of T = epochs takes on a warm local process (through the sweep machinery, as timed below). */
async function runSeconds(pool: LocalPool, dir: string, epochs: number, seed: number): Promise<number> {
  const store = ResultStore.open(join(dir, `calibrate-${seed}.sqlite`));
  try {
    const started = performance.now();
    const outcome = await runSweep(plan(dir, `one${seed}`, epochs), {
      store,
      executor: pool,
      backend: BACKEND,
    });
    if (outcome.done !== 1) throw new Error(`calibration run failed: ${JSON.stringify(outcome)}`);
    return (performance.now() - started) / 1000;
  } finally {
    store.close();
  }
}

/** T such that a run takes about `target` seconds: from runs at two T's (a fixed cost plus a cost per epoch). */
async function calibrate(target: number): Promise<number> {
  const dir = sweepFolder(
    [1, 2, 3].map((i) => `sweep one${i} {\n  base tiny\n  vary train.seed [${800 + i}]\n}\n`).join(''),
  );
  const pool = new LocalPool({ workers: 1, cwd: dir, runsDir: 'runs' });
  try {
    await runSeconds(pool, dir, 1, 1); // warm: child up, backend loaded
    const [a, b] = WORKLOAD === 'mnist' ? [10, 70] : [100, 700];
    const [ta, tb] = [await runSeconds(pool, dir, a, 2), await runSeconds(pool, dir, b, 3)];
    const perEpoch = Math.max((tb - ta) / (b - a), 1e-5);
    const fixed = Math.max(ta - a * perEpoch, 0);
    say(`  calibration: T = ${a} in ${ta.toFixed(2)} s, T = ${b} in ${tb.toFixed(2)} s`);
    return Math.min(Math.max(Math.round((target - fixed) / perEpoch), a), 100_000);
  } finally {
    await pool.close();
  }
}

const fixedEpochs = process.argv.includes('--epochs') ? flag('--epochs', 0) : undefined;
const EPOCHS = fixedEpochs ?? (await calibrate(RUN_SECONDS));

say(
  `bench queue: ${RUNS} runs of T = ${EPOCHS} (${WORKLOAD === 'mnist' ? `MNIST, --limit ${LIMIT}` : 'tiny IDX data'}, ${BACKEND} backend, one thread per run), ` +
    `on 1 then 2 workers, ${REPEAT} time(s); load average now ${loadavg()[0]!.toFixed(2)}`,
);
// 1 and 2 alternately, REPEAT times, so a change in the machine's other load falls on both.
for (const kind of QUEUE_ONLY ? (['queue'] as const) : (['queue', 'local'] as const)) {
  const ones: Timed[] = [];
  const twos: Timed[] = [];
  for (let r = 0; r < REPEAT; r++) {
    say(`  ${kind}: 1 worker…`);
    ones.push(await sweepSeconds(kind, 1, RUNS, EPOCHS));
    say(`  ${kind}: 2 workers…`);
    twos.push(await sweepSeconds(kind, 2, RUNS, EPOCHS));
  }
  const ratio = round(median(ones.map((one, i) => one.seconds / twos[i]!.seconds)));
  const what = kind === 'queue' ? 'queue, `mtl worker` processes' : 'local pool processes (no queue)';
  const secondsOf = (list: Timed[]) => list.map((t) => round(t.seconds));
  const coresOf = (list: Timed[]) => list.map((t) => round(t.cores));
  report(
    {
      figure: `${what}: throughput on 2 / on 1 (median of paired ratios)`,
      runs: RUNS,
      epochs: EPOCHS,
      seconds1: secondsOf(ones),
      seconds2: secondsOf(twos),
      cores1: coresOf(ones),
      cores2: coresOf(twos),
      ratio,
    },
    [
      `${what}: throughput ratio 2 / 1`,
      `${RUNS} × T = ${EPOCHS}`,
      `${secondsOf(ones).join(', ')} s / ${secondsOf(twos).join(', ')} s`,
      `${coresOf(ones).join(', ')} / ${coresOf(twos).join(', ')}`,
      `**${ratio}**`,
    ],
  );
}

const overheads: number[] = [];
for (let r = 0; r < REPEAT; r++) {
  say(`  per-job overhead: ${OVERHEAD_RUNS} one-epoch runs, local pool of 1 then queue on 1 worker…`);
  const local = await sweepSeconds('local', 1, OVERHEAD_RUNS, 1);
  const queued = await sweepSeconds('queue', 1, OVERHEAD_RUNS, 1);
  overheads.push(((queued.seconds - local.seconds) / OVERHEAD_RUNS) * 1000);
}
const overhead = Math.round(median(overheads));
report(
  {
    figure:
      'queue per-job overhead: 1-epoch runs on 1 queue worker minus a local pool of 1, per run (median)',
    runs: OVERHEAD_RUNS,
    overheadsMs: overheads.map(Math.round),
    overheadMs: overhead,
  },
  [
    'queue per-job overhead (queue on 1 worker − local pool of 1, per run)',
    `${OVERHEAD_RUNS} × T = 1`,
    `${overheads.map(Math.round).join(', ')} ms`,
    '',
    `**${overhead} ms**`,
  ],
);

process.stdout.write(
  `\n| figure | runs | measured (1 worker / 2 workers) | cores busy (1 / 2) | result | load avg |\n|---|---|---|---|---|---|\n${rows
    .map((r) => `| ${r.join(' | ')} |`)
    .join('\n')}\n`,
);

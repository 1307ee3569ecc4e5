// What a busy second core costs the first: a workload's reconstruction graph
// (as trained, on bench/batch.ts's batch, one ONNX Runtime thread) timed on
// this thread while a worker thread beside it
//   - idles;
//   - hashes: draws keep masks into a 4 KB array over and over (the masking
//     noise's integer work, next to no memory traffic);
//   - fills: does what the prefetch worker does for each next step, over and
//     over: the input layer's masked x̃ over a random batch's non-zero
//     pixels of a pool of 10,000 images (--pool), the batch's rows and 60
//     labeled rows gathered;
//   - runs the same graph on its own ONNX Runtime session, over and over.
// The four take turns in blocks of 20 runs; median milliseconds of each. The
// neighbour is busy all the time here, as W4's prefetch worker nearly is.
// The two cores share the caches' last level and the memory bus: what the
// second core costs the first bounds what moving work to it can gain
// (docs/benchmarks.md).
//
//   npx tsx bench/beside.ts [--workloads W1,W4] [--blocks 15] [--pool 10000]
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { emitOnnx } from '../src/runtime/onnx/emit-onnx.js';
import { loadOrt } from '../src/runtime/onnx/ort.js';
import { batchFeeds, reconstructionProgram } from './batch.js';
import { flag, workload } from './workloads.js';

/** What the worker beside does (bench/beside-worker.ts), in turn. */
const MODES = ['idle', 'hashes', 'fills', 'graph'] as const;
type Mode = (typeof MODES)[number];

const RUNS_PER_BLOCK = 20;
const round = (value: number) => Math.round(value * 1000) / 1000;
const median = (times: number[]) => [...times].sort((a, b) => a - b)[times.length >> 1];

// A worker does not inherit tsx's loader (as src/runtime/steps/prefetch.ts finds): it registers it, then imports the .ts entry.
const tsx = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href;
const TS_WORKER =
  `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); ` +
  `return import(${JSON.stringify(new URL('./beside-worker.ts', import.meta.url).href)}); })`;

const blocks = Number(flag('--blocks', '15'));
// W1 and W4 train on a pool of 10,000 images (31 MB of float pixels, about this machine's L3).
const pool = Number(flag('--pool', '10000'));
const ort = loadOrt();
if (!ort) throw new Error('onnxruntime-node does not load');
for (const name of flag('--workloads', 'W1,W4').split(',')) {
  const { experiment } = workload(name);
  const program = reconstructionProgram(experiment);
  const session = ort.session(emitOnnx(program));
  const feeds = batchFeeds(program);
  // [mode the worker is in (index in MODES), steps it has done]
  const control = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(TS_WORKER, { eval: true, workerData: { control, name, modes: MODES, pool } });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const times = new Map<Mode, number[]>(MODES.map((mode) => [mode, []]));
  for (let block = 0; block <= blocks; block++) {
    for (const [index, mode] of MODES.entries()) {
      Atomics.store(control, 0, index);
      Atomics.notify(control, 0);
      // Let the neighbour get going before the graph is timed.
      const steps = Atomics.load(control, 1);
      while (mode !== 'idle' && Atomics.load(control, 1) === steps) Atomics.wait(control, 1, steps, 50);
      for (let run = 0; run < RUNS_PER_BLOCK; run++) {
        const started = performance.now();
        session.run(feeds);
        // The first block warms both threads up.
        if (block > 0) times.get(mode)!.push(performance.now() - started);
      }
    }
  }
  Atomics.store(control, 0, -1);
  Atomics.notify(control, 0);
  await new Promise((resolve) => worker.once('exit', resolve));
  session.dispose();
  const alone = median(times.get('idle')!);
  console.log(
    JSON.stringify({
      workload: name,
      graph: 'reconstruction, as trained',
      runs_each: blocks * RUNS_PER_BLOCK,
      median_ms: Object.fromEntries(MODES.map((mode) => [mode, round(median(times.get(mode)!))])),
      slower_than_alone: Object.fromEntries(
        MODES.filter((mode) => mode !== 'idle').map((mode) => [
          mode,
          round(median(times.get(mode)!) / alone - 1),
        ]),
      ),
    }),
  );
}

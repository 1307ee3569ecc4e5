// The thread beside bench/beside.ts's graph: does, over and over, the work
// of the mode the control array names (its index in `modes`; −1 ends it),
// counting the steps it has done; idles while the mode is 'idle'.
import { parentPort, workerData } from 'node:worker_threads';
import { keptColumns, nonZeros, rowBits } from '../src/runtime/data/columns.js';
import { gatherRows } from '../src/runtime/data/gather.js';
import { corruptRows, fillKeep, noiseKey } from '../src/runtime/noise/element-noise.js';
import { emitOnnx } from '../src/runtime/onnx/emit-onnx.js';
import { loadOrt } from '../src/runtime/onnx/ort.js';
import { rngFor } from '../src/runtime/prng.js';
import { batchFeeds, INPUT, LABELED, mnistRows, ROWS, reconstructionProgram } from './batch.js';
import { workload } from './workloads.js';

const {
  control,
  name,
  modes,
  pool: POOL,
} = workerData as {
  control: Int32Array;
  name: string;
  modes: readonly string[];
  /** Images in the fills' pool (a run's pool: its labeled and unlabeled examples). */
  pool: number;
};

// The fills' pool: the first training images, indexed as a run indexes its pool.
const pool = mnistRows(POOL);
const sparse = nonZeros(pool, INPUT);
const bits = rowBits(pool, INPUT);
const noise = { kind: 'mask', p: 0.25 } as const;
// Buffers reused step to step, as the prefetch worker's go round.
const noisy = new Float32Array(ROWS * INPUT);
const rows = new Float32Array(ROWS * INPUT);
const labeled = new Float32Array(LABELED * INPUT);
const small = new Float32Array(1024);

// The same graph and batch as the thread it sits beside.
const program = reconstructionProgram(workload(name).experiment);
const session = loadOrt()!.session(emitOnnx(program));
const feeds = batchFeeds(program);

let step = 0;
function work(mode: string): void {
  step++;
  if (mode === 'hashes') {
    // About as long as a step's fills, on 4 KB.
    for (let i = 0; i < 400; i++) fillKeep(small, noiseKey(1, step, i, 0, 0), 0.25);
  } else if (mode === 'fills') {
    const batch = rngFor('bench-beside', step).permutation(POOL).subarray(0, ROWS);
    const kept = keptColumns(bits, INPUT, batch);
    corruptRows(
      noise,
      noiseKey(1, step, 0, 0, 0),
      pool,
      INPUT,
      batch,
      noisy.subarray(0, ROWS * kept.length),
      sparse,
      kept,
    );
    gatherRows(pool, INPUT, batch, rows);
    gatherRows(pool, INPUT, batch.subarray(0, LABELED), labeled);
  } else if (mode === 'graph') {
    session.run(feeds);
  }
}

parentPort!.postMessage('ready');
for (;;) {
  const index = Atomics.load(control, 0);
  if (index < 0) break;
  const mode = modes[index];
  if (mode === 'idle') {
    Atomics.wait(control, 0, index, 100);
    continue;
  }
  work(mode);
  Atomics.add(control, 1, 1);
  Atomics.notify(control, 1);
}
session.dispose();

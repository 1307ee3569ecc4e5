// What a session run costs outside ONNX Runtime's own run, through each driver
// (src/runtime/onnx/ort.ts): W1's graphs as the engine runs them with the native
// loss kernel (the graph before the kernel, the graph after it, the supervised
// step), each run 300 times with the profiler on, outputs written into arrays of
// ours as in training. Per graph and driver: the median wall time of a run in
// JavaScript and the median `model_run` of ONNX Runtime's trace; the gap is the
// driver's (feeding, and for onnxruntime-node's binding the copy of every output).
//
//   npx tsx bench/probes/ort-overhead.ts
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadNativeKernel } from '../../src/runtime/native/kernels.js';
import { emitOnnx } from '../../src/runtime/onnx/emit-onnx.js';
import { cutAtSigmoidCrossEntropy } from '../../src/runtime/onnx/fuse-loss.js';
import { type OrtDriver, type OrtTensor, ortThrough } from '../../src/runtime/onnx/ort.js';
import { onnxStepParts } from '../../src/runtime/onnx/step-graphs.js';
import type { StepProgram } from '../../src/step/program.js';
import { batchFeeds } from '../batch.js';
import { workload } from '../workloads.js';

const RUNS = 300;
const WARM_UP = 50;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const round = (value: number) => Math.round(value * 1000) / 1000;

function measure(program: StepProgram, driver: OrtDriver) {
  const ort = ortThrough(driver);
  if (!ort) throw new Error(`ONNX Runtime does not load through ${driver}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'mtl-ort-overhead-'));
  try {
    const session = ort.session(emitOnnx(program), { profile: path.join(dir, 'trace') });
    const feeds = batchFeeds(program, ort);
    // Every output written into an array of ours, as the engine writes z, the values handed
    // to the kernel, the parameters and the velocities (the check vector too, here).
    const into: Record<string, OrtTensor> = {};
    for (const [name, tensor] of Object.entries(session.run(feeds)))
      into[name] = ort.float32(new Float32Array(tensor.data.length), tensor.dims);
    const wall: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const started = performance.now();
      session.run(feeds, into);
      if (i >= WARM_UP) wall.push(performance.now() - started);
    }
    session.endProfiling();
    session.dispose();
    const file = readdirSync(dir).find((name) => name.endsWith('.json'));
    if (!file) throw new Error('ONNX Runtime wrote no trace');
    const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      cat: string;
      name: string;
      dur: number;
    }[];
    const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').map((e) => e.dur / 1000);
    const own = median(runs.slice(1 + WARM_UP));
    return { wall_ms: round(median(wall)), model_run_ms: round(own), outside_ms: round(median(wall) - own) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kernel = loadNativeKernel();
if (!kernel) throw new Error('no native kernels (npm run build)');
const { experiment } = workload('W1');
const [recon] = onnxStepParts(experiment, { kind: 'reconstruction', daes: [0], losses: true });
const [supervised] = onnxStepParts(experiment, { kind: 'supervised', daes: [], losses: true });
const cut = cutAtSigmoidCrossEntropy(recon, { min: 1, max: kernel.maxColumns });
if (!cut) throw new Error('W1 has no loss to cut around');
for (const [graph, program] of [
  ['before the native loss', cut.before],
  ['after the native loss', cut.after],
  ['supervised', supervised],
] as const) {
  for (const driver of ['onnxruntime-node', 'mtl addon'] as const)
    console.log(JSON.stringify({ workload: 'W1', graph, driver, ...measure(program, driver) }));
}

// Where a step graph's time goes: each peer workload's (bench/specs) step
// graphs, as the onnx engine runs them (the input layer's products over the
// kept columns, step/input-columns.ts), on ONNX Runtime with its profiler
// on, one thread as in training, on one batch: 600 real MNIST rows (60 of
// them labeled), masks of p = 0.25. One JSON line per graph: the mean run and
// its kernels' time by kind (products, elementwise, reductions) and by
// operator, and the costliest nodes, each named by the step value it writes
// (see the emitted graph); then the two graphs the step's first part runs as
// around the native loss kernel, when it is built. The profiler adds its own cost to each node, so a
// run here is a little slower than in training; the time between kernels is
// mostly its own (a trivial node costs about 1 µs unprofiled) and is not
// reported.
// The reconstruction graph then runs unprofiled, alternating in one process:
// whole, with its losses inside; without its losses (what computing J_r for
// the curves costs in each step); with the input layer's products over all 784
// columns (what keeping only the batch's non-zero columns saves); and its
// first part (the part this thread runs) with the loss in the graph, then cut
// around the native loss kernel, as it trains when the kernel is built
// (src/runtime/onnx/fuse-loss.ts). Then the graphs of a step as it trains (the
// first part cut around the kernel, the supervised step; parameters written into
// arrays of ours), through each driver of ONNX Runtime: onnxruntime-node's binding
// and mtl's addon (src/runtime/onnx/ort.ts).
// A reconstruction step the onnx backend runs in two parts (step/parts.ts)
// then runs as trained: its first part on this thread while a worker thread
// runs the second, median wall time of both, against the whole step's graph.
//
//   npx tsx bench/graph.ts [--workloads W1,W4] [--runs 200]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadNativeKernel, nativeKernelFile } from '../src/runtime/native/kernels.js';
import { emitOnnx, onnxNodeOutputs } from '../src/runtime/onnx/emit-onnx.js';
import { cutAtSigmoidCrossEntropy } from '../src/runtime/onnx/fuse-loss.js';
import { FusedStep } from '../src/runtime/onnx/fused-step.js';
import { loadOrt, type Ort, ortLibrary, ortThrough, SESSION_OPTIONS } from '../src/runtime/onnx/ort.js';
import { OutputBuffers } from '../src/runtime/onnx/output-buffers.js';
import { onnxStepParts, onnxStepProgram } from '../src/runtime/onnx/step-graphs.js';
import { lowerStep } from '../src/step/lower.js';
import type { StepKey, StepProgram } from '../src/step/program.js';
import { batchFeeds, kept } from './batch.js';
import { flag, workload } from './workloads.js';

const WARM_UP = 20;

const round = (value: number) => Math.round(value * 1000) / 1000;

const KIND: Record<string, string> = {
  Gemm: 'products',
  FusedGemm: 'products',
  MatMul: 'products',
  ReduceSum: 'reductions',
  ReduceL1: 'reductions',
  ReduceProd: 'reductions',
  Reshape: 'other',
  Concat: 'other',
  Identity: 'other',
};

interface Profile {
  readonly runMs: number;
  readonly nodes: {
    readonly node: string;
    readonly op: string;
    readonly value: string;
    readonly ms: number;
  }[];
}

/** Runs a step program's graph `runs` times with ONNX Runtime's profiler on; per-node means after the warm-up. */
function profile(program: StepProgram, runs: number): Profile {
  const ort = loadOrt();
  if (!ort) throw new Error('onnxruntime-node does not load');
  const dir = mkdtempSync(path.join(tmpdir(), 'mtl-graph-'));
  try {
    const session = ort.session(emitOnnx(program), { profile: path.join(dir, 'profile') });
    const feeds = batchFeeds(program);
    for (let i = 0; i < WARM_UP + runs; i++) session.run(feeds);
    session.endProfiling();
    session.dispose();
    const file = readdirSync(dir).find((name) => name.endsWith('.json'));
    if (!file) throw new Error('ONNX Runtime wrote no profile');
    return readProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), onnxNodeOutputs(program));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Median milliseconds of each program's graph, unprofiled, the graphs taking turns run by run.
 * The programs at `cutAt` run as the onnx engine runs them with the native loss kernel:
 * two graphs around it (src/runtime/onnx/fuse-loss.ts). `drivers`: the ONNX Runtime
 * each program runs on (src/runtime/onnx/ort.ts), by position; else the one training takes.
 * `asTrained`: the parameters and velocities written into arrays of ours, as the engine has them
 * (output-buffers.ts), not returned in fresh ones.
 */
function alternating(
  programs: readonly StepProgram[],
  runs: number,
  cutAt: readonly number[] = [],
  drivers: readonly Ort[] = [],
  asTrained = false,
): number[] {
  const kernel = loadNativeKernel();
  const graphs = programs.map((program, at) => {
    const ort = drivers[at] ?? loadOrt()!;
    const cut =
      kernel && cutAt.includes(at)
        ? cutAtSigmoidCrossEntropy(program, { min: 1, max: kernel.maxColumns })
        : null;
    if (cutAt.includes(at) && !cut) throw new Error(`no native loss kernel or nothing to cut in ${at}`);
    const runner = cut && kernel ? new FusedStep(ort, kernel, cut) : ort.session(emitOnnx(program));
    const into = asTrained ? new OutputBuffers(ort).into(program.outputs, () => null) : undefined;
    return { runner, feeds: batchFeeds(program, ort), into };
  });
  const times = programs.map(() => [] as number[]);
  for (let i = 0; i < WARM_UP + runs; i++) {
    graphs.forEach(({ runner, feeds, into }, g) => {
      const started = performance.now();
      runner.run(feeds, into);
      if (i >= WARM_UP) times[g].push(performance.now() - started);
    });
  }
  for (const { runner } of graphs) runner.dispose();
  return times.map((t) => [...t].sort((a, b) => a - b)[t.length >> 1]);
}

interface TraceEvent {
  readonly cat: string;
  readonly name: string;
  readonly dur: number;
  readonly args?: { readonly op_name?: string };
}

function readProfile(events: readonly TraceEvent[], outputs: ReadonlyMap<string, string>): Profile {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').map((e) => e.dur / 1000);
  const times = new Map<string, { op: string; ms: number[] }>();
  for (const event of events) {
    if (event.cat !== 'Node' || !event.name.endsWith('_kernel_time')) continue;
    const node = event.name.slice(0, -'_kernel_time'.length);
    const entry = times.get(node) ?? { op: event.args?.op_name ?? '?', ms: [] };
    entry.ms.push(event.dur / 1000);
    times.set(node, entry);
  }
  const nodes = [...times].map(([node, { op, ms }]) => {
    const timed = ms.slice(WARM_UP);
    // ORT renames the nodes it fuses ("fused Gemm_0", "Gemm_3/GemmTransposeFusion/"): the emitted name is inside.
    const emitted = /[A-Za-z]+_\d+/.exec(node)?.[0] ?? node;
    return {
      node,
      op,
      value: outputs.get(emitted) ?? '?',
      ms: timed.reduce((a, b) => a + b, 0) / timed.length,
    };
  });
  nodes.sort((a, b) => b.ms - a.ms);
  const timed = runs.slice(WARM_UP);
  // Means, as for the nodes: the run and its kernels then add up.
  return { runMs: timed.reduce((a, b) => a + b, 0) / timed.length, nodes };
}

function summary(profile: Profile, top: number) {
  const byOp: Record<string, number> = {};
  const byKind: Record<string, number> = { products: 0, elementwise: 0, reductions: 0, other: 0 };
  for (const { op, ms } of profile.nodes) {
    byOp[op] = round((byOp[op] ?? 0) + ms);
    const kind = KIND[op] ?? 'elementwise';
    byKind[kind] = round(byKind[kind] + ms);
  }
  const kernels = profile.nodes.reduce((a, n) => a + n.ms, 0);
  return {
    run_ms: round(profile.runMs),
    kernels_ms: round(kernels),
    nodes: profile.nodes.length,
    by_kind_ms: byKind,
    by_op_ms: byOp,
    top: profile.nodes
      .slice(0, top)
      .map((n) => ({ node: n.node, op: n.op, value: n.value, ms: round(n.ms) })),
  };
}

/**
 * The parts of a step run as the engine runs them with prefetch: the first
 * here, the second at the same time on a worker thread with its own ONNX
 * Runtime session (one thread each). Median ms: the wall time of both, and
 * the first part's own run within it.
 */
async function partsAtOnce(first: StepProgram, second: StepProgram, runs: number) {
  const ort = loadOrt()!;
  const session = ort.session(emitOnnx(first));
  const feeds = batchFeeds(first);
  const secondFeeds = Object.fromEntries(
    Object.entries(batchFeeds(second)).map(([name, t]) => [
      name,
      { type: t.data instanceof Int32Array ? 'int32' : 'float32', data: t.data, dims: t.dims },
    ]),
  );
  const control = new Int32Array(new SharedArrayBuffer(8));
  // The worker drives ONNX Runtime as the engine's prefetch worker does (src/runtime/onnx/ort.ts):
  // through mtl's addon when this thread does, else through onnxruntime-node's binding.
  const addon = ort.driver === 'mtl addon' ? { file: nativeKernelFile(), library: ortLibrary() } : null;
  const code = `
    const { workerData } = require('node:worker_threads');
    const model = workerData.model;
    let run;
    if (workerData.addon) {
      const runner = require(workerData.addon.file);
      runner.ortOpen(workerData.addon.library);
      const session = runner.ortSession(model, null);
      const feeds = session.inputs.map((name) => workerData.feeds[name]);
      const into = session.outputs.map(() => null);
      run = () => runner.ortRun(session.handle, feeds, into);
    } else {
      const load = require('node:module').createRequire(workerData.base);
      const { binding, initOrt } = load('onnxruntime-node/dist/binding.js');
      const { Tensor } = load('onnxruntime-node');
      initOrt();
      const session = new binding.InferenceSession();
      session.loadModel(model.buffer, model.byteOffset, model.byteLength, workerData.options);
      const fetches = Object.fromEntries(session.outputMetadata.map((o) => [o.name, null]));
      const feeds = Object.fromEntries(
        Object.entries(workerData.feeds).map(([name, f]) => [name, new Tensor(f.type, f.data, f.dims)]),
      );
      run = () => session.run(feeds, fetches, {});
    }
    const control = workerData.control;
    Atomics.store(control, 1, -1);
    Atomics.notify(control, 1);
    for (let seen = 0; ; ) {
      Atomics.wait(control, 0, seen);
      seen = Atomics.load(control, 0);
      if (seen < 0) break;
      run();
      Atomics.store(control, 1, seen);
      Atomics.notify(control, 1);
    }`;
  const worker = new Worker(code, {
    eval: true,
    workerData: {
      base: import.meta.url,
      model: emitOnnx(second),
      feeds: secondFeeds,
      control,
      addon,
      // The session options training uses (one thread), as the engine's worker opens its session.
      options: SESSION_OPTIONS,
    },
  });
  while (Atomics.load(control, 1) !== -1) await new Promise((resolve) => setTimeout(resolve, 10));
  const wall: number[] = [];
  const own: number[] = [];
  for (let i = 1; i <= WARM_UP + runs; i++) {
    const started = performance.now();
    Atomics.store(control, 0, i);
    Atomics.notify(control, 0);
    session.run(feeds);
    const ran = performance.now();
    while (Atomics.load(control, 1) !== i) Atomics.wait(control, 1, Atomics.load(control, 1), 100);
    if (i > WARM_UP) {
      wall.push(performance.now() - started);
      own.push(ran - started);
    }
  }
  Atomics.store(control, 0, -1);
  Atomics.notify(control, 0);
  await worker.terminate();
  session.dispose();
  const median = (t: number[]) => [...t].sort((a, b) => a - b)[t.length >> 1];
  return { wall: median(wall), first: median(own) };
}

const workloads = flag('--workloads', 'W1,W4').split(',');
const runs = Number(flag('--runs', '200'));
for (const name of workloads) {
  const { experiment } = workload(name);
  const daes = experiment.reconstruct.map((_, slot) => slot);
  const keys: StepKey[] = [
    { kind: 'reconstruction', daes, losses: true },
    { kind: 'reconstruction', daes, losses: false },
    { kind: 'supervised', daes: [], losses: true },
  ];
  const measured = keys.map((key) => ({ key, profile: profile(onnxStepProgram(experiment, key), runs) }));
  for (const { key, profile: p } of measured) {
    console.log(
      JSON.stringify({ workload: name, graph: key.kind, losses: key.losses, runs, ...summary(p, 12) }),
    );
  }
  const kernel = loadNativeKernel();
  const native = kernel !== null;
  const first = onnxStepParts(experiment, keys[0])[0];
  // The two graphs the first part runs as around the native loss kernel.
  const cut = kernel && cutAtSigmoidCrossEntropy(first, { min: 1, max: kernel.maxColumns });
  if (cut) {
    for (const [piece, program] of [
      ['before', cut.before],
      ['after', cut.after],
    ] as const) {
      const graph = `reconstruction, first part, ${piece} the native loss`;
      console.log(JSON.stringify({ workload: name, graph, runs, ...summary(profile(program, runs), 12) }));
    }
  }
  const [withLosses, without, allColumns, firstInGraph, firstNative] = alternating(
    [
      onnxStepProgram(experiment, keys[0]),
      onnxStepProgram(experiment, keys[1]),
      lowerStep(experiment, keys[0]),
      first,
      ...(native ? [first] : []),
    ],
    runs,
    native ? [4] : [],
  );
  console.log(
    JSON.stringify({
      workload: name,
      unprofiled: 'reconstruction graph, median ms',
      kept_columns: kept.columns.length,
      with_losses_ms: round(withLosses),
      without_losses_ms: round(without),
      losses_ms: round(withLosses - without),
      losses_share: round((withLosses - without) / withLosses),
      all_columns_ms: round(allColumns),
      kept_columns_saves_ms: round(allColumns - withLosses),
      // The step's first part (W1: the whole step; W4: the input layer's DAE, step/parts.ts)
      // with its loss in the graph, and cut around the native loss kernel, as it trains.
      first_part_ms: round(firstInGraph),
      ...(native
        ? {
            first_part_native_loss_ms: round(firstNative),
            native_saves_ms: round(firstInGraph - firstNative),
          }
        : { first_part_native_loss_ms: null, note: 'no native loss kernel (npm run build)' }),
    }),
  );
  // The graphs a step runs as it trains, through onnxruntime-node's binding and through mtl's
  // addon (src/runtime/onnx/ort.ts), taking turns: what the binding's output copies cost.
  const binding = ortThrough('onnxruntime-node');
  const addon = ortThrough('mtl addon');
  if (binding && addon && cut) {
    const supervised = onnxStepProgram(experiment, keys[2]);
    const graphs = [first, supervised];
    const drivers = [...graphs.map(() => binding), ...graphs.map(() => addon)];
    const both = alternating([...graphs, ...graphs], runs, [0, 2], drivers, true);
    console.log(
      JSON.stringify({
        workload: name,
        unprofiled: 'the graphs of a step as it trains, through each driver of ONNX Runtime, median ms',
        first_part_cut_around_the_kernel: { binding_ms: round(both[0]), addon_ms: round(both[2]) },
        supervised: { binding_ms: round(both[1]), addon_ms: round(both[3]) },
      }),
    );
  }
  const parts = onnxStepParts(experiment, keys[0]);
  if (parts.length === 2) {
    const [whole, first, second] = alternating([onnxStepProgram(experiment, keys[0]), ...parts], runs);
    const atOnce = await partsAtOnce(parts[0], parts[1], runs);
    console.log(
      JSON.stringify({
        workload: name,
        unprofiled: 'reconstruction step in two parts (step/parts.ts), median ms',
        parts: parts.map((part) => part.key.daes),
        whole_ms: round(whole),
        first_alone_ms: round(first),
        second_alone_ms: round(second),
        at_once_wall_ms: round(atOnce.wall),
        first_within_ms: round(atOnce.first),
      }),
    );
  }
}

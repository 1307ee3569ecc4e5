// The single-core GEMM ceiling of a workload on the onnx backend: every
// matrix product of one mini-batch of Algorithm 1 (the step programs'
// matmuls, same shapes and transposes: 600 rows for the reconstruction step,
// the batch's share of labeled rows for the supervised step), alone in one
// ONNX graph, run by ONNX Runtime with one thread. The Gemm kernels' own time
// (from ONNX Runtime's profiler, so feeding and fetching do not count) bounds
// the samples/s any implementation of the step on these kernels can reach.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Experiment } from '../src/ir/types.js';
import { AttributeType, DataType, encodeModel, type NodeMessage } from '../src/runtime/onnx/onnx-proto.js';
import { lowerStep } from '../src/step/lower.js';
import type { StepProgram } from '../src/step/program.js';

interface Product {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly transA: boolean;
  readonly transB: boolean;
  readonly macs: number;
}

function products(program: StepProgram, rows: number, labeled: number): Product[] {
  const size = (d: number | string) => (d === 'rows' ? rows : d === 'labeled' ? labeled : (d as number));
  const out: Product[] = [];
  for (const op of program.ops) {
    if (op.op !== 'matmul') continue;
    const a = program.shapes.get(op.a)!.map(size);
    const b = program.shapes.get(op.b)!.map(size);
    const [m, k] = op.transA ? [a[1], a[0]] : a;
    const n = op.transB ? b[0] : b[1];
    out.push({ a, b, transA: op.transA, transB: op.transB, macs: m * k * n });
  }
  return out;
}

export interface Ceiling {
  readonly gemms: number;
  readonly mflopPerSample: number;
  /** Median over the runs. */
  readonly gemmMsPerBatch: number;
  readonly gflops: number;
  readonly samplesPerSecond: number;
  /** The fastest run: on a shared machine, the best estimate of what the core does alone. */
  readonly bestGemmMsPerBatch: number;
  readonly bestSamplesPerSecond: number;
}

/** Runs the batch's products `repeats` times; the Gemm kernels' median time per batch. */
export async function sgemmCeiling(experiment: Experiment, repeats = 60): Promise<Ceiling> {
  const { batch } = experiment.train;
  const { labeled, unlabeled } = experiment.data;
  const labeledRows = Math.round((batch * labeled) / (labeled + unlabeled));
  const daes = experiment.reconstruct.map((_, slot) => slot);
  const all = [
    ...products(lowerStep(experiment, { kind: 'reconstruction', daes, losses: false }), batch, labeledRows),
    ...products(lowerStep(experiment, { kind: 'supervised', daes: [], losses: false }), batch, labeledRows),
  ];
  const nodes: NodeMessage[] = [];
  const inputs = [];
  const outputs = [];
  const feeds: Record<string, ort.Tensor> = {};
  for (const [i, p] of all.entries()) {
    inputs.push({ name: `a${i}`, elemType: DataType.FLOAT, shape: p.a });
    inputs.push({ name: `b${i}`, elemType: DataType.FLOAT, shape: p.b });
    const m = p.transA ? p.a[1] : p.a[0];
    const n = p.transB ? p.b[0] : p.b[1];
    outputs.push({ name: `c${i}`, elemType: DataType.FLOAT, shape: [m, n] });
    nodes.push({
      opType: 'Gemm',
      name: `gemm${i}`,
      input: [`a${i}`, `b${i}`],
      output: [`c${i}`],
      attribute: [
        { name: 'transA', type: AttributeType.INT, i: p.transA ? 1 : 0 },
        { name: 'transB', type: AttributeType.INT, i: p.transB ? 1 : 0 },
      ],
    });
    for (const [name, shape] of [
      [`a${i}`, p.a],
      [`b${i}`, p.b],
    ] as const) {
      const data = Float32Array.from({ length: shape[0] * shape[1] }, (_, j) => ((j * 7919) % 1000) / 1000);
      feeds[name] = new ort.Tensor('float32', data, [...shape]);
    }
  }
  const model = encodeModel({
    graphName: 'sgemm',
    docString: '',
    opset: 17,
    nodes,
    initializers: [],
    inputs,
    outputs,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'mtl-sgemm-'));
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableProfiling: true,
    profileFilePrefix: path.join(dir, 'profile'),
  });
  for (let r = 0; r < repeats; r++) await session.run(feeds);
  session.endProfiling();
  await session.release();
  const file = readdirSync(dir).find((name) => name.startsWith('profile'))!;
  const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
    cat: string;
    name: string;
    dur: number;
  }[];
  rmSync(dir, { recursive: true, force: true });
  const perRun = new Map<number, number>();
  let run = -1;
  for (const event of events) {
    if (event.cat === 'Session' && event.name === 'model_run') run++;
    if (event.cat === 'Node' && event.name.endsWith('_kernel_time'))
      perRun.set(run, (perRun.get(run) ?? 0) + event.dur);
  }
  // model_run events close a run, so the kernel events before the first belong to run 0.
  const times = [...perRun.values()].slice(5).sort((a, b) => a - b);
  const medianUs = times[Math.floor(times.length / 2)];
  const bestUs = times[0];
  const macs = all.reduce((sum, p) => sum + p.macs, 0);
  return {
    gemms: all.length,
    mflopPerSample: Math.round(((2 * macs) / batch / 1e6) * 1000) / 1000,
    gemmMsPerBatch: Math.round(medianUs) / 1000,
    gflops: Math.round(((2 * macs) / (medianUs * 1e3)) * 10) / 10,
    samplesPerSecond: Math.round(batch / (medianUs / 1e6)),
    bestGemmMsPerBatch: Math.round(bestUs) / 1000,
    bestSamplesPerSecond: Math.round(batch / (bestUs / 1e6)),
  };
}

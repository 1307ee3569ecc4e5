// Prefetch on the onnx backend (and on wasm and cpu, for the steps a generated
// trainer's code takes): a worker thread draws each next step's noise and
// gathers its rows while the current step runs. It must change nothing but
// the time: the same bits as drawing inline, on real MNIST and across the
// step orders the planner must foresee (joint, `skip below`, several DAEs);
// a resumed or interrupted run stays exact, and the process still exits.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseVerb } from '../../src/args/verb.js';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Experiment } from '../../src/ir/types.js';
import { keptColumns, nonZeros, rowBits } from '../../src/runtime/data/columns.js';
import { emitOnnx } from '../../src/runtime/onnx/emit-onnx.js';
import { loadOrt, type OrtTensor } from '../../src/runtime/onnx/ort.js';
import { onnxStepParts } from '../../src/runtime/onnx/step-graphs.js';
import { rngFor } from '../../src/runtime/prng.js';
import { RUN_FLAGS, runOptionsFromFlags } from '../../src/runtime/run-flags.js';
import { type RunOptions, runProgram } from '../../src/runtime/run-program.js';
import { prefetchWanted } from '../../src/runtime/run-setup.js';
import { type GraphFeed, Prefetcher, type PrefetchInput } from '../../src/runtime/steps/prefetch.js';
import {
  type FillKind,
  fillInput,
  fillInputInSlices,
  isFillKind,
  type PoolSource,
  type StepPlace,
  shapeDims,
  withColumns,
} from '../../src/runtime/steps/step-fill.js';
import { keepsColumns, preparedName } from '../../src/runtime/steps/step-inputs.js';
import type { StepEvent } from '../../src/runtime/train/step-event.js';
import { poolPrefetch } from '../../src/sweep/local-pool.js';
import {
  makeExperiment,
  readCheckpoint,
  resumableProgram,
  smallMnistExperiment,
  type TinyData,
  tempDir,
  untilEpoch,
  writeTinyIdx,
} from '../harness/runtime.js';

/** Two hidden layers, for the runs with a DAE on each. */
const TWO_HIDDEN = [
  { name: 'h1', units: 5, activation: 'sigmoid' },
  { name: 'h2', units: 4, activation: 'tanh' },
] as const;

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const SILENT = { stdout: { write: () => true }, stderr: { write: () => true } };

async function train(experiment: Experiment, source: string, options: RunOptions) {
  const out = tempDir();
  const result = await runProgram(await importTrainer(experiment, { source }), {
    out,
    progress: null,
    handleSignals: false,
    backend: 'onnx',
    ...options,
  });
  return { result, checkpoint: readCheckpoint(out) };
}

/**
 * Trains with prefetch on and off: the same bits; and the worker prepared
 * every step but the run's first (supervised steps too: their labeled rows).
 */
async function expectSameWithPrefetch(experiment: Experiment, source: string, options: RunOptions = {}) {
  const events: StepEvent[] = [];
  const on = await train(experiment, source, {
    ...options,
    prefetch: true,
    onStep: (event) => events.push(event),
  });
  const off = await train(experiment, source, { ...options, prefetch: false });
  expect(on.checkpoint.params).toEqual(off.checkpoint.params);
  expect(on.checkpoint.velocity).toEqual(off.checkpoint.velocity);
  expect(on.checkpoint.curves).toEqual(off.checkpoint.curves);
  expect(on.checkpoint.evaluations).toEqual(off.checkpoint.evaluations);
  expect(on.checkpoint.stepsTaken).toBe(off.checkpoint.stepsTaken);
  // Planning the steps ahead decides `skip below` too, but only the steps taken count.
  expect(on.checkpoint.stepsSkipped).toBe(off.checkpoint.stepsSkipped);
  const timing = on.result.stepTiming!;
  expect(off.result.stepTiming!.prefetch).toBeUndefined();
  expect(timing.steps).toBe(on.checkpoint.stepsTaken);
  expect(events.filter((event) => event.reconstructionWeight !== 0).length).toBeGreaterThan(1);
  expect(events.filter((event) => event.objective !== 'reconstruction').length).toBeGreaterThan(1);
  expect(timing.prefetch!.steps).toBe(on.checkpoint.stepsTaken - 1);
  return { ...on, events };
}

describe('whether a run prefetches', () => {
  it('follows RunOptions.prefetch, else $MTL_PREFETCH, else the core count', () => {
    const twoCores = availableParallelism() >= 2;
    expect(prefetchWanted({}, {})).toBe(twoCores);
    expect(prefetchWanted({}, { MTL_PREFETCH: '0' })).toBe(false);
    expect(prefetchWanted({}, { MTL_PREFETCH: 'off' })).toBe(false);
    expect(prefetchWanted({}, { MTL_PREFETCH: '1' })).toBe(true);
    expect(prefetchWanted({ prefetch: true }, { MTL_PREFETCH: '0' })).toBe(true);
    expect(prefetchWanted({ prefetch: false }, { MTL_PREFETCH: '1' })).toBe(false);
  });

  it('is turned off by --no-prefetch', () => {
    const parse = (args: string[]) => {
      const parsed = parseVerb({ command: 'mtl run', summary: '', flags: RUN_FLAGS }, args, SILENT);
      if (!parsed.ok) throw new Error('flags did not parse');
      return runOptionsFromFlags(parsed.values);
    };
    expect(parse(['--no-prefetch']).prefetch).toBe(false);
    expect(parse([]).prefetch).toBeUndefined();
  });

  it("is documented as the README shows it: the flag of `mtl run`, and the example's variable", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`[${RUN_FLAGS.prefetch.flags}]`);
    const at = readme.indexOf('- **Prefetch**');
    const example = /```sh\n\s*([^\n]*)\n\s*```/.exec(readme.slice(at))?.[1] ?? '';
    const [assignment, ...command] = example.split(' ');
    const [name, value] = assignment.split('=');
    expect(command.slice(0, 3)).toEqual(['npx', 'mtl', 'run']);
    expect(prefetchWanted({}, { [name]: value })).toBe(false);
  });

  it('is off in a local sweep pool whose processes fill the cores', () => {
    expect(poolPrefetch(2, 2, undefined)).toBe(false);
    expect(poolPrefetch(4, 2, true)).toBe(false);
    expect(poolPrefetch(1, 2, undefined)).toBeUndefined();
    expect(poolPrefetch(1, 4, false)).toBe(false);
  });
});

describe('the prefetch worker', () => {
  const dim = 784;
  const rowsInPool = 40;
  const rows = Int32Array.of(5, 0, 39, 12);
  const labeled = Int32Array.of(0, 5);
  let pool: PoolSource;
  let place: StepPlace;
  let inputs: PrefetchInput[];

  beforeAll(() => {
    const rng = rngFor('prefetch-test', 11);
    // Mostly zeros, like MNIST: the input layer's masks then take the sparse path.
    const pixels = Float32Array.from({ length: rowsInPool * dim }, () =>
      rng.nextFloat() < 0.2 ? rng.nextFloat() : 0,
    );
    pool = {
      pixels,
      dim,
      sparse: nonZeros(pixels, dim),
      rowBits: rowBits(pixels, dim),
      seed: 5,
      noises: [
        { kind: 'mask', p: 0.25 },
        { kind: 'salt_pepper', p: 0.3 },
        { kind: 'gaussian', sigma: 0.4 },
      ],
    };
    // The worker finds the place's kept input columns (step/input-columns.ts) itself.
    place = { epoch: 2, batch: 3, stepIndex: 1, rows, labeled, columns: null, labeledColumns: null };
    inputs = [
      { name: 'x', kind: 'rows', dae: -1, shape: ['rows', dim], kept: false, user: 'main' },
      { name: 'x_kept', kind: 'rows', dae: -1, shape: ['rows', 'columns'], kept: true, user: 'main' },
      { name: 'xl', kind: 'labeledRows', dae: -1, shape: ['labeled', dim], kept: false, user: 'main' },
      {
        name: 'xl_kept',
        kind: 'labeledRows',
        dae: -1,
        shape: ['labeled', 'labeledColumns'],
        kept: true,
        user: 'main',
      },
      { name: 'noisy_0', kind: 'noisyInput', dae: 0, shape: ['rows', dim], kept: false, user: 'main' },
      {
        name: 'noisy_0_kept',
        kind: 'noisyInput',
        dae: 0,
        shape: ['rows', 'columns'],
        kept: true,
        user: 'main',
      },
      { name: 'keep_1', kind: 'keep', dae: 1, shape: ['rows', 10], kept: false, user: 'main' },
      { name: 'add_1', kind: 'add', dae: 1, shape: ['rows', 10], kept: false, user: 'main' },
      { name: 'add_2', kind: 'add', dae: 2, shape: ['rows', 10], kept: false, user: 'main' },
    ];
  });

  it('fills an input in slices of rows with the bits of filling it whole, looking for parts between', () => {
    const inlinePlace = withColumns(place, pool);
    let sliced = 0;
    for (const input of inputs) {
      const size = shapeDims(input.shape, inlinePlace).reduce((a, b) => a * b, 1);
      const whole = fillInput(input.kind, input.dae, pool, inlinePlace, new Float32Array(size), input.kept);
      let calls = 0;
      const slices = new Float32Array(size);
      fillInputInSlices(input.kind, input.dae, pool, inlinePlace, slices, input.kept, 1, () => calls++);
      expect(Buffer.from(slices.buffer), input.name).toEqual(Buffer.from(whole.buffer));
      // Rows and the input layer's masked x̃ are cut row by row; salt-and-pepper on it and the
      // hidden layers' noise are drawn whole.
      const rowCount = input.kind === 'labeledRows' ? labeled.length : rows.length;
      const cut =
        input.kind === 'rows' ||
        input.kind === 'labeledRows' ||
        (input.kind === 'noisyInput' && input.dae === 0);
      expect(calls, input.name).toBe(cut ? rowCount - 1 : 0);
      if (cut) sliced++;
    }
    expect(sliced).toBe(6);
  });

  it('prepares the very bits drawn inline, and only for the step it was asked for', async () => {
    const prefetcher = Prefetcher.start(pool);
    expect(prefetcher).not.toBeNull();
    await prefetcher!.started;
    try {
      prefetcher!.post({ tag: 'stale', place: { ...place, stepIndex: 0 }, inputs });
      prefetcher!.post({ tag: 'wanted', place, inputs });
      expect(prefetcher!.take('other')).toBeNull();
      const prepared = prefetcher!.take('wanted');
      expect(prepared).not.toBeNull();
      // The kept columns it found are the ones found inline: 4 rows of pixels 80 % zero keep about 470 of 784.
      const inlinePlace = withColumns(place, pool);
      expect(inlinePlace.columns!.length).toBeLessThan(dim);
      expect(inlinePlace.columns!.length).toBeGreaterThan(inlinePlace.labeledColumns!.length);
      expect(prepared!.kept.columns).toEqual(keptColumns(pool.rowBits!, dim, rows));
      expect(prepared!.kept.columns).toEqual(inlinePlace.columns);
      expect(prepared!.kept.labeledColumns).toEqual(inlinePlace.labeledColumns);
      for (const input of inputs) {
        const size = shapeDims(input.shape, inlinePlace).reduce((a, b) => a * b, 1);
        const inline = fillInput(
          input.kind,
          input.dae,
          pool,
          inlinePlace,
          new Float32Array(size),
          input.kept,
        );
        const got = prepared!.inputs.get(input.name)!;
        expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength)).toEqual(Buffer.from(inline.buffer));
      }
      // Its buffer holds the job with every column kept (20 rows of 784, 3 × 4 × 10 noise):
      // it fits any later job of the step, so buffers go round instead of being allocated.
      expect(prepared!.inputs.get('x')!.buffer.byteLength).toBe((20 * dim + 3 * 4 * 10) * 4);
      // The stale job before it was dropped, not handed to a later request.
      expect(prefetcher!.take('stale')).toBeNull();
      prefetcher!.release();
      expect(prefetcher!.timing.steps).toBe(1);
      // Asked for steps that never come, it stops rather than pile them up (three are asked for ahead).
      for (const tag of ['never 1', 'never 2', 'never 3', 'never 4'])
        prefetcher!.post({ tag, place, inputs });
      expect(prefetcher!.pendingCount).toBe(4);
      prefetcher!.post({ tag: 'never 5', place, inputs });
      expect(prefetcher!.pending('never 5')).toBe(false);
      expect(prefetcher!.take('never 1')).toBeNull();
    } finally {
      prefetcher!.stop();
    }
    // A stopped prefetcher prepares nothing: the steps draw inline.
    prefetcher!.post({ tag: 'after', place, inputs });
    expect(prefetcher!.take('after')).toBeNull();
  });
});

describe('a step part on the prefetch worker', () => {
  it('runs on the inputs the worker kept, with the bits of running it inline; else hands it back', async () => {
    const dim = 784;
    const rng = rngFor('prefetch-part', 3);
    const pixels = Float32Array.from({ length: 30 * dim }, () =>
      rng.nextFloat() < 0.2 ? rng.nextFloat() : 0,
    );
    const pool: PoolSource = {
      pixels,
      dim,
      sparse: nonZeros(pixels, dim),
      rowBits: rowBits(pixels, dim),
      seed: 9,
      noises: [
        { kind: 'mask', p: 0.25 },
        { kind: 'mask', p: 0.25 },
      ],
    };
    // The second part of a step with DAEs on h1 and h2: h2's DAE over the clean h1 = σ(x·W1 + b1),
    // x over every column, as the first part takes it (its DAE's target).
    const experiment = makeExperiment({
      input: dim,
      hidden: TWO_HIDDEN,
      reconstruct: [{ layerIndex: 0 }, { layerIndex: 1 }],
    });
    const [, part] = onnxStepParts(experiment, { kind: 'reconstruction', daes: [0, 1], losses: true });
    const rows = Int32Array.of(3, 17, 8, 29, 0, 11);
    const place: StepPlace = {
      epoch: 1,
      batch: 2,
      stepIndex: 0,
      rows,
      labeled: null,
      columns: null,
      labeledColumns: null,
    };
    const inline = withColumns(place, pool);
    const fills = part.inputs.filter((input) => isFillKind(input.role.kind));
    expect(fills.map((input) => preparedName(input)).sort()).toEqual(['keep_1', 'x']);
    // The rows are the first part's too: sent, and a copy kept; the mask only kept.
    const inputs: PrefetchInput[] = fills.map((input) => ({
      name: preparedName(input),
      kind: input.role.kind as FillKind,
      dae: 'slot' in input.role ? input.role.slot : -1,
      shape: input.shape,
      kept: keepsColumns(input),
      user: input.role.kind === 'rows' ? 'both' : 'worker',
    }));
    // Parameters and factors, as the main thread sends them; rows and noise are the worker's.
    const sent = (columns: Int32Array): Record<string, GraphFeed> =>
      Object.fromEntries(
        part.inputs.map((input, index) => {
          const dims = shapeDims(input.shape, { ...inline, columns });
          if (isFillKind(input.role.kind))
            return [input.name, { data: null, dims, kept: preparedName(input) }];
          if (input.role.kind === 'columns') return [input.name, { data: columns.slice(), dims }];
          const values = rngFor('prefetch-part-feed', index);
          const size = dims.reduce((a, b) => a * b, 1);
          return [
            input.name,
            { data: Float32Array.from({ length: size }, () => values.nextFloat() - 0.5), dims },
          ];
        }),
      );
    const prefetcher = Prefetcher.start(pool);
    expect(prefetcher).not.toBeNull();
    await prefetcher!.started;
    try {
      prefetcher!.post({ tag: 'step', place, inputs });
      const prepared = prefetcher!.take('step')!;
      expect(prepared).not.toBeNull();
      // The mask only the part uses stays on the worker: neither sent nor in the buffer.
      expect([...prepared.inputs.keys()]).toEqual(['x']);
      expect(prepared.inputs.get('x')!.buffer.byteLength).toBe(rows.length * dim * 4);
      const feeds = sent(prepared.kept.columns!);
      // Inline: the same graph on the same feeds, rows and noise drawn here.
      const ort = loadOrt()!;
      const session = ort.session(emitOnnx(part));
      const inlineFeeds: Record<string, OrtTensor> = {};
      for (const input of part.inputs) {
        const { data, dims } = feeds[input.name];
        const size = dims.reduce((a, b) => a * b, 1);
        const values =
          data ??
          fillInput(
            input.role.kind as FillKind,
            'slot' in input.role ? input.role.slot : -1,
            pool,
            inline,
            new Float32Array(size),
            keepsColumns(input),
          );
        inlineFeeds[input.name] =
          values instanceof Int32Array ? ort.int32(values, dims) : ort.float32(values, dims);
      }
      const expected = session.run(inlineFeeds);
      session.dispose();
      const ticket = prefetcher!.runGraph(prepared, 'part', () => emitOnnx(part), feeds);
      expect(ticket).not.toBeNull();
      const outputs = prefetcher!.graphResult(ticket!)!;
      expect(outputs).not.toBeNull();
      expect(Object.keys(outputs).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, tensor] of Object.entries(expected)) {
        const want = tensor.data as Float32Array;
        expect(Buffer.from(outputs[name].data.buffer)).toEqual(
          Buffer.from(want.buffer, want.byteOffset, want.byteLength),
        );
      }
      expect(prefetcher!.timing.graphs).toBe(1);
      prefetcher!.release();
      // Asked for a step whose inputs it did not keep, the worker hands the part back, and is asked no more.
      const unknown = prefetcher!.runGraph(
        { ...prepared, seq: 999 },
        'part',
        () => emitOnnx(part),
        sent(prepared.kept.columns!),
      );
      expect(unknown).not.toBeNull();
      expect(prefetcher!.graphResult(unknown!)).toBeNull();
      expect(prefetcher!.runGraph(prepared, 'part', () => emitOnnx(part), feeds)).toBeNull();
    } finally {
      prefetcher!.stop();
    }
  });
});

describe('training with prefetch', () => {
  it('ends a real MNIST run (--limit) with the same bits as drawing inline', async () => {
    await expectSameWithPrefetch(smallMnistExperiment('prefetch_mnist'), 'specs/quick.mtl', { limit: 1000 });
  });

  it('runs a step in two parts on real MNIST: the worker runs the hidden DAEs, with the same bits', async () => {
    const experiment = makeExperiment({
      name: 'prefetch_parts',
      source: 'mnist',
      labeled: 300,
      unlabeled: 500,
      validation: 200,
      input: 784,
      hidden: [
        { name: 'h1', units: 32, activation: 'sigmoid' },
        { name: 'h2', units: 16, activation: 'sigmoid' },
      ],
      output: { name: 'y', units: 10, activation: 'softmax' },
      reconstruct: [
        { layerIndex: 0, noise: { kind: 'mask', p: 0.25 } },
        { layerIndex: 1, noise: { kind: 'mask', p: 0.25 } },
      ],
      epochs: 2,
      batch: 100,
      momentum: 0.9,
      evaluateEvery: 1,
    });
    const { result, events } = await expectSameWithPrefetch(experiment, 'prefetch parts', { limit: 1000 });
    // Each reconstruction step's second part (the DAE on h2, with the clean h1 from x over every column)
    // ran on the worker, but the run's first, which the worker had not prepared.
    const reconstruction = events.filter((event) => event.objective === 'reconstruction');
    expect(reconstruction.length).toBeGreaterThan(4);
    expect(result.stepTiming!.prefetch!.graphs).toBe(reconstruction.length - 1);
  });

  describe('on orders the planner must foresee', () => {
    let data: TinyData;
    beforeAll(() => {
      data = writeTinyIdx({ train: 24, test: 6 });
    });
    const twoLayers = {
      hidden: TWO_HIDDEN,
      reconstruct: [
        { layerIndex: 0, noise: { kind: 'mask' as const, p: 0.25 } },
        { layerIndex: 1, noise: { kind: 'gaussian' as const, sigma: 0.3 }, weight: untilEpoch(1, 1, 0) },
      ],
      momentum: 0.9,
      epochs: 3,
    };

    it('joint steps whose reconstruction part stops below `skip below`', async () => {
      const base = makeExperiment({
        ...twoLayers,
        order: { kind: 'joint' },
        reconstruction: untilEpoch(2, 0.5, 1e-9),
      });
      const experiment = { ...base, train: { ...base.train, skipBelow: 1e-6 } };
      const { result } = await expectSameWithPrefetch(experiment, data.source);
      expect(readSkipped(result)).toBeGreaterThan(0);
    });

    it('alternate steps with a DAE weight that drops to 0, and salt-and-pepper on the input', async () => {
      const experiment = makeExperiment({
        ...twoLayers,
        reconstruct: [{ layerIndex: 0, noise: { kind: 'salt_pepper', p: 0.2 } }, twoLayers.reconstruct[1]],
        batch: 4,
      });
      const { result, events } = await expectSameWithPrefetch(experiment, data.source);
      // With both DAEs on, a reconstruction step runs in two parts (step/parts.ts); the worker
      // ran the hidden layer's part of each such step it had prepared (all but the run's first).
      const split = events.filter((event) => event.objective === 'reconstruction' && event.epoch === 0);
      expect(split.length).toBeGreaterThan(2);
      expect(result.stepTiming!.prefetch!.graphs).toBe(split.length - 1);
      expect(result.stepTiming!.prefetch!.graphMs).toBeGreaterThan(0);
    });
  });
});

describe('training with prefetch on the TensorFlow.js backends', () => {
  it('ends a real MNIST run on wasm with the same bits as drawing inline', async () => {
    await expectSameWithPrefetch(smallMnistExperiment('prefetch_wasm'), 'specs/quick.mtl', {
      limit: 1000,
      backend: 'wasm',
    });
  });

  it('takes the same steps on cpu, two DAEs, momentum', async () => {
    const data = writeTinyIdx({ train: 24, test: 6 });
    const experiment = makeExperiment({
      hidden: TWO_HIDDEN,
      reconstruct: [
        { layerIndex: 0, noise: { kind: 'salt_pepper', p: 0.2 } },
        { layerIndex: 1, noise: { kind: 'gaussian', sigma: 0.3 } },
      ],
      momentum: 0.9,
      epochs: 3,
      batch: 4,
    });
    await expectSameWithPrefetch(experiment, data.source, { backend: 'cpu' });
  });

  it('prepares only the steps the trainer compiled (a DAE whose weight drops to 0 leaves the rest to the hand-written gradients)', async () => {
    const data = writeTinyIdx({ train: 24, test: 6 });
    const experiment = makeExperiment({
      hidden: TWO_HIDDEN,
      reconstruct: [{ layerIndex: 0 }, { layerIndex: 1, weight: untilEpoch(1, 1, 0) }],
      epochs: 3,
      batch: 4,
    });
    const events: StepEvent[] = [];
    const on = await train(experiment, data.source, {
      backend: 'wasm',
      prefetch: true,
      onStep: (event) => events.push(event),
    });
    const off = await train(experiment, data.source, { backend: 'wasm', prefetch: false });
    expect(on.checkpoint.params).toEqual(off.checkpoint.params);
    expect(on.checkpoint.curves).toEqual(off.checkpoint.curves);
    // Both DAEs are in the reconstruction step only in epoch 0: the compiled step. The supervised
    // step is compiled too. Those are prepared, but for the run's first; the rest are not.
    const reconstruction = events.filter((event) => event.objective === 'reconstruction');
    const compiled = events.filter(
      (event) =>
        event.objective === 'supervised' || (event.epoch === 0 && event.objective === 'reconstruction'),
    );
    expect(reconstruction.filter((event) => event.epoch === 0).length).toBeGreaterThan(1);
    expect(reconstruction.filter((event) => event.epoch > 0).length).toBeGreaterThan(1);
    expect(on.result.stepTiming!.prefetch!.steps).toBe(compiled.length - 1);
  });
});

function readSkipped(result: Awaited<ReturnType<typeof runProgram>>): number {
  return readCheckpoint(result.runDir).stepsSkipped ?? 0;
}

describe('a process training with prefetch', () => {
  let data: TinyData;
  beforeAll(() => {
    data = writeTinyIdx({ train: 24, test: 6 });
  });

  /** Runs a fixture with tsx; resolves with its exit code and output once it exits by itself. */
  function runChild(file: string, args: readonly string[], env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, file), ...args], {
      env: { ...process.env, MTL_TEST_SOURCE: data.source, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    return { child, exited };
  }

  it('exits by itself after a run, with the worker having prepared its steps', async () => {
    const { code, stdout } = await runChild('prefetch-child.ts', ['ok', tempDir()], {}).exited;
    expect(code).toBe(0);
    const line = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(line.status).toBe('completed');
    expect(line.prefetched).toBeGreaterThan(0);
    expect(line.parts).toBeGreaterThan(0);
  });

  it('exits by itself after a run fails', async () => {
    const { code, stderr } = await runChild('prefetch-child.ts', ['diverge', tempDir()], {}).exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/diverged/i);
  });

  it('interrupted (SIGINT) exits with 130, and resuming ends with the uninterrupted bits', async () => {
    const program = await resumableProgram(data.source);
    const options = { progress: null, handleSignals: false, backend: 'onnx', prefetch: true } as const;
    const referenceOut = tempDir();
    await runProgram(program, { ...options, out: referenceOut });
    const reference = readCheckpoint(referenceOut);
    const out = tempDir();
    const { child, exited } = runChild('train-child.ts', ['--out', out, '--quiet', '--backend', 'onnx'], {
      MTL_TEST_DELAY: '40',
      MTL_PREFETCH: '1',
    });
    while (!existsSync(path.join(out, 'checkpoint.json'))) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect((await exited).code).toBe(130);
    const stopped = readCheckpoint(out).position;
    expect(stopped.epoch).toBeLessThan(6);
    const resumed = await runProgram(program, { ...options, out, resume: true });
    expect(resumed.resumedFrom).toEqual(stopped);
    const final = readCheckpoint(out);
    expect(final.params).toEqual(reference.params);
    expect(final.velocity).toEqual(reference.velocity);
    expect(final.curves).toEqual(reference.curves);
  });
});

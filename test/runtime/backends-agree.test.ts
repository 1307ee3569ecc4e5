// Same math on every backend: one step of every kind, taken from the same
// initial weights on the same rows and noise, moves every parameter the same
// way on `onnx` (the step programs as ONNX graphs), `wasm` and `cpu` (the
// runtime's hand-written gradients on TensorFlow.js, checked against autodiff
// in gradients.test.ts), and the generated trainer's own step code on `wasm`
// (the step programs as TypeScript): the largest difference between two
// backends' updates is below 1e-5 of the largest update, parameter by parameter.
import { describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Activation, Dae, Order } from '../../src/ir/types.js';
import type { BackendName } from '../../src/runtime/backend.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import { runProgram } from '../../src/runtime/run-program.js';
import {
  type ExperimentOptions,
  makeExperiment,
  num,
  readCheckpoint,
  tempDir,
  writeTinyIdx,
} from '../harness/runtime.js';

const data = writeTinyIdx({ train: 30, test: 6, side: 5 });
const INPUT = data.pixels;

type Stored = CheckpointFile['params'];

function floats(stored: Stored[string]): Float32Array {
  const bytes = Buffer.from(stored.float32, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The checkpoint after one epoch of one batch (batch ≥ l + u): the steps of one batch. */
async function oneBatch(
  options: ExperimentOptions,
  backend: BackendName,
  generated = false,
): Promise<CheckpointFile> {
  const experiment = makeExperiment({
    labeled: 8,
    unlabeled: 14,
    validation: 4,
    batch: 22,
    epochs: 1,
    input: INPUT,
    ...options,
  });
  const out = tempDir();
  // The generated trainer runs its own step code on TensorFlow.js; without its step table
  // (`steps`), the same trainer runs the runtime's hand-written gradients.
  const compiled = await importTrainer(experiment, { source: data.source });
  expect(compiled.steps).toBeDefined();
  const program = generated ? compiled : { ...compiled, steps: undefined };
  await runProgram(program, {
    out,
    backend,
    progress: null,
    handleSignals: false,
  });
  return readCheckpoint(out);
}

async function initial(options: ExperimentOptions): Promise<Stored> {
  // λ = 0 everywhere: every step is skipped, the checkpoint holds the initial weights.
  return (await oneBatch({ ...options, supervised: num(0), reconstruction: num(0) }, 'cpu')).params;
}

/** The spacing of float32 values at |x| (one unit in the last place). */
function ulp(x: number): number {
  const magnitude = Math.abs(x);
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/**
 * Two measures per parameter: the relative parameter difference max|a − b| / max|a|,
 * and how far the updates Δ = w_after − w_before differ beyond the float32 rounding
 * of w + Δ itself (one ulp of w), relative to the largest update.
 */
function differences(start: Stored, a: Stored, b: Stored): Record<string, { param: number; update: number }> {
  const out: Record<string, { param: number; update: number }> = {};
  for (const name of Object.keys(a)) {
    const s = floats(start[name]);
    const x = floats(a[name]);
    const y = floats(b[name]);
    let largestParam = 0;
    let largestUpdate = 0;
    let paramDifference = 0;
    let updateExcess = 0;
    for (let i = 0; i < s.length; i++) {
      largestParam = Math.max(largestParam, Math.abs(x[i]));
      largestUpdate = Math.max(largestUpdate, Math.abs(x[i] - s[i]));
      const difference = Math.abs(x[i] - y[i]);
      paramDifference = Math.max(paramDifference, difference);
      updateExcess = Math.max(updateExcess, difference - ulp(Math.max(Math.abs(x[i]), Math.abs(y[i]))));
    }
    out[name] = {
      param: largestParam === 0 ? paramDifference : paramDifference / largestParam,
      update: largestUpdate === 0 ? Math.max(0, updateExcess) : Math.max(0, updateExcess) / largestUpdate,
    };
  }
  return out;
}

async function expectAgreement(options: ExperimentOptions): Promise<void> {
  const start = await initial(options);
  const runs = {
    onnx: await oneBatch(options, 'onnx'),
    wasm: await oneBatch(options, 'wasm'),
    cpu: await oneBatch(options, 'cpu'),
    // The generated trainer's step code (src/codegen/step-to-ts.ts) on wasm.
    generated: await oneBatch(options, 'wasm', true),
  };
  expect(runs.onnx.stepsTaken).toBeGreaterThan(0);
  expect(runs.onnx.stepsTaken).toBe(runs.wasm.stepsTaken);
  expect(Object.keys(runs.onnx.params).sort()).toEqual(Object.keys(runs.wasm.params).sort());
  expect(Object.keys(runs.onnx.velocity).sort()).toEqual(Object.keys(runs.wasm.velocity).sort());
  expect(runs.generated.stepsTaken).toBe(runs.onnx.stepsTaken);
  for (const other of ['wasm', 'cpu', 'generated'] as const) {
    for (const [name, difference] of Object.entries(
      differences(start, runs.onnx.params, runs[other].params),
    )) {
      expect(difference.param, `${name}: onnx vs ${other}, parameters`).toBeLessThan(1e-5);
      expect(difference.update, `${name}: onnx vs ${other}, updates`).toBeLessThan(1e-5);
    }
  }
  // The losses of the step agree too.
  const [onnxCurve] = runs.onnx.curves;
  const [wasmCurve] = runs.wasm.curves;
  for (const key of ['supervisedLoss', 'reconstructionLoss'] as const) {
    if (wasmCurve[key] === null) expect(onnxCurve[key]).toBeNull();
    else expect(onnxCurve[key]).toBeCloseTo(wasmCurve[key]!, 4);
  }
}

const only = (
  objective: 'reconstruction' | 'supervised',
  rows: 'batch' | 'labeled' | 'unlabeled',
): Order => ({
  kind: 'alternate',
  steps: [{ objective, rows, lr: null }],
});
const JOINT: Order = { kind: 'joint' };
const hidden = (a: Activation, b: Activation) => [
  { name: 'h1', units: 7, activation: a },
  { name: 'h2', units: 6, activation: b },
];

describe('one supervised step agrees on onnx, wasm and cpu', () => {
  const cases: [Activation, Activation, Activation][] = [
    ['sigmoid', 'sigmoid', 'softmax'],
    ['tanh', 'relu', 'softmax'],
    ['relu', 'linear', 'sigmoid'],
    ['softmax', 'tanh', 'linear'],
  ];
  it.each(cases)('hidden %s, %s; output %s', async (a, b, out) => {
    await expectAgreement({
      hidden: hidden(a, b),
      output: { name: 'y', units: 3, activation: out },
      order: only('supervised', 'labeled'),
      momentum: 0.5,
    });
  });
});

describe('one reconstruction step agrees on onnx, wasm and cpu', () => {
  const daes: [string, Partial<Dae>[]][] = [
    ['input layer, own sigmoid decoder, cross-entropy, mask', [{ layerIndex: 0 }]],
    [
      'input layer, tied decoder, squared error, gaussian',
      [
        {
          layerIndex: 0,
          decoder: { tied: true, activation: 'sigmoid' },
          cost: 'squared_error',
          noise: { kind: 'gaussian', sigma: 0.2 },
        },
      ],
    ],
    [
      'hidden layer, through, salt_pepper, tanh decoder cross-entropy',
      [
        {
          layerIndex: 1,
          gradient: 'through',
          noise: { kind: 'salt_pepper', p: 0.3 },
          decoder: { tied: false, activation: 'tanh' },
        },
      ],
    ],
    [
      'hidden layer, tied, through, mask, softmax decoder',
      [{ layerIndex: 1, gradient: 'through', decoder: { tied: true, activation: 'softmax' } }],
    ],
    [
      'two DAEs: relu decoder squared error local; linear decoder through, no noise',
      [
        { layerIndex: 0, decoder: { tied: false, activation: 'relu' }, cost: 'squared_error' },
        {
          layerIndex: 1,
          decoder: { tied: false, activation: 'linear' },
          cost: 'squared_error',
          gradient: 'through',
          noise: { kind: 'none' },
        },
      ],
    ],
    [
      'two DAEs, one with weight 0 this epoch (its decoder must not move)',
      [
        { layerIndex: 0, weight: num(0) },
        { layerIndex: 1, gradient: 'through', noise: { kind: 'mask', p: 0.5 } },
      ],
    ],
  ];
  it.each(daes)('%s', async (_name, reconstruct) => {
    await expectAgreement({
      hidden: hidden('sigmoid', 'tanh'),
      reconstruct,
      order: only('reconstruction', 'batch'),
      momentum: 0.9,
    });
  });
  it('on the unlabeled rows, without momentum', async () => {
    await expectAgreement({
      hidden: hidden('relu', 'sigmoid'),
      reconstruct: [{ layerIndex: 1 }],
      order: only('reconstruction', 'unlabeled'),
    });
  });
});

describe('alternate and joint orders agree on onnx, wasm and cpu', () => {
  it('reconstruction then supervised (Algorithm 1), momentum', async () => {
    await expectAgreement({
      hidden: hidden('sigmoid', 'sigmoid'),
      reconstruct: [{ layerIndex: 0 }, { layerIndex: 1, gradient: 'through' }],
      momentum: 0.9,
    });
  });
  it('order joint', async () => {
    await expectAgreement({
      hidden: hidden('tanh', 'sigmoid'),
      reconstruct: [
        { layerIndex: 0, decoder: { tied: true, activation: 'sigmoid' } },
        { layerIndex: 1, gradient: 'through' },
      ],
      order: JOINT,
      momentum: 0.5,
    });
  });
});

describe('cost reduction', () => {
  // The IR's `reduction` (mean: each DAE's per-row cost sum divided by its
  // feature count d; sum: not divided) is the same step on every backend.
  const dae = (reduction: 'mean' | 'sum', layerIndex: number, gradient: Dae['gradient']) =>
    ({ layerIndex, reduction, gradient }) as Partial<Dae>;
  it.each(['mean', 'sum'] as const)(
    '%s agrees on onnx, wasm, cpu and the generated step code',
    async (reduction) => {
      await expectAgreement({
        hidden: hidden('sigmoid', 'sigmoid'),
        reconstruct: [dae(reduction, 0, 'local')],
        order: only('reconstruction', 'batch'),
        lr: num(0.5),
      });
      await expectAgreement({
        hidden: hidden('tanh', 'sigmoid'),
        reconstruct: [dae(reduction, 0, 'local'), dae(reduction, 1, 'through')],
        order: JOINT,
        lr: num(0.7),
      });
    },
  );
});

// The SGD update of Algorithm 1 checked against its definition, not against
// another backend: one mini-batch of two steps (reconstruction on the batch,
// then supervised on its labeled rows) with λ_s = 0.7, λ_r = 0.4, a DAE weight
// of 0.5, lr = 0.3 and momentum 0 or 0.9, run for real on every backend
// (cpu and wasm: the hand-written gradients; wasm with the generated trainer's
// step code; onnx: the step programs as ONNX graphs), then compared with
//   v ← μ·v − lr·λ·∇J(w),  w ← w + v       (v = 0 before a parameter's first step)
// where ∇J is TensorFlow.js autodiff of the objective written the obvious way
// (reference-objective.ts), on the training rows read from the IDX files here.
// And sgdUpdate itself on numbers worked by hand.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Experiment } from '../../src/ir/types.js';
import { type BackendName, selectBackend } from '../../src/runtime/backend.js';
import { splitTraining } from '../../src/runtime/data/split.js';
import { Gradients } from '../../src/runtime/grad/gradients.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import { modelSpec } from '../../src/runtime/model/model.js';
import { runProgram } from '../../src/runtime/run-program.js';
import { sgdUpdate } from '../../src/runtime/train/sgd.js';
import { makeExperiment, num, readCheckpoint, tempDir, writeTinyIdx } from '../harness/runtime.js';
import { type Params, referenceDae, referenceHidden, referenceSupervised } from './reference-objective.js';

const data = writeTinyIdx({ train: 30, test: 6, side: 5 });
const LR = 0.3;
const LAMBDA_S = 0.7;
const LAMBDA_R = 0.4;
const DAE_WEIGHT = 0.5;

function experiment(
  momentum: number,
  weights: { s: number; r: number } = { s: LAMBDA_S, r: LAMBDA_R },
  epochs = 1,
) {
  return makeExperiment({
    input: data.pixels,
    hidden: [{ name: 'h1', units: 6, activation: 'sigmoid' }],
    reconstruct: [{ layerIndex: 0, noise: { kind: 'none' }, weight: num(DAE_WEIGHT) }],
    supervised: num(weights.s),
    reconstruction: num(weights.r),
    labeled: 8,
    unlabeled: 14,
    validation: 4,
    batch: 22,
    epochs,
    lr: num(LR),
    momentum,
  });
}

type Stored = CheckpointFile['params'];

function floats(stored: Stored[string]): Float32Array {
  const bytes = Buffer.from(stored.float32, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

async function oneBatch(exp: Experiment, backend: BackendName, generated = false): Promise<CheckpointFile> {
  const out = tempDir();
  // The runtime's hand-written gradients run the same compiled trainer without its step table.
  const compiled = await importTrainer(exp, { source: data.source });
  expect(compiled.steps).toBeDefined();
  const program = generated ? compiled : { ...compiled, steps: undefined };
  await runProgram(program, { out, backend, progress: null, handleSignals: false });
  return readCheckpoint(out);
}

/** Rows of the training IDX files (pixels / 255, one-hot labels), read here rather than by the runtime. */
function trainingRows(indices: ArrayLike<number>): { x: tf.Tensor2D; targets: tf.Tensor2D } {
  const images = readFileSync(path.join(data.dir, 'train-images.idx')).subarray(16);
  const labels = readFileSync(path.join(data.dir, 'train-labels.idx')).subarray(8);
  const x: number[] = [];
  const targets: number[] = [];
  for (const i of Array.from(indices)) {
    for (let p = 0; p < data.pixels; p++) x.push(images[i * data.pixels + p] / 255);
    for (let c = 0; c < data.classes; c++) targets.push(labels[i] === c ? 1 : 0);
  }
  return {
    x: tf.tensor2d(x, [indices.length, data.pixels]),
    targets: tf.tensor2d(targets, [indices.length, data.classes]),
  };
}

interface Expected {
  readonly params: Record<string, tf.Tensor>;
  readonly velocity: Record<string, tf.Tensor>;
  /** The losses the epoch reports: J_r = w·J_dae before the first step, J_s before the second. */
  readonly reconstructionLoss: number;
  readonly supervisedLoss: number;
}

/** The two steps by their definition, from the run's initial weights. */
function expectedUpdate(exp: Experiment, start: Stored, momentum: number): Expected {
  const spec = modelSpec(exp.network, exp.reconstruct);
  const split = splitTraining(exp.data, 30, 'train');
  const all = trainingRows(split.pool);
  const labeled = trainingRows(split.pool.slice(0, split.labeled));
  const names = Object.keys(start);
  let w: Record<string, tf.Tensor> = Object.fromEntries(
    names.map((name) => [name, tf.tensor(floats(start[name]), [...start[name].shape])]),
  );
  const v: Record<string, tf.Tensor> = {};
  const step = (objective: (p: Params) => tf.Scalar, lambda: number, moves: readonly string[]) => {
    const grads = tf.grads((...ts: tf.Tensor[]) =>
      objective({ ...w, ...Object.fromEntries(moves.map((name, i) => [name, ts[i]])) }),
    )(moves.map((name) => w[name]));
    const next = { ...w };
    moves.forEach((name, i) => {
      const s = tf.mul(grads[i], -LR * lambda);
      v[name] = momentum === 0 ? s : v[name] ? tf.add(tf.mul(v[name], momentum), s) : s;
      next[name] = tf.add(w[name], v[name]);
    });
    w = next;
  };
  const [dae] = exp.reconstruct;
  let reconstructionLoss = 0;
  let supervisedLoss = 0;
  // One batch per epoch (the batch holds the whole pool): two steps each; the losses reported are the last epoch's.
  for (let epoch = 0; epoch < exp.train.epochs; epoch++) {
    reconstructionLoss =
      referenceDae(spec, w, dae, all.x, all.x, { keep: null, add: null }).dataSync()[0] * DAE_WEIGHT;
    step(
      (p) => tf.mul(referenceDae(spec, p, dae, all.x, all.x, { keep: null, add: null }), DAE_WEIGHT),
      LAMBDA_R,
      ['h1.W', 'h1.b', 'h1.decoder.W', 'h1.decoder.b'],
    );
    supervisedLoss = referenceSupervised(spec, w, labeled.x, labeled.targets).dataSync()[0];
    step((p) => referenceSupervised(spec, p, labeled.x, labeled.targets), LAMBDA_S, [
      'h1.W',
      'h1.b',
      'y.W',
      'y.b',
    ]);
  }
  return { params: w, velocity: momentum === 0 ? {} : v, reconstructionLoss, supervisedLoss };
}

/** max |actual − expected| over max |expected − start| (the update's size), per tensor. */
function relativeError(actual: Float32Array, expected: Float32Array, start: Float32Array | null): number {
  let diff = 0;
  let size = 0;
  for (let i = 0; i < actual.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    size = Math.max(size, Math.abs(expected[i] - (start ? start[i] : 0)));
  }
  return diff / size;
}

const BACKENDS: readonly [string, BackendName, boolean][] = [
  ['cpu', 'cpu', false],
  ['wasm', 'wasm', false],
  ['wasm, generated step code', 'wasm', true],
  ['onnx', 'onnx', false],
];

describe('one mini-batch of SGD equals v ← μv − lr·λ·∇J, w ← w + v', () => {
  for (const momentum of [0, 0.9]) {
    // With momentum, two epochs: the second starts from moved biases and a velocity.
    const epochs = momentum === 0 ? 1 : 2;
    describe(`momentum ${momentum}, ${epochs} epoch(s)`, () => {
      const exp = experiment(momentum, undefined, epochs);
      let start: Stored;
      let expected: Expected;

      beforeAll(async () => {
        // λ = 0: every step skipped, the checkpoint holds the run's initial weights.
        start = (await oneBatch(experiment(momentum, { s: 0, r: 0 }), 'cpu')).params;
        await selectBackend('cpu');
        expected = expectedUpdate(exp, start, momentum);
      });

      it.each(BACKENDS)('on %s', async (_name, backend, generated) => {
        const run = await oneBatch(exp, backend, generated);
        expect(run.stepsTaken).toBe(2 * epochs);
        expect(run.stepCounts).toEqual({ supervised: epochs, reconstruction: epochs });
        const curve = run.curves.at(-1)!;
        expect(curve).toMatchObject({ epoch: epochs, lambdaS: LAMBDA_S, lambdaR: LAMBDA_R, lr: LR });
        expect(Math.abs(curve.reconstructionLoss! / expected.reconstructionLoss - 1)).toBeLessThan(1e-5);
        expect(Math.abs(curve.supervisedLoss! / expected.supervisedLoss - 1)).toBeLessThan(1e-5);
        expect(Object.keys(run.params).sort()).toEqual(Object.keys(expected.params).sort());
        for (const [name, tensor] of Object.entries(expected.params)) {
          const error = relativeError(
            floats(run.params[name]),
            tensor.dataSync() as Float32Array,
            floats(start[name]),
          );
          expect(error, `${name} after the batch`).toBeLessThan(1e-4);
        }
        expect(Object.keys(run.velocity).sort()).toEqual(Object.keys(expected.velocity).sort());
        for (const [name, tensor] of Object.entries(expected.velocity)) {
          const error = relativeError(floats(run.velocity[name]), tensor.dataSync() as Float32Array, null);
          expect(error, `velocity of ${name}`).toBeLessThan(1e-4);
        }
      });
    });
  }
});

describe('sgdUpdate on numbers worked by hand', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  const values = (m: Map<string, tf.Tensor>, name: string) => [...m.get(name)!.dataSync()];
  const gradients = (entries: [string, tf.Tensor][]) => {
    const g = new Gradients();
    for (const [name, tensor] of entries) g.add(name, tensor);
    return g;
  };

  it('without momentum: w + step, no velocity kept', () => {
    const params = new Map([
      ['a', tf.tensor1d([1, 2, -3])],
      ['b', tf.tensor1d([5])],
    ]);
    const steps = gradients([['a', tf.tensor1d([-0.25, 0.5, 0.125])]]);
    const out = sgdUpdate(params, new Map(), steps, 0);
    expect(values(out.params, 'a')).toEqual([0.75, 2.5, -2.875]);
    expect([...out.params.keys()]).toEqual(['a']);
    expect(out.velocity.size).toBe(0);
  });

  it('with momentum: v = μ·v + step (v = step at first), w + v', () => {
    const params = new Map([
      ['a', tf.tensor1d([1, 2])],
      ['b', tf.tensor1d([4])],
    ]);
    const velocity = new Map([['a', tf.tensor1d([0.5, -1])]]);
    const steps = gradients([
      ['a', tf.tensor1d([0.25, 0.25])],
      ['b', tf.tensor1d([-0.5])],
    ]);
    const out = sgdUpdate(params, velocity, steps, 0.5);
    // a: v = 0.5·[0.5, −1] + [0.25, 0.25] = [0.5, −0.25]; b has no velocity yet: v = step.
    expect(values(out.velocity, 'a')).toEqual([0.5, -0.25]);
    expect(values(out.params, 'a')).toEqual([1.5, 1.75]);
    expect(values(out.velocity, 'b')).toEqual([-0.5]);
    expect(values(out.params, 'b')).toEqual([3.5]);
  });

  it('refuses a gradient for an unknown parameter', () => {
    expect(() => sgdUpdate(new Map(), new Map(), gradients([['c', tf.tensor1d([1])]]), 0)).toThrow(
      'internal: gradient for unknown parameter c',
    );
  });
});

describe('one joint step of two DAEs (tied and through, squared error, sum and mean) equals its definition', () => {
  // h1 tanh, h2 sigmoid, a sigmoid output (J_s: squared error); DAE on h2 with a tied sigmoid
  // decoder, squared error summed over features, its gradient `through` to h1, weight 0.5;
  // DAE on h1 with its own linear decoder, squared error averaged, local. One joint step:
  // w ← w − lr·(λ_s·∇J_s + λ_r·∇J_r), J_r = Σ_k w_k·J_dae,k.
  const exp = makeExperiment({
    input: data.pixels,
    hidden: [
      { name: 'h1', units: 6, activation: 'tanh' },
      { name: 'h2', units: 4, activation: 'sigmoid' },
    ],
    output: { name: 'y', units: 3, activation: 'sigmoid' },
    reconstruct: [
      {
        layerIndex: 1,
        noise: { kind: 'none' },
        decoder: { tied: true, activation: 'sigmoid' },
        cost: 'squared_error',
        reduction: 'sum',
        gradient: 'through',
        weight: num(DAE_WEIGHT),
      },
      {
        layerIndex: 0,
        noise: { kind: 'none' },
        decoder: { tied: false, activation: 'linear' },
        cost: 'squared_error',
        reduction: 'mean',
      },
    ],
    supervised: num(LAMBDA_S),
    reconstruction: num(LAMBDA_R),
    labeled: 8,
    unlabeled: 14,
    validation: 4,
    batch: 22,
    epochs: 1,
    lr: num(LR),
    order: { kind: 'joint' },
  });
  const spec = modelSpec(exp.network, exp.reconstruct);
  let start: Stored;
  let expected: { params: Record<string, Float32Array>; supervisedLoss: number; reconstructionLoss: number };

  beforeAll(async () => {
    // λ = 0: the step is skipped, the checkpoint holds the initial weights.
    start = (await oneBatch({ ...exp, weights: { supervised: num(0), reconstruction: num(0) } }, 'cpu'))
      .params;
    await selectBackend('cpu');
    const split = splitTraining(exp.data, 30, 'train');
    const all = trainingRows(split.pool);
    const labeled = trainingRows(split.pool.slice(0, split.labeled));
    const names = Object.keys(start);
    const w0: Record<string, tf.Tensor> = Object.fromEntries(
      names.map((name) => [name, tf.tensor(floats(start[name]), [...start[name].shape])]),
    );
    const targets = referenceHidden(spec, w0, all.x, 2);
    const none = { keep: null, add: null };
    const jr = (p: Params) => {
      const [through, local] = exp.reconstruct;
      const h1 = referenceHidden(spec, p, all.x, 1)[1];
      return tf.add(
        tf.mul(referenceDae(spec, p, through, h1, targets[1], none), DAE_WEIGHT),
        referenceDae(spec, p, local, all.x, all.x, none),
      ) as tf.Scalar;
    };
    const js = (p: Params) => referenceSupervised(spec, p, labeled.x, labeled.targets);
    const grads = tf.grads((...ts: tf.Tensor[]) => {
      const p = Object.fromEntries(names.map((name, i) => [name, ts[i]]));
      return tf.add(tf.mul(js(p), LAMBDA_S), tf.mul(jr(p), LAMBDA_R)) as tf.Scalar;
    })(names.map((name) => w0[name]));
    expected = {
      params: Object.fromEntries(
        names.map((name, i) => [name, tf.add(w0[name], tf.mul(grads[i], -LR)).dataSync() as Float32Array]),
      ),
      supervisedLoss: js(w0).dataSync()[0],
      reconstructionLoss: jr(w0).dataSync()[0],
    };
  });

  it.each(BACKENDS)('on %s', async (_name, backend, generated) => {
    const run = await oneBatch(exp, backend, generated);
    expect(run.stepsTaken).toBe(1);
    expect(run.stepCounts).toEqual({ supervised: 1, reconstruction: 1 });
    const [curve] = run.curves;
    expect(Math.abs(curve.reconstructionLoss! / expected.reconstructionLoss - 1)).toBeLessThan(1e-5);
    expect(Math.abs(curve.supervisedLoss! / expected.supervisedLoss - 1)).toBeLessThan(1e-5);
    expect(Object.keys(run.params).sort()).toEqual(Object.keys(expected.params).sort());
    for (const [name, values] of Object.entries(expected.params)) {
      const error = relativeError(floats(run.params[name]), values, floats(start[name]));
      expect(error, `${name} after the step`).toBeLessThan(1e-4);
    }
  });
});

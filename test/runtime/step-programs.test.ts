// The step programs (src/step/lower.ts) on every backend: a `through` DAE whose
// gradient goes two layers down, checked against autodiff like
// training-math.test.ts; and the check vector — the losses and one sum per
// updated weight — that stops a diverged run, with and without losses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/ir/types.js';
import { selectBackend } from '../../src/runtime/backend.js';
import { splitTraining } from '../../src/runtime/data/split.js';
import { TrainingDivergedError } from '../../src/runtime/errors.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import { modelSpec } from '../../src/runtime/model/model.js';
import { makeExperiment, num, writeTinyIdx } from '../harness/runtime.js';
import { type Params, referenceDae, referenceHidden, referenceSupervised } from './reference-objective.js';
import { failedRun, floats, paramDistance, type StepRunOptions, stepRun } from './step-runs.js';

const data = writeTinyIdx({ train: 30, test: 6, side: 5 });
const LR = 0.3;
const LAMBDA_S = 0.7;
const LAMBDA_R = 0.4;
const LOCAL_WEIGHT = 0.5;

interface Prepared {
  readonly start: CheckpointFile['params'];
  readonly expected: Record<string, Float32Array>;
}

const BACKENDS: readonly [string, StepRunOptions][] = [
  ['cpu', { backend: 'cpu', generated: false }],
  ['wasm', { backend: 'wasm', generated: false }],
  ['wasm, generated step code', { backend: 'wasm' }],
  ['onnx', { backend: 'onnx' }],
];

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

describe('a `through` DAE two layers above the input, beside a local DAE on the top layer', () => {
  // h1 tanh, h2 sigmoid, h3 sigmoid, h4 tanh. DAE on h4: local, tied, squared error (mean), weight 0.5.
  // DAE on h3: `through`, own sigmoid decoder, cross-entropy summed: its gradient goes into h2 and
  // on into h1. The local DAE on top sends nothing down from h4's input. One joint step:
  // w ← w − lr·(λ_s·∇J_s + λ_r·∇J_r), J_r = Σ_k w_k·J_dae,k.
  const exp: Experiment = makeExperiment({
    input: data.pixels,
    hidden: [
      { name: 'h1', units: 6, activation: 'tanh' },
      { name: 'h2', units: 5, activation: 'sigmoid' },
      { name: 'h3', units: 4, activation: 'sigmoid' },
      { name: 'h4', units: 3, activation: 'tanh' },
    ],
    reconstruct: [
      {
        layerIndex: 3,
        noise: { kind: 'none' },
        decoder: { tied: true, activation: 'sigmoid' },
        cost: 'squared_error',
        reduction: 'mean',
        gradient: 'local',
        weight: num(LOCAL_WEIGHT),
      },
      {
        layerIndex: 2,
        noise: { kind: 'none' },
        decoder: { tied: false, activation: 'sigmoid' },
        cost: 'cross_entropy',
        reduction: 'sum',
        gradient: 'through',
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
  // Computed by the first test that needs it, inside the test: a step program that cannot be
  // built then fails the tests, not a hook.
  let prepared: Promise<Prepared> | null = null;
  const prepare = () => {
    prepared ??= expectedStep();
    return prepared;
  };

  async function expectedStep(): Promise<Prepared> {
    // λ = 0: the step is skipped, the checkpoint holds the initial weights.
    const zero = { ...exp, weights: { supervised: num(0), reconstruction: num(0) } };
    const start = (await stepRun(zero, data, { generated: false })).checkpoint.params;
    await selectBackend('cpu');
    const spec = modelSpec(exp.network, exp.reconstruct);
    const split = splitTraining(exp.data, 30, 'train');
    const all = trainingRows(split.pool);
    const labeled = trainingRows(split.pool.slice(0, split.labeled));
    const names = Object.keys(start);
    const w0: Params = Object.fromEntries(
      names.map((name) => [name, tf.tensor(floats(start[name]), [...start[name].shape])]),
    );
    // The DAEs' inputs and targets at the initial weights (constants).
    const clean = referenceHidden(spec, w0, all.x, 3);
    const none = { keep: null, add: null };
    const [top, through] = exp.reconstruct;
    const objective = (p: Params, throughInput: (p: Params) => tf.Tensor2D) => {
      const jr = tf.add(
        tf.mul(referenceDae(spec, p, top, clean[3], clean[3], none), LOCAL_WEIGHT),
        referenceDae(spec, p, through, throughInput(p), clean[2], none),
      );
      const js = referenceSupervised(spec, p, labeled.x, labeled.targets);
      return tf.add(tf.mul(js, LAMBDA_S), tf.mul(jr, LAMBDA_R)) as tf.Scalar;
    };
    const gradients = (throughInput: (p: Params) => tf.Tensor2D) =>
      tf.grads((...ts: tf.Tensor[]) =>
        objective(Object.fromEntries(names.map((name, i) => [name, ts[i]])), throughInput),
      )(names.map((name) => w0[name]));
    const grads = gradients((p) => referenceHidden(spec, p, all.x, 2)[2]);
    const expected: Record<string, Float32Array> = Object.fromEntries(
      names.map((name, i) => [name, tf.add(w0[name], tf.mul(grads[i], -LR)).dataSync() as Float32Array]),
    );
    // The `through` term reaches h1: as a local DAE, h1's update would differ (else this test could not fail).
    const localOnly = gradients(() => clean[2]);
    const h1 = names.indexOf('h1.W');
    expect(tf.max(tf.abs(tf.sub(grads[h1], localOnly[h1]))).dataSync()[0]).toBeGreaterThan(1e-4);
    return { start, expected };
  }

  it.each(BACKENDS)('on %s', async (_name, options) => {
    const { start, expected } = await prepare();
    const run = (await stepRun(exp, data, options)).checkpoint;
    expect(run.stepsTaken).toBe(1);
    expect(Object.keys(run.params).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, values] of Object.entries(expected)) {
      const actual = floats(run.params[name]);
      const initial = floats(start[name]);
      let diff = 0;
      let size = 0;
      for (let i = 0; i < values.length; i++) {
        diff = Math.max(diff, Math.abs(actual[i] - values[i]));
        size = Math.max(size, Math.abs(values[i] - initial[i]));
      }
      expect(diff / size, `${name} after the step`).toBeLessThan(1e-4);
    }
  });
});

describe("the check vector: the step's losses and a sum per updated weight", () => {
  const small = writeTinyIdx({ train: 24, test: 6 });
  /** One reconstruction step per epoch on the whole pool (a DAE with a linear decoder, squared error). */
  const reconstructionOnly = (lr: number) =>
    makeExperiment({
      reconstruct: [
        { noise: { kind: 'none' }, cost: 'squared_error', decoder: { tied: false, activation: 'linear' } },
      ],
      batch: 16,
      epochs: 2,
      lr: num(lr),
      order: { kind: 'alternate', steps: [{ objective: 'reconstruction', rows: 'batch', lr: null }] },
    });
  const engines: readonly [string, StepRunOptions][] = [
    ['generated step code', { backend: 'cpu' }],
    ['onnx', { backend: 'onnx' }],
    ['onnx without losses', { backend: 'onnx', computeLosses: false }],
  ];

  it.each(engines)('stops at the step whose new weights are not finite (%s)', async (_name, options) => {
    // −lr·λ = −∞ in float32: the step's losses are finite, the weights it writes are not.
    const { error, events } = await failedRun(reconstructionOnly(1e39), small, options);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const e = error as TrainingDivergedError;
    expect(e.position).toEqual({ epoch: 0, batch: 0, step: 0, objective: 'reconstruction' });
    expect(['h1.W', 'h1.b', 'h1.decoder.W', 'h1.decoder.b'].map((name) => `weight ${name}`)).toContain(
      e.what,
    );
    expect(events).toEqual([]);
  });

  it('onnx without losses takes the same steps and reports no losses', async () => {
    const exp = makeExperiment({ reconstruct: [{}], epochs: 1 });
    const withLosses = await stepRun(exp, small, { backend: 'onnx' });
    const without = await stepRun(exp, small, { backend: 'onnx', computeLosses: false });
    expect(without.events.map((e) => e.objective)).toEqual(withLosses.events.map((e) => e.objective));
    expect(new Set(without.events.map((e) => e.objective))).toEqual(
      new Set(['supervised', 'reconstruction']),
    );
    for (const e of without.events) expect([e.supervisedLoss, e.reconstructionLoss]).toEqual([null, null]);
    expect(withLosses.checkpoint.curves[0].supervisedLoss).toBeGreaterThan(0);
    expect(paramDistance(without.checkpoint, withLosses.checkpoint)).toBeLessThan(1e-6);
  });
});

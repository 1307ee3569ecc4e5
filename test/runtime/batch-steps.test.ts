// BatchSteps, the StepContext a generated trainBatch calls: which steps and
// which terms of a joint step it takes when a weight is 0, below `skip below`
// or not a number, what each step event says, and how the epoch's losses are
// averaged. IRs are built by hand, so schedules and orders the checker would
// reject (a NaN weight, a supervised step on unlabeled rows) reach the runtime.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Experiment, Expr, Noise, Order } from '../../src/ir/types.js';
import { MtlRuntimeError, TrainingDivergedError } from '../../src/runtime/errors.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { runProgram } from '../../src/runtime/run-program.js';
import type { StepEvent } from '../../src/runtime/train/step-event.js';
import { bin, cond } from '../harness/codegen.js';
import {
  type ExperimentOptions,
  makeExperiment,
  num,
  readCheckpoint,
  T_VAR,
  tempDir,
  writeTinyIdx,
} from '../harness/runtime.js';
import { failedRun, paramDistance, stepRun } from './step-runs.js';

const data = writeTinyIdx({ train: 24, test: 6 });
// makeExperiment's split: pool positions 0–5 labeled, 6–15 unlabeled; batches of 5: 5, 5, 5, 1 rows.
const LABELED = 6;
const POOL = 16;
const BATCHES = 4;

/** t < 1 ? v0 : t < 2 ? v1 : … (the last value from then on). */
function byEpoch(...values: number[]): Expr {
  let expr = num(values[values.length - 1]);
  for (let i = values.length - 2; i >= 0; i--) expr = cond(bin('<', T_VAR, num(i + 1)), num(values[i]), expr);
  return expr;
}

const JOINT = { kind: 'joint' } as const;
const NAN = bin('/', num(0), num(0));
const INFINITY = bin('/', num(1), num(0));
/** 0.5 at t = 0, then `bad` (NaN or ±∞ from the arithmetic: the IR holds finite literals only). */
const badFromEpoch1 = (bad: Expr) => cond(bin('<', T_VAR, num(1)), num(0.5), bad);

const experiment = (options: ExperimentOptions, skipBelow?: number): Experiment => {
  const exp = makeExperiment({ reconstruct: [{}], ...options });
  return skipBelow === undefined ? exp : { ...exp, train: { ...exp.train, skipBelow } };
};

const ofEpoch = (events: StepEvent[], epoch: number) => events.filter((e) => e.epoch === epoch);
const labeledIn = (e: StepEvent) => e.rows.filter((row) => row < LABELED).length;
const relative = (a: number, b: number) => Math.abs(a / b - 1);

describe('a schedule that is NaN or infinite at run time', () => {
  const cases: [string, ExperimentOptions, string][] = [
    [
      'λ_r of a reconstruction step',
      { epochs: 2, reconstruction: badFromEpoch1(NAN) },
      'λ_r(t) is NaN at t = 1 (epoch 2)',
    ],
    [
      'λ_s of a supervised step',
      { epochs: 1, supervised: INFINITY },
      'λ_s(t) is Infinity at t = 0 (epoch 1)',
    ],
    [
      'lr of an alternate order',
      { epochs: 1, lr: bin('-', num(0), INFINITY) },
      'lr(t) is -Infinity at t = 0 (epoch 1)',
    ],
    [
      'λ_r of a joint step',
      { epochs: 2, order: JOINT, reconstruction: badFromEpoch1(NAN) },
      'λ_r(t) is NaN at t = 1 (epoch 2)',
    ],
    ['λ_s of a joint step', { epochs: 1, order: JOINT, supervised: NAN }, 'λ_s(t) is NaN at t = 0 (epoch 1)'],
    ['lr of a joint step', { epochs: 1, order: JOINT, lr: INFINITY }, 'lr(t) is Infinity at t = 0 (epoch 1)'],
    [
      'a DAE weight',
      { epochs: 1, reconstruct: [{ weight: NAN }] },
      'daeWeight_0(t) is NaN at t = 0 (epoch 1)',
    ],
  ];

  it.each(cases)('stops the run, naming it: %s', async (_what, options, message) => {
    const { error, events } = await failedRun(experiment(options), data);
    expect(error).toBeInstanceOf(MtlRuntimeError);
    expect(error).not.toBeInstanceOf(TrainingDivergedError);
    expect(error.message).toBe(`${message}; check the spec's expression`);
    // No step was taken with the bad value.
    const finite = (e: StepEvent) =>
      [e.lr, e.supervisedWeight, e.reconstructionWeight].every(Number.isFinite);
    expect(events.every(finite)).toBe(true);
  });
});

it('refuses a supervised step on unlabeled rows (an order the checker rejects)', async () => {
  const order: Order = {
    kind: 'alternate',
    steps: [{ objective: 'supervised', rows: 'unlabeled', lr: null }],
  };
  const { error, events } = await failedRun(experiment({ epochs: 1, order }), data);
  expect(error).toBeInstanceOf(MtlRuntimeError);
  expect(error.message).toBe("a supervised step needs labeled rows, not 'unlabeled'");
  expect(events).toEqual([]);
});

describe('a DAE whose weight is 0 this epoch', () => {
  const reconstruct = [{ weight: byEpoch(0, 1) }];

  it('takes no reconstruction step while every DAE weight is 0 (order alternate)', async () => {
    const run = await stepRun(experiment({ epochs: 2, reconstruct }), data);
    expect(ofEpoch(run.events, 0).map((e) => e.objective)).not.toContain('reconstruction');
    const reconstruction = ofEpoch(run.events, 1).filter((e) => e.objective === 'reconstruction');
    expect(reconstruction).toHaveLength(BATCHES);
    expect(run.result.reconstructionSteps).toBe(BATCHES);
    expect(run.result.supervisedSteps).toBe(run.events.length - BATCHES);
    expect(run.checkpoint.stepsTaken).toBe(run.events.length);
    expect(run.checkpoint.curves[0].reconstructionLoss).toBeNull();
  });

  it('leaves J_r out of a joint step while every DAE weight is 0', async () => {
    const run = await stepRun(experiment({ epochs: 2, order: JOINT, reconstruct }), data);
    const first = ofEpoch(run.events, 0);
    // Only batches with labeled rows have a term left.
    expect(first.every((e) => labeledIn(e) > 0)).toBe(true);
    expect(first.reduce((n, e) => n + labeledIn(e), 0)).toBe(LABELED);
    for (const e of first) {
      expect(e).toMatchObject({ supervisedWeight: 0.5, reconstructionWeight: 0, reconstructionLoss: null });
      expect(e.supervisedLoss).toBeGreaterThan(0);
    }
    expect(ofEpoch(run.events, 1)).toHaveLength(BATCHES);
    expect(run.result.reconstructionSteps).toBe(BATCHES);
    expect(run.result.supervisedSteps).toBe(2 * first.length);
  });
});

describe('order joint: the terms taken, the events and the epoch losses', () => {
  // λ_s: 0, 0.5, 0; λ_r: 0, 0, 0.5 — no term, J_s alone, J_r alone.
  const exp = experiment({
    epochs: 3,
    order: JOINT,
    supervised: byEpoch(0, 0.5, 0),
    reconstruction: byEpoch(0, 0, 0.5),
  });

  it('takes only the terms whose weight is not 0, and no step at all when both are 0', async () => {
    const run = await stepRun(exp, data);
    expect(ofEpoch(run.events, 0)).toEqual([]);
    const supervisedOnly = ofEpoch(run.events, 1);
    // A batch without labeled rows has no term left: no step.
    expect(supervisedOnly.every((e) => labeledIn(e) > 0)).toBe(true);
    expect(supervisedOnly.reduce((n, e) => n + labeledIn(e), 0)).toBe(LABELED);
    for (const e of supervisedOnly) {
      expect(e).toMatchObject({
        objective: 'joint',
        weight: null,
        supervisedWeight: 0.5,
        reconstructionWeight: 0,
      });
      expect(e.reconstructionLoss).toBeNull();
      expect(e.supervisedLoss).toBeGreaterThan(0);
    }
    const reconstructionOnly = ofEpoch(run.events, 2);
    expect(reconstructionOnly.map((e) => e.batch)).toEqual([0, 1, 2, 3]);
    expect(reconstructionOnly.reduce((n, e) => n + e.rows.length, 0)).toBe(POOL);
    for (const e of reconstructionOnly) {
      expect(e).toMatchObject({ supervisedWeight: 0, reconstructionWeight: 0.5, supervisedLoss: null });
      expect(e.reconstructionLoss).toBeGreaterThan(0);
    }
    expect(run.checkpoint.stepsTaken).toBe(supervisedOnly.length + BATCHES);
    expect(run.result.supervisedSteps).toBe(supervisedOnly.length);
    expect(run.result.reconstructionSteps).toBe(BATCHES);

    // The curve's losses: row-weighted means of the steps' losses (J_s over labeled rows, J_r over all).
    const [c0, c1, c2] = run.checkpoint.curves;
    expect([c0.supervisedLoss, c0.reconstructionLoss]).toEqual([null, null]);
    const mean = (events: StepEvent[], loss: (e: StepEvent) => number, rows: (e: StepEvent) => number) =>
      events.reduce((s, e) => s + loss(e) * rows(e), 0) / events.reduce((s, e) => s + rows(e), 0);
    expect(c1.reconstructionLoss).toBeNull();
    expect(
      relative(
        c1.supervisedLoss!,
        mean(supervisedOnly, (e) => e.supervisedLoss!, labeledIn),
      ),
    ).toBeLessThan(1e-9);
    expect(c2.supervisedLoss).toBeNull();
    const meanR = mean(
      reconstructionOnly,
      (e) => e.reconstructionLoss!,
      (e) => e.rows.length,
    );
    expect(relative(c2.reconstructionLoss!, meanR)).toBeLessThan(1e-9);
  });

  it('weights a joint epoch’s J_s by labeled rows, not batch rows', async () => {
    const run = await stepRun(experiment({ epochs: 1, order: JOINT }), data);
    const events = run.events;
    expect(events).toHaveLength(BATCHES);
    const withLabels = events.filter((e) => labeledIn(e) > 0);
    for (const e of events) expect(e.supervisedLoss === null).toBe(labeledIn(e) === 0);
    const byLabeled = withLabels.reduce((s, e) => s + e.supervisedLoss! * labeledIn(e), 0) / LABELED;
    const byRows =
      withLabels.reduce((s, e) => s + e.supervisedLoss! * e.rows.length, 0) /
      withLabels.reduce((s, e) => s + e.rows.length, 0);
    // The two weightings must differ for this test to mean anything.
    expect(relative(byRows, byLabeled)).toBeGreaterThan(1e-4);
    expect(relative(run.checkpoint.curves[0].supervisedLoss!, byLabeled)).toBeLessThan(1e-9);
    const byAll = events.reduce((s, e) => s + e.reconstructionLoss! * e.rows.length, 0) / POOL;
    expect(relative(run.checkpoint.curves[0].reconstructionLoss!, byAll)).toBeLessThan(1e-9);
  });
});

describe('skip below EPS', () => {
  it('order alternate: drops and counts the steps below EPS, takes a weight equal to EPS, ignores weights of 0', async () => {
    // One batch per epoch. λ_r 0.2, 0, 0.5 (below EPS, 0: not a skip, taken); λ_s 0.3 (= EPS), 0.3, 0.1 (below).
    const exp = experiment(
      { epochs: 3, batch: POOL, supervised: byEpoch(0.3, 0.3, 0.1), reconstruction: byEpoch(0.2, 0, 0.5) },
      0.3,
    );
    const run = await stepRun(exp, data);
    expect(run.events.map((e) => [e.epoch, e.objective, e.weight])).toEqual([
      [0, 'supervised', 0.3],
      [1, 'supervised', 0.3],
      [2, 'reconstruction', 0.5],
    ]);
    expect(run.result.stepsSkipped).toBe(2);
    expect(run.checkpoint.stepsSkipped).toBe(2);
    expect([run.result.supervisedSteps, run.result.reconstructionSteps]).toEqual([2, 1]);
  });

  it('order joint: drops the term below EPS and keeps the other; weights of 0 are not skips', async () => {
    // λ_s 0.5, 0, 0.5; λ_r 0.2, 0.2, 0: J_r is below EPS in epochs 1–2, λ_s is 0 in epoch 2, λ_r 0 in 3.
    const exp = experiment(
      { epochs: 3, order: JOINT, supervised: byEpoch(0.5, 0, 0.5), reconstruction: byEpoch(0.2, 0.2, 0) },
      0.3,
    );
    const run = await stepRun(exp, data);
    expect(ofEpoch(run.events, 1)).toEqual([]);
    for (const e of run.events) {
      expect(e).toMatchObject({ supervisedWeight: 0.5, reconstructionWeight: 0, reconstructionLoss: null });
      expect(labeledIn(e)).toBeGreaterThan(0);
    }
    expect(run.result.stepsSkipped).toBe(2 * BATCHES);
    expect(run.result.reconstructionSteps).toBe(0);
  });
});

describe("each DAE's own noise, keyed by the step", () => {
  // A DAE on h1 with salt-and-pepper input noise and one on h2 with hidden-layer noise of each
  // kind: the hand-written gradients, the generated step code and the onnx graphs draw the
  // noise each on their own, from the same keys, and apply it each their own way.
  const hidden = [
    { name: 'h1', units: 6, activation: 'sigmoid' },
    { name: 'h2', units: 4, activation: 'sigmoid' },
  ] as const;
  const exp = (input: Noise, onH2: Noise) =>
    experiment({
      epochs: 1,
      hidden,
      reconstruct: [
        { layerIndex: 0, noise: input },
        { layerIndex: 1, noise: onH2 },
      ],
    });
  const SALT: Noise = { kind: 'salt_pepper', p: 0.3 };
  const NONE: Noise = { kind: 'none' };
  const kinds: [string, Noise][] = [
    ['mask', { kind: 'mask', p: 0.5 }],
    ['gaussian', { kind: 'gaussian', sigma: 0.5 }],
    ['salt_pepper', { kind: 'salt_pepper', p: 0.5 }],
  ];

  it.each(kinds)('is the same on every executor, and it matters (%s on h2)', async (_kind, noise) => {
    const hand = await stepRun(exp(SALT, noise), data, { generated: false });
    const again = await stepRun(exp(SALT, noise), data, { generated: false });
    const generated = await stepRun(exp(SALT, noise), data);
    const onnx = await stepRun(exp(SALT, noise), data, { backend: 'onnx' });
    expect(paramDistance(again.checkpoint, hand.checkpoint)).toBe(0);
    expect(paramDistance(generated.checkpoint, hand.checkpoint)).toBeLessThan(1e-5);
    expect(paramDistance(onnx.checkpoint, hand.checkpoint)).toBeLessThan(1e-5);
    // Each DAE's noise counts: without either one the weights differ.
    for (const [input, onH2] of [
      [NONE, noise],
      [SALT, NONE],
    ]) {
      const other = await stepRun(exp(input, onH2), data);
      // Ten times the executors' agreement above.
      expect(paramDistance(other.checkpoint, hand.checkpoint)).toBeGreaterThan(1e-4);
    }
  });
});

describe('step counts', () => {
  it('a run resumed from a checkpoint without them (an older runtime) trains on and reports them as unknown', async () => {
    const exp = makeExperiment({ reconstruct: [{}], epochs: 2, checkpointEvery: 1 });
    const program = await importTrainer(exp, { source: data.source });
    const out = tempDir();
    const controller = new AbortController();
    const options = { out, backend: 'cpu', progress: null, handleSignals: false } as const;
    const first = await runProgram(program, {
      ...options,
      signal: controller.signal,
      onEpoch: () => controller.abort(),
    });
    expect(first.status).toBe('interrupted');
    const file = path.join(out, 'checkpoint.json');
    const { stepCounts, ...older } = JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
    expect(stepCounts!.supervised).toBeGreaterThan(0);
    writeFileSync(file, JSON.stringify(older));
    const events: StepEvent[] = [];
    const resumed = await runProgram(program, { ...options, resume: true, onStep: (e) => events.push(e) });
    expect(resumed.status).toBe('completed');
    expect(events.length).toBeGreaterThan(0);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as ResultFile;
    expect([result.supervisedSteps, result.reconstructionSteps]).toEqual([null, null]);
    expect(result.stepsTaken).toBe(readCheckpoint(out).stepsTaken);
  });
});

describe("a batch's row tensors", () => {
  // Each kind of rows twice per batch: the batch's tensors are gathered once and reused.
  const twice: Order = {
    kind: 'alternate',
    steps: [
      { objective: 'reconstruction', rows: 'batch', lr: null },
      { objective: 'supervised', rows: 'labeled', lr: null },
      { objective: 'reconstruction', rows: 'batch', lr: null },
      { objective: 'supervised', rows: 'labeled', lr: null },
    ],
  };

  it('serve a second step on the same rows (hand-written gradients equal the generated step code)', async () => {
    // Before the fix the cached tensors were freed by the first step's tf.tidy: the second step failed.
    const hand = await stepRun(experiment({ epochs: 1, order: twice }), data, { generated: false });
    expect(hand.events.filter((e) => e.batch === 0).map((e) => e.step)).toEqual([0, 1, 2, 3]);
    const generated = await stepRun(experiment({ epochs: 1, order: twice }), data);
    expect(paramDistance(generated.checkpoint, hand.checkpoint)).toBeLessThan(1e-5);
  });

  it('are freed when the batch ends: a run on the hand-written gradients leaves no tensor behind', async () => {
    await stepRun(experiment({ epochs: 1 }), data, { generated: false });
    const before = tf.memory().numTensors;
    await stepRun(experiment({ epochs: 1, order: twice }), data, { generated: false });
    await stepRun(experiment({ epochs: 1, order: JOINT }), data, { generated: false });
    expect(tf.memory().numTensors).toBe(before);
  });
});

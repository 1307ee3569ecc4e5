// takeStep, the runtime's own gradient step (a program without generated step
// code): the NaN/Inf check on the step's losses and on every updated weight,
// the message that names what diverged and where, and the losses it reports.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/ir/types.js';
import { selectBackend } from '../../src/runtime/backend.js';
import { TrainingDivergedError } from '../../src/runtime/errors.js';
import { makeExperiment, num, writeTinyIdx } from '../harness/runtime.js';
import { failedRun, paramDistance, stepRun } from './step-runs.js';

const data = writeTinyIdx({ train: 24, test: 6 });
const HAND = { generated: false } as const;

/** One batch of the whole pool per epoch, one kind of step. */
function oneStepPerEpoch(objective: 'supervised' | 'reconstruction', lr: number): Experiment {
  const supervised = objective === 'supervised';
  return makeExperiment({
    // A linear output / decoder with squared error: weights near 1e25 make the loss overflow float32.
    output: { name: 'y', units: 3, activation: 'linear' },
    reconstruct: supervised
      ? []
      : [{ noise: { kind: 'none' }, cost: 'squared_error', decoder: { tied: false, activation: 'linear' } }],
    supervised: num(1),
    reconstruction: num(supervised ? 0 : 1),
    batch: 16,
    epochs: 2,
    lr: num(lr),
    order: { kind: 'alternate', steps: [{ objective, rows: supervised ? 'labeled' : 'batch', lr: null }] },
  });
}

function diverged(error: Error): TrainingDivergedError {
  expect(error).toBeInstanceOf(TrainingDivergedError);
  return error as TrainingDivergedError;
}

const message = (where: string, what: string) =>
  `training diverged in ${where}: ${what} became NaN or infinite; no checkpoint had been saved yet. Try a smaller learning rate.`;

describe('the divergence check of a step', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('names the weight whose new values are not finite, at the step that made them', async () => {
    // lr = 1e39 is a finite schedule value, but −lr·λ is −∞ in float32: every weight the step moves is ±∞ or NaN.
    const before = tf.memory().numTensors;
    const { error, events } = await failedRun(oneStepPerEpoch('reconstruction', 1e39), data, HAND);
    const e = diverged(error);
    expect(e.position).toEqual({ epoch: 0, batch: 0, step: 0, objective: 'reconstruction' });
    // The step's losses were finite (from the initial weights); its first updated weight is named.
    expect(['h1.W', 'h1.b', 'h1.decoder.W', 'h1.decoder.b'].map((name) => `weight ${name}`)).toContain(
      e.what,
    );
    expect(e.message).toBe(message('epoch 1 (t = 0), batch 1, step 1 (reconstruction)', e.what));
    expect(e.lastCheckpoint).toBeNull();
    expect(events).toEqual([]);
    // The update's tensors are freed, not kept.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the supervised loss when it overflows before any weight does', async () => {
    // Epoch 1's step moves the weights to about 1e25 (finite); epoch 2's squared error is then ∞.
    const { error, events } = await failedRun(oneStepPerEpoch('supervised', 1e25), data, HAND);
    const e = diverged(error);
    expect(e.position).toEqual({ epoch: 1, batch: 0, step: 0, objective: 'supervised' });
    expect(e.what).toBe('the supervised loss');
    expect(e.message).toBe(message('epoch 2 (t = 1), batch 1, step 1 (supervised)', 'the supervised loss'));
    expect(events).toHaveLength(1);
    expect(Number.isFinite(events[0].supervisedLoss)).toBe(true);
  });

  it('names the reconstruction loss when it overflows before any weight does', async () => {
    const { error, events } = await failedRun(oneStepPerEpoch('reconstruction', 1e25), data, HAND);
    const e = diverged(error);
    expect(e.position).toEqual({ epoch: 1, batch: 0, step: 0, objective: 'reconstruction' });
    expect(e.message).toBe(
      message('epoch 2 (t = 1), batch 1, step 1 (reconstruction)', 'the reconstruction loss'),
    );
    expect(events).toHaveLength(1);
    expect(Number.isFinite(events[0].reconstructionLoss)).toBe(true);
  });
});

describe('the losses a step reports', () => {
  const exp = makeExperiment({ reconstruct: [{}], epochs: 1 });

  it('are left out when the run does not compute them, and the steps are the same', async () => {
    const withLosses = await stepRun(exp, data, HAND);
    const without = await stepRun(exp, data, { ...HAND, computeLosses: false });
    expect(without.events.length).toBe(withLosses.events.length);
    for (const e of without.events) expect([e.supervisedLoss, e.reconstructionLoss]).toEqual([null, null]);
    const [curve] = without.checkpoint.curves;
    expect([curve.supervisedLoss, curve.reconstructionLoss]).toEqual([null, null]);
    expect(withLosses.checkpoint.curves[0].supervisedLoss).toBeGreaterThan(0);
    expect(withLosses.checkpoint.curves[0].reconstructionLoss).toBeGreaterThan(0);
    expect(paramDistance(without.checkpoint, withLosses.checkpoint)).toBeLessThan(1e-6);
  });
});

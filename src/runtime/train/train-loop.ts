// Algorithm 1 over the epochs: each epoch shuffles the l + u pool rows with a
// stream keyed by (train.seed, epoch), cuts mini-batches, and hands each batch
// to the program's trainBatch. Epoch ends record curves, evaluate and
// checkpoint when due. Everything random is keyed by position, so starting
// at a saved position continues exactly.

import { rngFor } from '../prng.js';
import type { ProgressSnapshot } from '../progress.js';
import { BatchSteps } from './batch-steps.js';
import {
  type CurveRow,
  type Evaluation,
  emptyLosses,
  type TrainingSetup,
  type TrainingState,
} from './state.js';
import type { BatchInfo } from './step-engine.js';

export interface LoopHooks {
  /** True once the user asked to stop (SIGINT). */
  interrupted(): boolean;
  /** Saves a checkpoint of the current state. */
  checkpoint(): void;
  /** After each epoch's curve row (and evaluation, when there was one); trainSeconds excludes evaluation. */
  epochEnd(row: CurveRow, evaluation: Evaluation | null, trainSeconds: number): void;
  batchEnd(snapshot: ProgressSnapshot): void;
}

function epochSchedule(setup: TrainingSetup, t: number) {
  const T = setup.epochs;
  const { program } = setup;
  return {
    lambdaS: program.supervisedWeight(t, T),
    lambdaR: program.reconstructionWeight(t, T),
    lr: program.learningRate(t, T),
  };
}

export function batchesPerEpoch(setup: TrainingSetup): number {
  return Math.ceil(setup.split.pool.length / setup.experiment.train.batch);
}

const due = (every: number | null, done: number) => every !== null && every > 0 && done % every === 0;

function evaluateNow(setup: TrainingSetup, state: TrainingState, epochsDone: number): Evaluation {
  const { model, evaluation } = setup;
  return {
    epoch: epochsDone,
    validationError: evaluation.validation.error(model, state.params),
    testError: evaluation.test.error(model, state.params),
  };
}

function snapshot(
  setup: TrainingSetup,
  state: TrainingState,
  epoch: number,
  batch: number,
): ProgressSnapshot {
  const { losses } = state;
  return {
    epoch,
    batch,
    batches: batchesPerEpoch(setup),
    ...epochSchedule(setup, epoch),
    supervisedLoss: losses.supervisedRows > 0 ? losses.supervisedSum / losses.supervisedRows : null,
    reconstructionLoss:
      losses.reconstructionRows > 0 ? losses.reconstructionSum / losses.reconstructionRows : null,
  };
}

function endEpoch(
  setup: TrainingSetup,
  state: TrainingState,
  t: number,
  hooks: LoopHooks,
  trainSeconds: number,
): void {
  const { train } = setup.experiment;
  const done = t + 1;
  const last = snapshot(setup, state, t, batchesPerEpoch(setup) - 1);
  const evaluation =
    due(train.evaluateEvery, done) || done === setup.epochs ? evaluateNow(setup, state, done) : null;
  const row: CurveRow = {
    epoch: done,
    lambdaS: last.lambdaS,
    lambdaR: last.lambdaR,
    lr: last.lr,
    supervisedLoss: last.supervisedLoss,
    reconstructionLoss: last.reconstructionLoss,
    validationError: evaluation?.validationError ?? null,
    testError: evaluation?.testError ?? null,
  };
  state.curves.push(row);
  if (evaluation) state.evaluations.push(evaluation);
  state.losses = emptyLosses();
  state.position = { epoch: done, batch: 0 };
  if (due(train.checkpointEvery, done) || done === setup.epochs) hooks.checkpoint();
  hooks.epochEnd(row, evaluation, trainSeconds);
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Batch b of epoch t: the epoch's rows shuffled by a stream keyed by
 * (train.seed, t), cut in mini-batches. The last two epochs' orders are kept,
 * so looking one batch ahead across an epoch's end shuffles no more.
 */
function batchOrder(setup: TrainingSetup): (t: number, b: number) => BatchInfo {
  const { seed, batch: size } = setup.experiment.train;
  const poolSize = setup.split.pool.length;
  const orders = new Map<number, Int32Array>();
  return (t, b) => {
    let order = orders.get(t);
    if (!order) {
      order = rngFor('epoch-shuffle', seed, t).permutation(poolSize);
      orders.set(t, order);
      orders.delete(t - 2);
    }
    return { epoch: t, index: b, rows: order.subarray(b * size, Math.min(poolSize, (b + 1) * size)) };
  };
}

export async function trainLoop(
  setup: TrainingSetup,
  state: TrainingState,
  hooks: LoopHooks,
): Promise<'completed' | 'interrupted'> {
  const batches = batchesPerEpoch(setup);
  const batchAt = batchOrder(setup);
  const batchAfter = ({ epoch: t, index: b }: Pick<BatchInfo, 'epoch' | 'index'>): BatchInfo | null =>
    b + 1 < batches ? batchAt(t, b + 1) : t + 1 < setup.epochs && batches > 0 ? batchAt(t + 1, 0) : null;
  if (state.position.epoch < setup.epochs) await setup.engine?.start?.();
  while (state.position.epoch < setup.epochs) {
    const t = state.position.epoch;
    let trainSeconds = 0;
    for (let b = state.position.batch; b < batches; b++) {
      const started = performance.now();
      const steps = new BatchSteps(setup, state, { ...batchAt(t, b), batchAfter });
      try {
        setup.program.trainBatch(steps, t, setup.epochs);
      } finally {
        steps.dispose();
      }
      state.position = { epoch: t, batch: b + 1 };
      trainSeconds += (performance.now() - started) / 1000;
      hooks.batchEnd(snapshot(setup, state, t, b));
      if (b + 1 === batches) endEpoch(setup, state, t, hooks, trainSeconds);
      await nextTick();
      if (hooks.interrupted()) {
        hooks.checkpoint();
        return 'interrupted';
      }
    }
    if (batches === 0) endEpoch(setup, state, t, hooks, 0);
  }
  return 'completed';
}

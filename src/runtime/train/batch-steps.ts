// The StepContext a generated trainBatch calls for one mini-batch: picks the
// rows of each step, skips steps with weight 0 or no rows, takes the step and
// records it. planBatch runs the same decisions without taking the steps: which
// steps a batch takes follows from the schedules, the epoch and the batch's
// rows, never from the parameters, so a step engine can prepare them ahead.
import * as tf from '@tensorflow/tfjs-core';
import { gatherOneHot, gatherRows } from '../data/gather.js';
import { tensorFromScratch } from '../data/scratch.js';
import { MtlRuntimeError, type StepPosition } from '../errors.js';
import type { Gradients } from '../grad/gradients.js';
import { corrupt } from '../grad/noise.js';
import { type DaeTerm, reconstructionGradients } from '../grad/reconstruction-grad.js';
import { supervisedGradients } from '../grad/supervised-grad.js';
import { noiseKey } from '../noise/element-noise.js';
import type { Rows, StepContext } from '../program.js';
import type { TrainingSetup, TrainingState } from './state.js';
import type { BatchInfo, BatchView, StepRequest } from './step-engine.js';
import type { StepEvent } from './step-event.js';
import { type StepResult, takeStep } from './take-step.js';

/** A batch to train, and the loop's order of batches. */
export interface LoopBatch extends BatchInfo {
  readonly batchAfter: (batch: Pick<BatchInfo, 'epoch' | 'index'>) => BatchInfo | null;
}

interface RowTensors {
  readonly x: tf.Tensor2D;
  targets?: tf.Tensor2D;
}

export class BatchSteps implements StepContext, BatchView {
  readonly epoch: number;
  readonly index: number;
  private stepIndex = 0;
  private readonly tensors = new Map<Rows, RowTensors>();
  /** The batch's rows of each kind, filtered once: a step asks for them several times. */
  private readonly rowsByKind = new Map<Rows, Int32Array>();
  private readonly daeWeights: readonly number[];

  /**
   * With `planned`, the steps are not taken: their requests are pushed there
   * (and nothing is counted or recorded).
   */
  constructor(
    private readonly setup: TrainingSetup,
    private readonly state: TrainingState,
    private readonly batch: LoopBatch,
    private readonly planned?: StepRequest[],
  ) {
    this.epoch = batch.epoch;
    this.index = batch.index;
    const T = setup.epochs;
    this.daeWeights = setup.program.daeWeights.map((weight) => weight(batch.epoch, T));
  }

  reconstruction(step: { readonly rows: Rows; readonly weight: number; readonly lr: number }): void {
    const index = this.stepIndex++;
    this.checkFinite({ λ_r: step.weight, lr: step.lr });
    const rows = this.rowsFor(step.rows);
    const terms = this.daeTerms(step.weight, step.lr);
    if (step.weight === 0 || rows.length === 0 || terms.length === 0) return;
    if (this.belowSkip(step.weight)) return;
    const result = this.take(index, 'reconstruction', null, { rows: step.rows, terms });
    this.record(index, 'reconstruction', rows, step.weight, { s: 0, r: step.weight }, step.lr, result);
  }

  supervised(step: { readonly rows: Rows; readonly weight: number; readonly lr: number }): void {
    const index = this.stepIndex++;
    this.checkFinite({ λ_s: step.weight, lr: step.lr });
    if (step.rows !== 'labeled') {
      throw new MtlRuntimeError(`a supervised step needs labeled rows, not '${step.rows}'`);
    }
    const rows = this.rowsFor('labeled');
    if (step.weight === 0 || rows.length === 0) return;
    if (this.belowSkip(step.weight)) return;
    const result = this.take(index, 'supervised', { weight: step.weight, lr: step.lr }, null);
    this.record(index, 'supervised', rows, step.weight, { s: step.weight, r: 0 }, step.lr, result);
  }

  joint(step: {
    readonly supervisedWeight: number;
    readonly reconstructionWeight: number;
    readonly lr: number;
  }): void {
    const index = this.stepIndex++;
    this.checkFinite({ λ_s: step.supervisedWeight, λ_r: step.reconstructionWeight, lr: step.lr });
    const all = this.rowsFor('batch');
    const withSupervised =
      step.supervisedWeight !== 0 &&
      this.rowsFor('labeled').length > 0 &&
      !this.belowSkip(step.supervisedWeight);
    const terms = this.daeTerms(step.reconstructionWeight, step.lr);
    const withReconstruction =
      step.reconstructionWeight !== 0 &&
      terms.length > 0 &&
      all.length > 0 &&
      !this.belowSkip(step.reconstructionWeight);
    if (!withSupervised && !withReconstruction) return;
    const result = this.take(
      index,
      'joint',
      withSupervised ? { weight: step.supervisedWeight, lr: step.lr } : null,
      withReconstruction ? { rows: 'batch', terms } : null,
    );
    const weights = {
      s: withSupervised ? step.supervisedWeight : 0,
      r: withReconstruction ? step.reconstructionWeight : 0,
    };
    this.record(index, 'joint', all, null, weights, step.lr, result);
  }

  /** `skip below EPS`: true (and counted) when a non-zero weight is below EPS. */
  private belowSkip(weight: number): boolean {
    const eps = this.setup.experiment.train.skipBelow;
    if (eps === undefined || weight >= eps) return false;
    if (!this.planned) this.state.stepsSkipped++;
    return true;
  }

  /** Takes the step on the setup's step engine (onnx graphs, generated step code), else on the hand-written gradients. */
  private take(
    index: number,
    objective: StepEvent['objective'],
    supervised: StepRequest['supervised'],
    reconstruction: StepRequest['reconstruction'],
  ): StepResult {
    const position = this.position(index, objective);
    const request = { stepIndex: index, position, supervised, reconstruction };
    if (this.planned) {
      this.planned.push(request);
      return { supervisedLoss: null, reconstructionLoss: null };
    }
    const taken = this.setup.engine?.step(this.setup, this.state, this, request);
    if (taken) return taken;
    return takeStep(this.setup, this.state, position, (grads) => ({
      supervised: supervised ? this.supervisedTerm(supervised.weight, supervised.lr, grads) : null,
      reconstruction: reconstruction
        ? this.reconstructionTerm(reconstruction.rows, reconstruction.terms, index, grads)
        : null,
    }));
  }

  /** A schedule that evaluates to NaN or ±Infinity is the spec's fault, not a divergence. */
  private checkFinite(values: Readonly<Record<string, number>>): void {
    const all = { ...values, ...Object.fromEntries(this.daeWeights.map((w, i) => [`daeWeight_${i}`, w])) };
    for (const [name, value] of Object.entries(all)) {
      if (!Number.isFinite(value)) {
        throw new MtlRuntimeError(
          `${name}(t) is ${value} at t = ${this.batch.epoch} (epoch ${this.batch.epoch + 1}); check the spec's expression`,
        );
      }
    }
  }

  dispose(): void {
    for (const { x, targets } of this.tensors.values()) {
      x.dispose();
      targets?.dispose();
    }
    this.tensors.clear();
  }

  batchAfter(batch: Pick<BatchInfo, 'epoch' | 'index'>): BatchInfo | null {
    return this.batch.batchAfter(batch);
  }

  rowsFor(rows: Rows): Int32Array {
    let found = this.rowsByKind.get(rows);
    if (!found) {
      found = rowsOf(this.setup, this.batch.rows, rows);
      this.rowsByKind.set(rows, found);
    }
    return found;
  }

  private rowTensors(rows: Rows, withTargets: boolean): RowTensors {
    let entry = this.tensors.get(rows);
    const train = this.setup.data.train;
    if (!entry) {
      const positions = this.rowsFor(rows);
      // One scratch per kind of rows: a batch holds its 'batch' and 'labeled' tensors at once.
      const pixels = this.setup.scratch.array(`rows:${rows}`, positions.length * train.dim);
      gatherRows(this.setup.poolPixels, train.dim, positions, pixels);
      // Kept: the first step to ask runs inside takeStep's tf.tidy, and a later step of the
      // batch on the same rows reuses the tensors; dispose() frees them when the batch ends.
      entry = { x: tf.keep(tensorFromScratch(pixels, [positions.length, train.dim])) };
      this.tensors.set(rows, entry);
    }
    if (withTargets && !entry.targets) {
      const examples = this.examples(this.rowsFor(rows));
      const classes = this.setup.classes;
      entry.targets = tf.keep(
        tf.tensor2d(gatherOneHot(train, examples, classes), [examples.length, classes]),
      );
    }
    return entry;
  }

  private examples(rows: Int32Array): Int32Array {
    const pool = this.setup.split.pool;
    return rows.map((row) => pool[row]);
  }

  /** The DAEs in this step, each scaled by −lr·λ_r·daeWeight_k: their gradients are then SGD steps. */
  private daeTerms(weight: number, lr: number): DaeTerm[] {
    return this.setup.experiment.reconstruct
      .map((dae, slot) => ({
        dae,
        slot,
        factor: -lr * weight * this.daeWeights[slot],
        lossFactor: this.daeWeights[slot],
      }))
      .filter((term) => term.lossFactor !== 0);
  }

  private supervisedTerm(weight: number, lr: number, grads: Gradients): tf.Scalar | null {
    const { x, targets } = this.rowTensors('labeled', true);
    const input = { x, targets: targets!, scale: -lr * weight, wantLoss: this.setup.computeLosses };
    return supervisedGradients(this.setup.model, this.state.params, input, grads);
  }

  private reconstructionTerm(
    rows: Rows,
    terms: readonly DaeTerm[],
    stepIndex: number,
    grads: Gradients,
  ): tf.Scalar | null {
    const { x } = this.rowTensors(rows, false);
    const seed = this.setup.experiment.train.seed;
    const { epoch, index } = this.batch;
    const input = {
      x,
      terms,
      corrupt: (slot: number, clean: tf.Tensor2D) =>
        corrupt(
          terms.find((term) => term.slot === slot)!.dae.noise,
          clean,
          noiseKey(seed, epoch, index, stepIndex, slot),
          this.setup.scratch,
        ),
      wantLoss: this.setup.computeLosses,
    };
    return reconstructionGradients(this.setup.model, this.state.params, input, grads);
  }

  private position(step: number, objective: StepEvent['objective']): StepPosition {
    return { epoch: this.batch.epoch, batch: this.batch.index, step, objective };
  }

  private record(
    step: number,
    objective: StepEvent['objective'],
    rows: Int32Array,
    weight: number | null,
    weights: { readonly s: number; readonly r: number },
    lr: number,
    result: StepResult,
  ): void {
    if (this.planned) return;
    const counts = this.state.stepCounts;
    if (counts) {
      if (weights.s !== 0) counts.supervised++;
      if (weights.r !== 0) counts.reconstruction++;
    }
    const losses = this.state.losses;
    const labeledRows = objective === 'supervised' ? rows.length : this.rowsFor('labeled').length;
    if (result.supervisedLoss !== null && weights.s !== 0) {
      losses.supervisedSum += result.supervisedLoss * labeledRows;
      losses.supervisedRows += labeledRows;
    }
    if (result.reconstructionLoss !== null && weights.r !== 0) {
      losses.reconstructionSum += result.reconstructionLoss * rows.length;
      losses.reconstructionRows += rows.length;
    }
    this.setup.onStep?.({
      epoch: this.batch.epoch,
      batch: this.batch.index,
      step,
      objective,
      rows: [...rows],
      examples: [...this.examples(rows)],
      weight,
      supervisedWeight: weights.s,
      reconstructionWeight: weights.r,
      lr,
      supervisedLoss: weights.s !== 0 ? result.supervisedLoss : null,
      reconstructionLoss: weights.r !== 0 ? result.reconstructionLoss : null,
    });
  }
}

/** A batch's rows of a kind: the pool's first `labeled` positions are its labeled rows. */
export function rowsOf(setup: TrainingSetup, batch: Int32Array, rows: Rows): Int32Array {
  if (rows === 'batch') return batch;
  const labeled = setup.split.labeled;
  const wanted = rows === 'labeled';
  // A counting loop, not Int32Array.filter: on 600 rows, ~3 µs a call against ~25 µs.
  let count = 0;
  for (let i = 0; i < batch.length; i++) if (batch[i] < labeled === wanted) count++;
  const out = new Int32Array(count);
  for (let i = 0, at = 0; i < batch.length; i++) if (batch[i] < labeled === wanted) out[at++] = batch[i];
  return out;
}

/**
 * The requests of the steps a batch takes, in order, without taking them. A
 * schedule that throws (a non-finite weight) ends the plan there: the batch
 * throws it again when it is trained.
 */
export function planBatch(setup: TrainingSetup, state: TrainingState, batch: BatchInfo): StepRequest[] {
  const planned: StepRequest[] = [];
  const steps = new BatchSteps(setup, state, { ...batch, batchAfter: () => null }, planned);
  try {
    setup.program.trainBatch(steps, batch.epoch, setup.epochs);
  } catch {
    // Planning is only ahead of time; the step that throws is not prepared.
  }
  return planned;
}

// A step engine takes the steps BatchSteps decides to take on some other
// executor than the TensorFlow.js kernels (the onnx backend): same requests,
// same state, same results.
import type { ImageSet } from '../data/dataset.js';
import type { StepPosition } from '../errors.js';
import type { DaeTerm } from '../grad/reconstruction-grad.js';
import type { ModelSpec, ParamValues } from '../model/model.js';
import type { Rows } from '../program.js';
import type { TrainingSetup, TrainingState } from './state.js';
import type { StepResult } from './take-step.js';

/** Milliseconds: the main thread's wait for prepared inputs and its posting of the next step; the worker's own noise and gather time. */
export interface PrefetchTiming {
  waitMs: number;
  postMs: number;
  noiseMs: number;
  gatherMs: number;
  /** Steps whose inputs the worker prepared. */
  steps: number;
  /** The step parts the worker ran (step/parts.ts), its time running them, and the main thread's wait for them. */
  graphs: number;
  graphMs: number;
  partWaitMs: number;
}

export interface StepRequest {
  /** Index of the call in the batch's step order (keys the noise). */
  readonly stepIndex: number;
  readonly position: StepPosition;
  /** λ_s·J_s on the batch's labeled rows, when part of the step. */
  readonly supervised: { readonly weight: number; readonly lr: number } | null;
  /** Σ_k factor_k·J_dae,k on `rows`, when part of the step. */
  readonly reconstruction: { readonly rows: Rows; readonly terms: readonly DaeTerm[] } | null;
}

/** A mini-batch: batch `index` of epoch `epoch`, its pool positions in the epoch's shuffled order. */
export interface BatchInfo {
  readonly epoch: number;
  readonly index: number;
  readonly rows: Int32Array;
}

export interface BatchView {
  readonly epoch: number;
  readonly index: number;
  /** Pool positions of the batch's rows of a kind. */
  rowsFor(rows: Rows): Int32Array;
  /** The batch the loop trains after `batch` (null after the last): an engine may prepare its steps ahead. */
  batchAfter(batch: Pick<BatchInfo, 'epoch' | 'index'>): BatchInfo | null;
}

/** Classification error of a set of examples. */
export interface Scorer {
  error(model: ModelSpec, params: ParamValues): number | null;
  dispose(): void;
}

export interface StepEngine {
  /**
   * Takes the step: updates state.params, state.velocity and state.stepsTaken, or throws
   * TrainingDivergedError. Null when this engine does not take this step (the
   * TensorFlow.js kernels of the runtime take it).
   */
  step(setup: TrainingSetup, state: TrainingState, batch: BatchView, request: StepRequest): StepResult | null;
  /** Called once the run's setup exists. */
  attach(setup: TrainingSetup): void;
  /** Awaited before the first batch (the onnx engine starts its prefetch worker). */
  start?(): Promise<void>;
  scorer(set: ImageSet, examples: ArrayLike<number>): Scorer;
  /** Where the steps' time went so far. */
  readonly timing: StepTiming;
  /** What the run's header says of this engine beside the backend's name (the onnx engine's native kernel). */
  readonly note?: string;
  dispose(): void;
}

/** Where a step engine's time went (milliseconds): the graph run, noise drawing, row gathering, and the rest. */
export interface StepTiming {
  steps: number;
  graphMs: number;
  /** Noise drawn and rows gathered on the main thread (the steps the prefetch worker did not prepare). */
  noiseMs: number;
  gatherMs: number;
  bookkeepingMs: number;
  /** With prefetch: what it cost the main thread, what the worker did beside it, and how many steps used it. */
  prefetch?: PrefetchTiming;
}

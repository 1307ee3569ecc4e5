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

export interface StepRequest {
  /** Index of the call in the batch's step order (keys the noise). */
  readonly stepIndex: number;
  readonly position: StepPosition;
  /** λ_s·J_s on the batch's labeled rows, when part of the step. */
  readonly supervised: { readonly weight: number; readonly lr: number } | null;
  /** Σ_k factor_k·J_dae,k on `rows`, when part of the step. */
  readonly reconstruction: { readonly rows: Rows; readonly terms: readonly DaeTerm[] } | null;
}

export interface BatchView {
  readonly epoch: number;
  readonly index: number;
  /** Pool positions of the batch's rows of a kind. */
  rowsFor(rows: Rows): Int32Array;
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
  scorer(set: ImageSet, examples: ArrayLike<number>): Scorer;
  /** Where the steps' time went so far. */
  readonly timing: StepTiming;
  dispose(): void;
}

/** Where a step engine's time went (milliseconds): the graph run, noise drawing, row gathering, and the rest. */
export interface StepTiming {
  steps: number;
  graphMs: number;
  noiseMs: number;
  gatherMs: number;
  bookkeepingMs: number;
}

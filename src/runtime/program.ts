// The contract between generated trainer programs (src/codegen) and the
// runtime that executes them. A generated file builds one TrainerProgram and
// hands it to the runtime; `mtl run` imports the same object.
import type { Experiment } from '../ir/types.js';
import type { StepFunction } from './kernels/step-kernels.js';

/** A function of the epoch t (0-based) and the epoch count T. */
export type EpochFunction = (t: number, T: number) => number;

/** Which rows of the current mini-batch a step uses. */
export type Rows = 'batch' | 'labeled' | 'unlabeled';

/**
 * What the straight-line step code of a generated program calls, once per
 * mini-batch, in the spec's order. The runtime skips a step whose weight is 0
 * or whose rows are empty in this batch, and records what it did.
 */
export interface StepContext {
  /** A gradient step on the reconstruction objective J_r (Eq. 5), scaled by `weight` = lambda_r(t). */
  reconstruction(step: { readonly rows: Rows; readonly weight: number; readonly lr: number }): void;
  /** A gradient step on the supervised objective J_s (Eq. 1), scaled by `weight` = lambda_s(t). */
  supervised(step: { readonly rows: Rows; readonly weight: number; readonly lr: number }): void;
  /** `order joint`: one step on lambda_s*J_s + lambda_r*J_r (Eq. 4), J_s on labeled rows, J_r on all rows. */
  joint(step: {
    readonly supervisedWeight: number;
    readonly reconstructionWeight: number;
    readonly lr: number;
  }): void;
}

export interface TrainerProgram {
  /** The spec file the program was compiled from. */
  readonly source: string;
  /** The experiment's IR, embedded verbatim (hash included). */
  readonly experiment: Experiment;
  /** lambda_s(t) */
  readonly supervisedWeight: EpochFunction;
  /** lambda_r(t) */
  readonly reconstructionWeight: EpochFunction;
  /** train.lr(t) */
  readonly learningRate: EpochFunction;
  /** Per-DAE factor on lambda_r(t), one per entry of experiment.reconstruct, same order. */
  readonly daeWeights: readonly EpochFunction[];
  /** The spec's step order for one mini-batch at epoch t. */
  readonly trainBatch: (steps: StepContext, t: number, T: number) => void;
  /**
   * The step programs compiled to TypeScript, by step key name (`reconstruction.d0.loss`):
   * what the TensorFlow.js backends run; a step without an entry runs the runtime's
   * hand-written gradients (the same math).
   */
  readonly steps?: Readonly<Record<string, StepFunction>>;
}

// What a training run carries from batch to batch, and what a checkpoint saves.
import type { Experiment } from '../../ir/types.js';
import type { DataSplitSource } from '../data/dataset.js';
import type { Scratch } from '../data/scratch.js';
import type { Split } from '../data/split.js';
import type { ModelSpec, ParamValues } from '../model/model.js';
import type { TrainerProgram } from '../program.js';
import type { Scorer, StepEngine } from './step-engine.js';
import type { StepEvent } from './step-event.js';

/** The next batch to train: batch `batch` of epoch `epoch` (batch 0 of epoch T when done). */
export interface Position {
  readonly epoch: number;
  readonly batch: number;
}

/** Row-weighted loss sums of the epoch in progress. */
export interface EpochLosses {
  supervisedSum: number;
  supervisedRows: number;
  reconstructionSum: number;
  reconstructionRows: number;
}

export interface CurveRow {
  /** The epoch's number n = 1…T (it trained with t = n − 1 in the spec's expressions). */
  readonly epoch: number;
  /** λ_s, λ_r and lr at t = epoch − 1. */
  readonly lambdaS: number;
  readonly lambdaR: number;
  readonly lr: number;
  /** Mean J_s over the epoch's supervised rows, null when no supervised step ran. */
  readonly supervisedLoss: number | null;
  /** Mean J_r = Σ_k daeWeight_k · J_dae,k over the epoch's reconstruction rows. */
  readonly reconstructionLoss: number | null;
  readonly validationError: number | null;
  readonly testError: number | null;
}

export interface Evaluation {
  /** Epochs completed when evaluated: the number n of the epoch just trained (1…T). */
  readonly epoch: number;
  /** Fractions in [0, 1]; null when the set is empty. */
  readonly validationError: number | null;
  readonly testError: number | null;
}

export interface TrainingSetup {
  readonly program: TrainerProgram;
  readonly experiment: Experiment;
  /** T, after any override. */
  readonly epochs: number;
  readonly model: ModelSpec;
  readonly data: DataSplitSource;
  readonly split: Split;
  /** The pool's pixels as floats in [0, 1], one row per pool position (gathering a batch is then a copy). */
  readonly poolPixels: Float32Array;
  /** Reused arrays for the batch pixels and noise a step uploads. */
  readonly scratch: Scratch;
  readonly classes: number;
  /** The validation and test sets, uploaded on first evaluation; dispose them when the run ends. */
  readonly evaluation: { readonly validation: Scorer; readonly test: Scorer };
  /** Takes the steps instead of the TensorFlow.js kernels (the onnx backend); null on tfjs backends. */
  readonly engine: StepEngine | null;
  /** Compute each step's loss (for curves and the divergence check); weights are checked regardless. */
  readonly computeLosses: boolean;
  readonly onStep?: (event: StepEvent) => void;
  /** Things to tell the user about the setup (a split scaled to --limit). */
  readonly notes?: readonly string[];
}

export interface TrainingState {
  readonly params: ParamValues;
  readonly velocity: ParamValues;
  position: Position;
  losses: EpochLosses;
  readonly curves: CurveRow[];
  readonly evaluations: Evaluation[];
  /** Training seconds of earlier sessions (before a resume). */
  secondsBefore: number;
  stepsTaken: number;
  /** Steps not taken because their weight was below `skip below EPS` (not counting weights of 0). */
  stepsSkipped: number;
  /** Steps that included J_s / J_r (a joint step with both counts in each); null when resumed from a checkpoint that predates these counts. */
  stepCounts: StepCounts | null;
  lastCheckpoint: string | null;
}

export interface StepCounts {
  supervised: number;
  reconstruction: number;
}

export function emptyLosses(): EpochLosses {
  return { supervisedSum: 0, supervisedRows: 0, reconstructionSum: 0, reconstructionRows: 0 };
}

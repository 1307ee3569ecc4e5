// result.json and curves.csv of a run folder.
import path from 'node:path';
import type { Experiment } from '../../ir/types.js';
import type { TrainerProgram } from '../program.js';
import { explodingLoss, type RunWarning } from '../train/exploding-loss.js';
import type { CurveRow, Evaluation, TrainingState } from '../train/state.js';

export type { RunWarning } from '../train/exploding-loss.js';

import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-write.js';

export const RESULT_FILE = 'result.json';
export const CURVES_FILE = 'curves.csv';

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'diverged';

export interface ResultFile {
  readonly format: 'mtl-result';
  readonly version: 1;
  readonly status: RunStatus;
  /** Why the run stopped early (diverged). */
  readonly message?: string;
  readonly experiment: string;
  readonly hash: string;
  /** Hash of the step code that ran (run-identity.ts). */
  readonly code: string;
  readonly source: string;
  readonly seed: number;
  readonly dataSeed: number;
  readonly backend: string;
  /** T (after any --epochs override). Epochs are numbered 1…T; epoch n trains with t = n − 1. */
  readonly epochs: number;
  readonly epochsCompleted: number;
  readonly stepsTaken: number;
  /** `skip below EPS` (null when not set) and the steps it dropped. */
  readonly skipBelow: number | null;
  readonly stepsSkipped: number;
  /** Steps that included J_s and J_r (a joint step counts in both); null when a resume lost the count. */
  readonly supervisedSteps: number | null;
  readonly reconstructionSteps: number | null;
  /** Examples through Algorithm 1 per second of training wall time: epochsCompleted × (labeled + unlabeled) / seconds. */
  readonly samplesPerSecond: number | null;
  /** Training wall time over every session of the run (resumes included), evaluation included. */
  readonly seconds: number;
  /** The last evaluation's errors (fractions). */
  readonly final: { readonly validationError: number | null; readonly testError: number | null } | null;
  readonly evaluations: readonly Evaluation[];
  /** True when a loss exploded while staying finite (see warnings); the numbers are then suspect. */
  readonly lossExploded: boolean;
  readonly warnings: readonly RunWarning[];
  /** λ_s(t), λ_r(t) and lr(t) as used: element t (0-based) is epoch t + 1's. */
  readonly schedule: {
    readonly lambdaS: readonly number[];
    readonly lambdaR: readonly number[];
    readonly lr: readonly number[];
  };
  readonly ir: Experiment;
}

interface ResultInput {
  readonly program: TrainerProgram;
  readonly code: string;
  readonly epochs: number;
  readonly backend: string;
  readonly state: TrainingState;
  readonly seconds: number;
  readonly status: RunStatus;
  readonly message?: string;
}

export function buildResult(input: ResultInput): ResultFile {
  const { program, epochs, state } = input;
  const experiment = program.experiment;
  const last = state.evaluations[state.evaluations.length - 1];
  const ts = Array.from({ length: epochs }, (_, t) => t);
  const warnings = runWarnings(state.curves, experiment.network.output.units);
  return {
    format: 'mtl-result',
    version: 1,
    status: input.status,
    ...(input.message === undefined ? {} : { message: input.message }),
    experiment: experiment.name,
    hash: experiment.hash,
    code: input.code,
    source: program.source,
    seed: experiment.train.seed,
    dataSeed: experiment.data.seed,
    backend: input.backend,
    epochs,
    epochsCompleted: state.position.epoch,
    stepsTaken: state.stepsTaken,
    skipBelow: experiment.train.skipBelow ?? null,
    stepsSkipped: state.stepsSkipped,
    supervisedSteps: state.stepCounts?.supervised ?? null,
    reconstructionSteps: state.stepCounts?.reconstruction ?? null,
    samplesPerSecond:
      input.seconds > 0
        ? (state.position.epoch * (experiment.data.labeled + experiment.data.unlabeled)) / input.seconds
        : null,
    seconds: input.seconds,
    final: last ? { validationError: last.validationError, testError: last.testError } : null,
    evaluations: state.evaluations,
    lossExploded: warnings.some((w) => w.code === 'exploding-loss'),
    warnings,
    schedule: {
      lambdaS: ts.map((t) => program.supervisedWeight(t, epochs)),
      lambdaR: ts.map((t) => program.reconstructionWeight(t, epochs)),
      lr: ts.map((t) => program.learningRate(t, epochs)),
    },
    ir: experiment,
  };
}

export function runWarnings(curves: readonly CurveRow[], classes: number): RunWarning[] {
  const exploded = explodingLoss(curves, classes);
  return exploded ? [exploded] : [];
}

export function writeResult(runDir: string, result: ResultFile): void {
  writeJsonAtomic(path.join(runDir, RESULT_FILE), result);
}

const CSV_COLUMNS = [
  'epoch',
  'lambda_s',
  'lambda_r',
  'lr',
  'loss_supervised',
  'loss_reconstruction',
  'validation_error',
  'test_error',
] as const;

const cell = (value: number | null) => (value === null ? '' : String(value));

function curvesCsv(rows: readonly CurveRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.epoch,
        row.lambdaS,
        row.lambdaR,
        row.lr,
        row.supervisedLoss,
        row.reconstructionLoss,
        row.validationError,
        row.testError,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function writeCurves(runDir: string, rows: readonly CurveRow[]): void {
  writeFileAtomic(path.join(runDir, CURVES_FILE), curvesCsv(rows));
}

// result.json and curves.csv of a run folder.
import path from 'node:path';
import type { Experiment } from '../../ir/types.js';
import type { TrainerProgram } from '../program.js';
import type { CurveRow, Evaluation, TrainingState } from '../train/state.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';

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
  /** T (after any --epochs override). */
  readonly epochs: number;
  readonly epochsCompleted: number;
  readonly stepsTaken: number;
  /** `skip below EPS` (null when not set) and the steps it dropped. */
  readonly skipBelow: number | null;
  readonly stepsSkipped: number;
  /** Training wall time over every session of the run (resumes included), evaluation included. */
  readonly seconds: number;
  /** The last evaluation's errors (fractions). */
  readonly final: { readonly validationError: number | null; readonly testError: number | null } | null;
  readonly evaluations: readonly Evaluation[];
  /** λ_s(t), λ_r(t) and lr(t) per epoch t, as used. */
  readonly schedule: {
    readonly lambdaS: readonly number[];
    readonly lambdaR: readonly number[];
    readonly lr: readonly number[];
  };
  readonly ir: Experiment;
}

export interface ResultInput {
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
    seconds: input.seconds,
    final: last ? { validationError: last.validationError, testError: last.testError } : null,
    evaluations: state.evaluations,
    schedule: {
      lambdaS: ts.map((t) => program.supervisedWeight(t, epochs)),
      lambdaR: ts.map((t) => program.reconstructionWeight(t, epochs)),
      lr: ts.map((t) => program.learningRate(t, epochs)),
    },
    ir: experiment,
  };
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

export function curvesCsv(rows: readonly CurveRow[]): string {
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

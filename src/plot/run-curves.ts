// What a learning-curves chart needs from a run folder: curves.csv (one row per
// epoch: losses, and the errors at the epochs it evaluated) and, when the run
// got far enough to write it, result.json (the experiment's name and status).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CURVES_FILE, RESULT_FILE, type ResultFile } from '../runtime/io/results.js';

export interface CurvePoint {
  /** Epochs trained when the value was taken (curves.csv's epoch t + 1). */
  readonly epoch: number;
  readonly supervisedLoss: number | null;
  readonly reconstructionLoss: number | null;
  /** Fractions; null at epochs without an evaluation. */
  readonly validationError: number | null;
  readonly testError: number | null;
}

export interface RunCurves {
  /** The legend entry: the experiment's name, or the folder's when result.json is missing. */
  readonly label: string;
  readonly folder: string;
  readonly status: string | null;
  readonly points: readonly CurvePoint[];
}

type RunCurvesRead =
  | { readonly ok: true; readonly curves: RunCurves }
  | { readonly ok: false; readonly message: string };

const COLUMNS = [
  'epoch',
  'loss_supervised',
  'loss_reconstruction',
  'validation_error',
  'test_error',
] as const;

function cell(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Parses curves.csv by its header, so added columns do not break old readers. */
export function parseCurvesCsv(text: string): CurvePoint[] | string {
  const lines = text.split('\n').filter((line) => line !== '');
  const header = (lines[0] ?? '').split(',');
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const missing = COLUMNS.filter((c) => at[c] < 0);
  if (missing.length > 0)
    return `${CURVES_FILE} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      epoch: (cell(cells[at.epoch]) ?? 0) + 1,
      supervisedLoss: cell(cells[at.loss_supervised]),
      reconstructionLoss: cell(cells[at.loss_reconstruction]),
      validationError: cell(cells[at.validation_error]),
      testError: cell(cells[at.test_error]),
    };
  });
}

export function readRunCurves(runDir: string): RunCurvesRead {
  const folder = path.basename(path.resolve(runDir));
  const csvFile = path.join(runDir, CURVES_FILE);
  if (!existsSync(csvFile))
    return { ok: false, message: `no ${CURVES_FILE} (not a run folder, or no epoch finished yet)` };
  const points = parseCurvesCsv(readFileSync(csvFile, 'utf8'));
  if (typeof points === 'string') return { ok: false, message: points };
  let label = folder;
  let status: string | null = null;
  const resultFile = path.join(runDir, RESULT_FILE);
  if (existsSync(resultFile)) {
    try {
      const result = JSON.parse(readFileSync(resultFile, 'utf8')) as Partial<ResultFile>;
      if (typeof result.experiment === 'string') label = result.experiment;
      if (typeof result.status === 'string') status = result.status;
    } catch {
      return { ok: false, message: `${RESULT_FILE} is not valid JSON` };
    }
  }
  return { ok: true, curves: { label, folder, status, points } };
}

/** Runs of the same experiment (a resumed copy, another T) are told apart by their folders. */
export function distinctLabels(runs: readonly RunCurves[]): RunCurves[] {
  const count = new Map<string, number>();
  for (const run of runs) count.set(run.label, (count.get(run.label) ?? 0) + 1);
  return runs.map((run) => (count.get(run.label)! > 1 ? { ...run, label: run.folder } : run));
}

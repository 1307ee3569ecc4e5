// Sweep reports built by hand (src/sweep/report/model.ts): tests of what is drawn or
// written from a report, without training its runs.
import type {
  Report,
  ReportAxisValue,
  ReportCell,
  ReportRow,
  ReportTable,
  RoleResult,
} from '../../src/sweep/report/model.js';
import type { PairedDifference } from '../../src/sweep/report/stats.js';

export const at = (name: string, label: string, index = 0): ReportAxisValue => ({
  name,
  label,
  written: label,
  index,
});

export function role(
  kind: RoleResult['role'],
  runIds: readonly string[],
  steps: RoleResult['steps'] = { supervised: null, reconstruction: null },
): RoleResult {
  return {
    role: kind,
    runIds,
    status: { done: runIds.length },
    complete: true,
    error: null,
    steps,
  };
}

/** A difference in points; with an interval when low and high are given. */
export function diff(mean: number, low: number | null = null, high: number | null = null): PairedDifference {
  return {
    n: low === null ? 1 : 3,
    mean,
    std: low === null ? null : 1,
    values: [mean],
    low,
    high,
    excludesZero: low === null || high === null ? null : low > 0 || high < 0,
  };
}

export function cell(
  coords: readonly ReportAxisValue[],
  column: string,
  minusBaseline: PairedDifference | null,
  control: { readonly runs: readonly string[]; readonly vsBaseline: PairedDifference | null } | null = null,
): ReportCell {
  return {
    key: coords.map((c) => `${c.name}=${c.label}`).join(', '),
    column,
    coords,
    mtl: role('mtl', [`m-${column}`]),
    baseline: role('baseline', ['b']),
    control: control && role('control', control.runs),
    minusBaseline,
    minusControl: null,
    controlMinusBaseline: control?.vsBaseline ?? null,
  };
}

export function row(label: string, cells: readonly ReportCell[], shared: boolean): ReportRow {
  return { label, cells, sharedControl: shared ? cells[0]! : null };
}

export function table(coords: readonly ReportAxisValue[], rows: readonly ReportRow[]): ReportTable {
  return { title: coords.map((c) => `${c.name} = ${c.label}`).join(' · '), coords, baseline: null, rows };
}

export function report(tables: readonly ReportTable[], names: readonly string[]): Report {
  return {
    format: 'mtl-report',
    version: 1,
    sweep: 'hand',
    source: 'hand.mtl',
    base: 'nn1_exp40',
    repeat: 3,
    protocol: { epochs: [10], specEpochs: [5000], shortened: true, limit: null },
    unit: 'percentage points of test error',
    interval: { level: 0.95, method: 'Student t on paired differences (n − 1 df), paired by repeat' },
    axes: { tables: names, rows: 'unlabeled', columns: 'weights', fixed: [] },
    columns: ['stairs(100)', 'exp(40)'],
    hasControl: true,
    runs: { done: 10 },
    tables,
  };
}

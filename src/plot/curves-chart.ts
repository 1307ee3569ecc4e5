// Learning curves of one or more runs: validation and test error (in %) at the
// evaluated epochs, and the epoch-mean losses J_s and J_r, against epochs trained.
// Colour tells the runs apart, the dash pattern the curves.
import type { TopLevelSpec } from 'vega-lite';
import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { CurvePoint, RunCurves } from './run-curves.js';
import { simplifySeries } from './simplify.js';
import { PLOT_CONFIG } from './theme.js';

export const CURVE_NAMES = {
  validation: 'validation error',
  test: 'test error',
  supervised: 'J_s (supervised loss)',
  reconstruction: 'J_r (reconstruction loss)',
} as const;

interface Row {
  readonly run: string;
  readonly curve: string;
  readonly panel: 'error' | 'loss';
  readonly epoch: number;
  readonly value: number;
}

function errorRows(run: RunCurves, key: 'validationError' | 'testError', curve: string): Row[] {
  // Evaluations are few (every N epochs); every one is drawn as it is.
  return run.points.flatMap((p) => {
    const value = p[key];
    return value === null
      ? []
      : [{ run: run.label, curve, panel: 'error' as const, epoch: p.epoch, value: value * 100 }];
  });
}

function lossRows(run: RunCurves, key: 'supervisedLoss' | 'reconstructionLoss', curve: string): Row[] {
  // Losses are drawn on a log scale, so only positive values, simplified in log space.
  const points = run.points
    .filter((p): p is CurvePoint & Record<typeof key, number> => p[key] !== null && p[key]! > 0)
    .map((p) => ({ x: p.epoch, y: Math.log10(p[key]), value: p[key] }));
  return simplifySeries(points, 1e-3).map((p) => ({
    run: run.label,
    curve,
    panel: 'loss' as const,
    epoch: p.x,
    value: p.value,
  }));
}

function panel(which: Row['panel'], runs: readonly string[]): NonNormalizedSpec {
  const error = which === 'error';
  return {
    transform: [{ filter: { field: 'panel', equal: which } }],
    mark: { type: 'line', point: error ? { size: 16, filled: true } : false },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epochs trained' },
      y: {
        field: 'value',
        type: 'quantitative',
        title: error ? 'error (%)' : 'loss (epoch mean)',
        ...(error ? { scale: { zero: false } } : { scale: { type: 'log' } }),
      },
      color: {
        field: 'run',
        type: 'nominal',
        title: 'run',
        scale: { domain: [...runs] },
        legend: { symbolType: 'stroke' },
      },
      strokeDash: {
        field: 'curve',
        type: 'nominal',
        title: 'curve',
        legend: { symbolType: 'stroke', symbolStrokeColor: '#555' },
        scale: {
          domain: Object.values(CURVE_NAMES),
          range: [
            [1, 0],
            [6, 3],
            [1, 0],
            [2, 2],
          ],
        },
      },
      detail: { field: 'curve' },
    },
  };
}

export interface CurvesChartOptions {
  readonly title?: string;
}

export function curvesChart(runs: readonly RunCurves[], options: CurvesChartOptions = {}): TopLevelSpec {
  const rows = runs.flatMap((run) => [
    ...errorRows(run, 'validationError', CURVE_NAMES.validation),
    ...errorRows(run, 'testError', CURVE_NAMES.test),
    ...lossRows(run, 'supervisedLoss', CURVE_NAMES.supervised),
    ...lossRows(run, 'reconstructionLoss', CURVE_NAMES.reconstruction),
  ]);
  const labels = runs.map((r) => r.label);
  return {
    ...(options.title === undefined ? {} : { title: options.title }),
    data: { values: rows },
    hconcat: [panel('error', labels), panel('loss', labels)],
    config: PLOT_CONFIG,
  };
}

// Fig. 1 of the paper: the importance weights λ_s(t) and λ_r(t) over the epochs,
// one colour per schedule, one panel per quantity (lr(t) in a third on request).
import type { TopLevelSpec } from 'vega-lite';
import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import { simplifySeries } from './simplify.js';
import { PLOT_CONFIG } from './theme.js';

export interface ScheduleSeries {
  /** The legend entry, e.g. `exp(40)` or `nn1_exp40: exp(40)`. */
  readonly label: string;
  /** Values at t = 0…T−1. */
  readonly lambdaS: ArrayLike<number>;
  readonly lambdaR: ArrayLike<number>;
  readonly lr?: ArrayLike<number>;
}

export interface WeightsChartOptions {
  /** Add an lr(t) panel (series without lr are left out of it). */
  readonly lr?: boolean;
  /** Draw t = 0…until−1 only (the schedules of the paper change in the first few hundred epochs). */
  readonly until?: number;
  readonly title?: string;
}

interface Row {
  readonly series: string;
  readonly quantity: string;
  readonly t: number;
  readonly value: number;
}

const QUANTITIES = { lambdaS: 'λ_s(t)', lambdaR: 'λ_r(t)', lr: 'lr(t)' } as const;

function rows(series: readonly ScheduleSeries[], withLr: boolean, until: number): Row[] {
  const out: Row[] = [];
  for (const s of series) {
    const parts: [string, ArrayLike<number> | undefined][] = [
      [QUANTITIES.lambdaS, s.lambdaS],
      [QUANTITIES.lambdaR, s.lambdaR],
    ];
    if (withLr) parts.push([QUANTITIES.lr, s.lr]);
    for (const [quantity, values] of parts) {
      if (!values) continue;
      const points = Array.from({ length: Math.min(until, values.length) }, (_, x) => ({ x, y: values[x]! }));
      for (const p of simplifySeries(points)) out.push({ series: s.label, quantity, t: p.x, value: p.y });
    }
  }
  return out;
}

function panel(quantity: string, labels: readonly string[], unit: boolean): NonNormalizedSpec {
  return {
    transform: [{ filter: { field: 'quantity', equal: quantity } }],
    mark: { type: 'line', interpolate: 'linear' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'epoch t' },
      y: {
        field: 'value',
        type: 'quantitative',
        title: quantity,
        ...(unit ? { scale: { domain: [0, 1] } } : {}),
      },
      color: { field: 'series', type: 'nominal', title: 'schedule', scale: { domain: [...labels] } },
    },
  };
}

export function weightsChart(
  series: readonly ScheduleSeries[],
  options: WeightsChartOptions = {},
): TopLevelSpec {
  const labels = series.map((s) => s.label);
  const withLr = options.lr === true;
  const panels = [panel(QUANTITIES.lambdaS, labels, true), panel(QUANTITIES.lambdaR, labels, true)];
  if (withLr) panels.push(panel(QUANTITIES.lr, labels, false));
  return {
    ...(options.title === undefined ? {} : { title: options.title }),
    data: { values: rows(series, withLr, options.until ?? Number.POSITIVE_INFINITY) },
    hconcat: panels,
    config: PLOT_CONFIG,
  };
}

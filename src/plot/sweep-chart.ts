// Table 1 as a chart: for each network and labeled size l (one panel each), the
// test error minus the baseline's against the number of unlabeled examples u,
// a line per schedule plus the control (dashed), the repeat interval as a band.
// Below zero the method helps. Built from plain rows, so any report can feed it.
import type { TopLevelSpec } from 'vega-lite';
import { PLOT_CONFIG, SERIES_COLOURS } from './theme.js';

/** The series name of the control run (same batches, no reconstruction). */
export const CONTROL_SERIES = 'control';
const CONTROL_COLOUR = '#444444';

export interface SweepChartRow {
  /** The network's name, e.g. `nn1`. */
  readonly network: string;
  /** l, labeled examples. */
  readonly labeled: number;
  /** u, unlabeled examples (the x axis). */
  readonly unlabeled: number;
  /** The schedule (e.g. `exp(40)`), or CONTROL_SERIES. */
  readonly series: string;
  /** Test error minus the baseline's test error, as a fraction (−0.012: 1.2 points better). */
  readonly diff: number;
  /** The interval of diff over the repeats (fractions); null or absent with one repeat. */
  readonly lo?: number | null;
  readonly hi?: number | null;
  /** The panel's title when more than network and l tell panels apart (default `nn1, l = 100`). */
  readonly panel?: string;
}

export interface SweepChartOptions {
  readonly title?: string;
  /** Panels per row (default 3). */
  readonly columns?: number;
}

function panelName(row: SweepChartRow): string {
  return row.panel ?? `${row.network}, l = ${row.labeled}`;
}

export function sweepChart(rows: readonly SweepChartRow[], options: SweepChartOptions = {}): TopLevelSpec {
  // Orders of first appearance: the report's order of schedules and of panels.
  const series = [...new Set(rows.map((r) => r.series))];
  const schedules = series.filter((s) => s !== CONTROL_SERIES);
  const domain = series.includes(CONTROL_SERIES) ? [...schedules, CONTROL_SERIES] : schedules;
  const colours = domain.map((s, i) =>
    s === CONTROL_SERIES ? CONTROL_COLOUR : SERIES_COLOURS[i % SERIES_COLOURS.length]!,
  );
  const panels = [...new Set(rows.map(panelName))];
  const values = rows.map((r) => ({
    panel: panelName(r),
    series: r.series,
    u: r.unlabeled,
    diff: r.diff * 100,
    lo: r.lo === undefined || r.lo === null ? null : r.lo * 100,
    hi: r.hi === undefined || r.hi === null ? null : r.hi * 100,
  }));
  const x = {
    field: 'u',
    type: 'ordinal' as const,
    title: 'unlabeled examples u',
    sort: 'ascending' as const,
    axis: { labelAngle: 0 },
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: 'schedule',
    scale: { domain, range: colours },
    legend: { symbolType: 'stroke' },
  };
  const strokeDash = {
    field: 'series',
    type: 'nominal' as const,
    title: 'schedule',
    scale: { domain, range: domain.map((s) => (s === CONTROL_SERIES ? [5, 3] : [1, 0])) },
    legend: { symbolType: 'stroke' },
  };
  return {
    ...(options.title === undefined ? {} : { title: options.title }),
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels },
    columns: options.columns ?? 3,
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 260,
      height: 200,
      layer: [
        {
          mark: { type: 'rule', color: '#999', strokeWidth: 1 },
          encoding: { y: { datum: 0 } },
        },
        {
          transform: [
            { filter: 'isValid(datum.lo) && isValid(datum.hi)' },
            // A field of its own: vega-lite merges the legends of channels that share a field.
            { calculate: 'datum.series', as: 'band' },
          ],
          mark: { type: 'area', opacity: 0.18 },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative' },
            y2: { field: 'hi' },
            // fill, not color: a band of its own scale stays out of the lines' legend (its opacity would fade it).
            fill: { field: 'band', type: 'nominal', scale: { domain, range: colours }, legend: null },
          },
        },
        {
          mark: { type: 'line', point: { size: 20, filled: true } },
          encoding: {
            x,
            y: { field: 'diff', type: 'quantitative', title: 'test error − baseline (points)' },
            color,
            strokeDash,
          },
        },
      ],
    },
    config: PLOT_CONFIG,
  };
}

// What the report's charts draw, from the report and its runs' experiments:
// the sweep chart's rows (differences against u) and Fig. 1's schedules
// (λ_s, λ_r of each schedule the sweep's MTL runs use, over the T they ran).
import { evaluateSeries } from '../../check/schedules.js';
import type { Experiment } from '../../ir/types.js';
import type { SweepChartRow } from '../../plot/sweep-chart.js';
import type { ScheduleSeries } from '../../plot/weights-chart.js';
import { scheduleText } from '../../plot/weights-source.js';
import type { StoredUse } from '../store/result-store.js';
import { type ChartBase, sweepChartRows } from './chart-rows.js';
import type { Report } from './model.js';

interface ReportFigures {
  readonly rows: readonly SweepChartRow[];
  readonly schedules: readonly ScheduleSeries[];
}

/** The base's network, l and u: an MTL run's (a sweep varies other settings of its base, not these). */
function chartBase(mtl: Experiment | undefined): ChartBase {
  return {
    network: mtl?.network.name ?? 'network',
    labeled: mtl?.data.labeled ?? 0,
    unlabeled: mtl?.data.unlabeled ?? 0,
  };
}

export function reportFigures(
  report: Report,
  uses: readonly StoredUse[],
  experiments: ReadonlyMap<string, Experiment>,
): ReportFigures {
  const mtlUses = uses.filter((u) => u.role === 'mtl' && experiments.has(u.runId));
  const first = mtlUses[0];
  const rows = sweepChartRows(report, chartBase(first && experiments.get(first.runId)));
  // One series per column (schedule), from the first of its MTL runs, over that run's T.
  const schedules: ScheduleSeries[] = [];
  const seen = new Set<string>();
  for (const cell of report.tables.flatMap((t) => t.rows.flatMap((r) => r.cells))) {
    const use = mtlUses.find((u) => u.cell === cell.key);
    const experiment = use && experiments.get(use.runId);
    if (!use || !experiment || seen.has(cell.column)) continue;
    seen.add(cell.column);
    const schedule = experiment.weights.schedule;
    schedules.push({
      // Schedules not varied: the base's, by name.
      label: report.axes.columns !== null ? cell.column : schedule ? scheduleText(schedule) : experiment.name,
      lambdaS: evaluateSeries(experiment.weights.supervised, use.epochs),
      lambdaR: evaluateSeries(experiment.weights.reconstruction, use.epochs),
    });
  }
  return { rows, schedules };
}

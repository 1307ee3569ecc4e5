// `mtl report --format html`: everything the page shows, gathered from the store
// (report, runs, their experiments), the charts drawn, the page rendered.
import { renderSvg } from '../../plot/render.js';
import { sweepChart } from '../../plot/sweep-chart.js';
import { weightsChart } from '../../plot/weights-chart.js';
import type { ResultStore, StoredSweep, StoredUse } from '../store/result-store.js';
import { buildReport } from './build-report.js';
import { reportFigures } from './figures.js';
import { machineInfo } from './machine.js';
import type { Report } from './model.js';
import { type RunLine, renderHtml } from './render-html.js';
import { runExperiments } from './run-experiments.js';

interface SweepCharts {
  readonly report: Report;
  readonly uses: readonly StoredUse[];
  /** null when no cell has a number yet. */
  readonly sweepChart: string | null;
  /** null when no MTL run's schedule is known. */
  readonly weightsChart: string | null;
  /** Points drawn on the sweep chart. */
  readonly points: number;
  /** Schedules drawn on Fig. 1. */
  readonly schedules: number;
}

/** The report of the sweep and its two charts as SVG. */
export async function sweepCharts(store: ResultStore, sweep: StoredSweep): Promise<SweepCharts> {
  const uses = store.sweepUses(sweep.id);
  const report = buildReport(sweep, uses);
  const figures = reportFigures(report, uses, runExperiments(store.file, sweep.id));
  return {
    report,
    uses,
    sweepChart: figures.rows.length === 0 ? null : await renderSvg(sweepChart(figures.rows)),
    weightsChart: figures.schedules.length === 0 ? null : await renderSvg(weightsChart(figures.schedules)),
    points: figures.rows.length,
    schedules: figures.schedules.length,
  };
}

/** `mtl sweep` as it would train this sweep again (resuming from the store). */
function sweepCommandLine(sweep: StoredSweep, storeArg: string): string {
  return [
    'mtl sweep',
    sweep.source,
    `--sweep ${sweep.name}`,
    ...(sweep.epochs === null ? [] : [`--epochs ${sweep.epochs}`]),
    ...(sweep.limit === null ? [] : [`--limit ${sweep.limit}`]),
    `--store ${storeArg}`,
  ].join(' ');
}

/** The whole page; `reportCommand` is the command line that writes it. */
export async function htmlReport(
  store: ResultStore,
  sweep: StoredSweep,
  options: { readonly storeArg: string; readonly reportCommand: string },
): Promise<string> {
  const charts = await sweepCharts(store, sweep);
  const byRun = new Map<string, StoredUse[]>();
  for (const use of charts.uses) byRun.set(use.runId, [...(byRun.get(use.runId) ?? []), use]);
  const stored = new Map(store.listRuns({ sweep: sweep.name }).map((r) => [r.id, r]));
  const runs: RunLine[] = [...byRun].flatMap(([id, uses]) => {
    const run = stored.get(id);
    return run ? [{ run, uses }] : [];
  });
  return renderHtml({
    report: charts.report,
    runs,
    sweepChart: charts.sweepChart,
    weightsChart: charts.weightsChart,
    machine: machineInfo(),
    commands: [sweepCommandLine(sweep, options.storeArg), options.reportCommand],
  });
}

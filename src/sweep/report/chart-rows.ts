// The report's differences as rows of the sweep chart: a point per cell (its
// schedule's error minus its baseline's at its u) and a control point per row
// whose cells share one control. Cells without a number (runs missing,
// running, failed) have no point: the chart never draws a gap as a value.
import { CONTROL_SERIES, type SweepChartRow } from '../../plot/sweep-chart.js';
import type { Report, ReportAxisValue, ReportCell } from './model.js';
import type { PairedDifference } from './stats.js';

/** What the cells do not say because the sweep does not vary it: the base experiment's. */
export interface ChartBase {
  readonly network: string;
  readonly labeled: number;
  readonly unlabeled: number;
}

const NETWORK = 'network';
const LABELED = 'labeled';
const UNLABELED = 'unlabeled';

function numberAt(coords: readonly ReportAxisValue[], name: string): number | undefined {
  const at = coords.find((c) => c.name === name);
  return at === undefined ? undefined : Number(at.label);
}

/** Differences are in points in the report and fractions in the chart. */
function point(d: PairedDifference): Pick<SweepChartRow, 'diff' | 'lo' | 'hi'> {
  return {
    diff: d.mean / 100,
    lo: d.low === null ? null : d.low / 100,
    hi: d.high === null ? null : d.high / 100,
  };
}

export function sweepChartRows(report: Report, base: ChartBase): SweepChartRow[] {
  const rows: SweepChartRow[] = [];
  for (const table of report.tables) {
    // Settings other than network and l that split tables (train.seed, lr…) name the panel too.
    const others = table.coords.filter((c) => c.name !== NETWORK && c.name !== LABELED);
    const place = (cell: ReportCell) => {
      const network = cell.coords.find((c) => c.name === NETWORK)?.label ?? base.network;
      const labeled = numberAt(cell.coords, LABELED) ?? base.labeled;
      const panel =
        others.length === 0
          ? {}
          : {
              panel: [`${network}, l = ${labeled}`, ...others.map((c) => `${c.name} = ${c.label}`)].join(
                ', ',
              ),
            };
      return { network, labeled, unlabeled: numberAt(cell.coords, UNLABELED) ?? base.unlabeled, ...panel };
    };
    for (const row of table.rows) {
      for (const cell of row.cells) {
        if (cell.minusBaseline)
          rows.push({ ...place(cell), series: cell.column, ...point(cell.minusBaseline) });
      }
      const shared = row.sharedControl;
      if (shared?.controlMinusBaseline) {
        rows.push({ ...place(shared), series: CONTROL_SERIES, ...point(shared.controlMinusBaseline) });
      }
    }
  }
  return rows;
}

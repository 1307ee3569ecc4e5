// A sweep's report from what the store holds: Table 1's layout — a table per
// value of the other varied settings (labeled size, network…), a row per
// unlabeled size, a column per schedule — each cell against its own baseline
// and control, paired by repeat.
import type { Role } from '../plan-types.js';
import type { StoredStatus, StoredSweep, StoredUse } from '../store/result-store.js';
import type {
  Report,
  ReportAxisValue,
  ReportCell,
  ReportRow,
  ReportTable,
  RoleResult,
  StatusCounts,
} from './model.js';
import { pairedDifference, summarize } from './stats.js';

const ROW_PATH = 'data.unlabeled';
const COLUMN_PATH = 'weights';

function countStatuses(statuses: readonly StoredStatus[]): StatusCounts {
  const counts: Partial<Record<StoredStatus, number>> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

function roleResult(role: Role, uses: readonly StoredUse[], repeat: number): RoleResult {
  const sorted = [...uses].sort((a, b) => a.repeat - b.repeat);
  const done = sorted.filter((u) => u.status === 'done' && u.testError !== null);
  const complete = sorted.length === repeat && done.length === repeat;
  const numbers = (pick: (u: StoredUse) => number | null) =>
    done.map(pick).filter((v): v is number => v !== null);
  return {
    role,
    runIds: sorted.map((u) => u.runId),
    status: countStatuses(sorted.map((u) => u.status)),
    complete,
    error: complete ? summarize(done.map((u) => u.testError! * 100)) : null,
    steps: {
      supervised: mean(numbers((u) => u.supervisedSteps)),
      reconstruction: mean(numbers((u) => u.reconstructionSteps)),
    },
  };
}

function difference(a: RoleResult | null, b: RoleResult | null) {
  return a?.error && b?.error ? pairedDifference(a.error.values, b.error.values) : null;
}

const sameRuns = (a: RoleResult | null, b: RoleResult | null) =>
  a !== null && b !== null && a.runIds.join() === b.runIds.join();

export function buildReport(sweep: StoredSweep, uses: readonly StoredUse[]): Report {
  const dims = sweep.dimensions;
  const varied = dims.filter((d) => d.labels.length > 1);
  const columnDim = varied.find((d) => d.path === COLUMN_PATH) ?? null;
  const rowDim = varied.find((d) => d.path === ROW_PATH) ?? null;
  const tableDims = varied.filter((d) => d !== columnDim && d !== rowDim);
  const axis = (use: StoredUse, path: string): ReportAxisValue => {
    const c = use.coords.find((x) => x.path === path)!;
    const written = dims.find((d) => d.path === path)!.labels[c.index]!;
    return { name: c.name, label: c.label, written, index: c.index };
  };

  // Cells in plan order, each with its uses by role.
  const cells = new Map<string, Map<Role, StoredUse[]>>();
  for (const use of uses) {
    const roles = cells.get(use.cell) ?? new Map<Role, StoredUse[]>();
    cells.set(use.cell, roles);
    roles.set(use.role, [...(roles.get(use.role) ?? []), use]);
  }
  const tables = new Map<string, { coords: ReportAxisValue[]; rows: Map<number, ReportCell[]> }>();
  for (const [key, roles] of cells) {
    const first = roles.get('mtl')![0]!;
    const tableCoords = tableDims.map((d) => axis(first, d.path));
    const tableKey = tableCoords.map((c) => c.index).join('.');
    const table = tables.get(tableKey) ?? { coords: tableCoords, rows: new Map<number, ReportCell[]>() };
    tables.set(tableKey, table);
    const rowIndex = rowDim ? axis(first, rowDim.path).index : 0;
    const mtl = roleResult('mtl', roles.get('mtl') ?? [], sweep.repeat);
    const baseline = roles.has('baseline')
      ? roleResult('baseline', roles.get('baseline')!, sweep.repeat)
      : null;
    const control = roles.has('control') ? roleResult('control', roles.get('control')!, sweep.repeat) : null;
    const cell: ReportCell = {
      key,
      column: columnDim ? axis(first, columnDim.path).label : 'mtl',
      coords: first.coords.map((c) => axis(first, c.path)),
      mtl,
      baseline,
      control,
      minusBaseline: difference(mtl, baseline),
      minusControl: difference(mtl, control),
      controlMinusBaseline: difference(control, baseline),
    };
    table.rows.set(rowIndex, [...(table.rows.get(rowIndex) ?? []), cell]);
  }

  const reportTables: ReportTable[] = [...tables.values()].map(({ coords, rows }) => {
    const all = [...rows.values()].flat();
    const baseline = all.every((c) => sameRuns(c.baseline, all[0]!.baseline)) ? all[0]!.baseline : null;
    const reportRows: ReportRow[] = [...rows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, rowCells]) => {
        const at = rowDim ? rowCells[0]!.coords.find((c) => c.name === rowDim.name)! : null;
        const label = at === null ? '' : at.label === at.written ? at.label : `${at.label} (${at.written})`;
        const shared = rowCells.every((c) => sameRuns(c.control, rowCells[0]!.control)) ? rowCells[0]! : null;
        return { label, cells: rowCells, sharedControl: shared?.control ? shared : null };
      });
    return {
      title: coords.length > 0 ? coords.map((c) => `${c.name} = ${c.label}`).join(' · ') : sweep.name,
      coords,
      baseline,
      rows: reportRows,
    };
  });

  const byRun = new Map(uses.map((u) => [u.runId, u]));
  const distinct = [...byRun.values()];
  const sample = uses[0];
  return {
    format: 'mtl-report',
    version: 1,
    sweep: sweep.name,
    source: sweep.source,
    base: sweep.base,
    repeat: sweep.repeat,
    protocol: {
      epochs: [...new Set(distinct.map((u) => u.epochs))],
      specEpochs: [...new Set(distinct.map((u) => u.specEpochs))],
      shortened: sweep.shortened,
      limit: sweep.limit,
    },
    unit: 'percentage points of test error',
    interval: { level: 0.95, method: 'Student t on paired differences (n − 1 df), paired by repeat' },
    axes: {
      tables: tableDims.map((d) => d.name),
      rows: rowDim?.name ?? null,
      columns: columnDim?.name ?? null,
      fixed: sample ? dims.filter((d) => d.labels.length === 1).map((d) => axis(sample, d.path)) : [],
    },
    columns: columnDim ? [...columnDim.labels] : ['mtl'],
    hasControl: sweep.hasControl,
    runs: countStatuses(distinct.map((u) => u.status)),
    tables: reportTables,
  };
}

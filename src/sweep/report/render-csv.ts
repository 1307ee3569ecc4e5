// The report as CSV: one line per cell with every number (absolute errors,
// differences with their intervals, step counts), for spreadsheets and plots.
import type { Report, ReportCell, RoleResult } from './model.js';
import type { PairedDifference } from './stats.js';

const COLUMNS = [
  'sweep',
  'table',
  'row',
  'column',
  'cell',
  'status',
  'repeats',
  'epochs',
  'shortened',
  'error_mean',
  'error_std',
  'baseline_mean',
  'baseline_std',
  'control_mean',
  'control_std',
  'minus_baseline_mean',
  'minus_baseline_std',
  'minus_baseline_low',
  'minus_baseline_high',
  'minus_baseline_excludes_zero',
  'minus_control_mean',
  'minus_control_std',
  'minus_control_low',
  'minus_control_high',
  'minus_control_excludes_zero',
  'control_minus_baseline_mean',
  'control_minus_baseline_low',
  'control_minus_baseline_high',
  'mtl_supervised_steps',
  'mtl_reconstruction_steps',
  'baseline_supervised_steps',
  'baseline_reconstruction_steps',
  'control_supervised_steps',
  'control_reconstruction_steps',
] as const;

function quote(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function status(cell: ReportCell): string {
  const roles = [cell.mtl, cell.baseline, cell.control].filter((r): r is RoleResult => r !== null);
  if (roles.every((r) => r.complete)) return 'done';
  const all: Record<string, number> = {};
  for (const r of roles) for (const [s, n] of Object.entries(r.status)) all[s] = (all[s] ?? 0) + (n ?? 0);
  return Object.entries(all)
    .map(([s, n]) => `${n} ${s}`)
    .join('; ');
}

const diff = (d: PairedDifference | null) => [
  d?.mean ?? null,
  d?.std ?? null,
  d?.low ?? null,
  d?.high ?? null,
  d?.excludesZero ?? null,
];

export function renderCsv(report: Report): string {
  const lines = [COLUMNS.join(',')];
  for (const table of report.tables) {
    for (const row of table.rows) {
      for (const cell of row.cells) {
        const values = [
          report.sweep,
          table.title,
          row.label,
          cell.column,
          cell.key,
          status(cell),
          report.repeat,
          report.protocol.epochs.join(' '),
          report.protocol.shortened,
          cell.mtl.error?.mean ?? null,
          cell.mtl.error?.std ?? null,
          cell.baseline?.error?.mean ?? null,
          cell.baseline?.error?.std ?? null,
          cell.control?.error?.mean ?? null,
          cell.control?.error?.std ?? null,
          ...diff(cell.minusBaseline),
          ...diff(cell.minusControl),
          cell.controlMinusBaseline?.mean ?? null,
          cell.controlMinusBaseline?.low ?? null,
          cell.controlMinusBaseline?.high ?? null,
          cell.mtl.steps.supervised,
          cell.mtl.steps.reconstruction,
          cell.baseline?.steps.supervised ?? null,
          cell.baseline?.steps.reconstruction ?? null,
          cell.control?.steps.supervised ?? null,
          cell.control?.steps.reconstruction ?? null,
        ];
        lines.push(values.map(quote).join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export const CSV_COLUMNS = COLUMNS;

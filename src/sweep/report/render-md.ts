// The report as Markdown: the paper's Table 1 layout (errors minus each cell's
// baseline), the control column and a table against the control, and the
// step counts as footnote lines.
import { differenceText, gapText, summaryText } from './cell-text.js';
import type { Report, ReportCell, ReportRow, ReportTable, RoleResult } from './model.js';

const count = (n: number) => n.toLocaleString('en-US');

function steps(role: RoleResult | null): string {
  if (!role || role.steps.supervised === null) return '-';
  const r = (v: number | null) => (v === null ? '-' : count(Math.round(v)));
  return `${r(role.steps.supervised)}/${r(role.steps.reconstruction)}`;
}

/** The prose around the tables as plain text, shared by the Markdown and HTML renderers. */
interface ReportNotes {
  /** The protocol: after `Shortened protocol: ` when shortened, else a sentence of its own. */
  readonly protocol: string;
  readonly shortened: boolean;
  /** --limit, settings the same in every cell, the runs by status. */
  readonly details: readonly string[];
  /** How to read a cell. */
  readonly reading: string;
}

export function reportNotes(report: Report): ReportNotes {
  const { protocol } = report;
  const T = protocol.epochs.join(', ');
  const spec = protocol.specEpochs.join(', ');
  const details: string[] = [];
  if (protocol.limit !== null)
    details.push(`Data limited to the first ${count(protocol.limit)} training and test images (--limit).`);
  if (report.axes.fixed.length > 0)
    details.push(
      `Same in every cell: ${report.axes.fixed.map((f) => `${f.name} = ${f.written}`).join('; ')}.`,
    );
  const statuses = Object.entries(report.runs)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  details.push(
    `Runs: ${Object.values(report.runs).reduce((a, b) => a + (b ?? 0), 0)} distinct (${statuses}).`,
  );
  return {
    shortened: protocol.shortened,
    protocol: protocol.shortened
      ? `T = ${T} epochs for every run (the spec says ${spec}); the numbers are not those of the spec's protocol.`
      : `Protocol: T = ${T} epochs (the spec's).`,
    details,
    reading:
      "Each cell is the test error minus its baseline's, in percentage points (negative = better), as Table 1 prints it" +
      (report.repeat > 1
        ? `; mean ± std over the ${report.repeat} repeats, then the 95 % interval of the paired difference (Student t, paired by repeat) and * where it excludes 0.`
        : '.') +
      ' A cell without its runs says so (missing, running, failed) instead of a number.',
  };
}

/** What the sweep is: spec, base, repeats (with `code` around names as `wrap` marks them). */
export function aboutLine(report: Report, wrap: (name: string) => string = (n) => n): string {
  return `Spec ${wrap(report.source)}, base experiment ${wrap(report.base)}, ${report.repeat} repeat${report.repeat === 1 ? '' : 's'} per cell (repeat k adds k to train.seed and data.seed of every run of the cell).`;
}

function header(report: Report): string[] {
  const notes = reportNotes(report);
  return [
    `# Sweep ${report.sweep}`,
    '',
    aboutLine(report, (name) => `\`${name}\``),
    notes.shortened ? `**Shortened protocol**: ${notes.protocol}` : notes.protocol,
    ...notes.details,
    '',
    notes.reading,
  ];
}

function cellText(
  cell: ReportCell | undefined,
  pick: 'minusBaseline' | 'minusControl' | 'controlMinusBaseline',
): string {
  if (!cell) return '';
  const d = cell[pick];
  if (d) return differenceText(d);
  const roles =
    pick === 'minusBaseline'
      ? [cell.mtl, cell.baseline]
      : pick === 'minusControl'
        ? [cell.mtl, cell.control]
        : [cell.control, cell.baseline];
  return gapText(roles);
}

/** A table of the report as text cells, the same the Markdown and HTML renderers print. */
interface TextGrid {
  /** The row axis's name (`unlabeled`), then the columns (schedules, and `control`). */
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function textGrid(
  report: Report,
  table: ReportTable,
  pick: 'minusBaseline' | 'minusControl',
  withControl: boolean,
): TextGrid {
  const header = [report.axes.rows ?? '', ...report.columns, ...(withControl ? ['control'] : [])];
  const rows = table.rows.map((row) => {
    const cells = report.columns.map((column) =>
      cellText(
        row.cells.find((c) => c.column === column),
        pick,
      ),
    );
    if (withControl)
      cells.push(row.sharedControl ? cellText(row.sharedControl, 'controlMinusBaseline') : 'per cell');
    return [row.label, ...cells];
  });
  return { header, rows };
}

function grid(
  report: Report,
  table: ReportTable,
  pick: 'minusBaseline' | 'minusControl',
  withControl: boolean,
): string[] {
  const { header, rows } = textGrid(report, table, pick, withControl);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---:').join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

export function stepLine(report: Report, table: ReportTable): string {
  const parts: string[] = [];
  if (table.baseline) parts.push(`baseline ${steps(table.baseline)}`);
  for (const row of table.rows) {
    // A control of its own per cell (λ_s kept, `reconstruct.weight 0`) is shown beside its cell.
    const own = (c: ReportCell) => (!row.sharedControl && c.control ? ` (control ${steps(c.control)})` : '');
    const cells = row.cells.map((c) => `${report.axes.columns ? c.column : 'mtl'} ${steps(c.mtl)}${own(c)}`);
    if (row.sharedControl) cells.push(`control ${steps(row.sharedControl.control)}`);
    parts.push(`${report.axes.rows ? `${report.axes.rows} = ${row.label}: ` : ''}${cells.join(', ')}`);
  }
  return `Steps per run (supervised/reconstruction, mean over repeats): ${parts.join(' · ')}.`;
}

export function baselineLine(table: ReportTable): string {
  const b = table.baseline;
  if (!b) return 'Baseline: per cell (its cells do not share one).';
  return b.error
    ? `Baseline (J_s alone): ${summaryText(b.error)} % test error.`
    : `Baseline (J_s alone): ${gapText([b])}.`;
}

export function rowsAgainstControl(rows: readonly ReportRow[]): boolean {
  return rows.some((r) => r.cells.some((c) => c.control !== null));
}

export const AGAINST_CONTROL =
  "Against the control (same data and batches, hence the same supervised steps, without reconstruction): test error minus the control's.";

export function renderMarkdown(report: Report): string {
  const lines = header(report);
  for (const table of report.tables) {
    lines.push('', `## ${table.title}`, '', baselineLine(table), '');
    lines.push(...grid(report, table, 'minusBaseline', report.hasControl));
    if (report.hasControl && rowsAgainstControl(table.rows)) {
      lines.push('', AGAINST_CONTROL, '', ...grid(report, table, 'minusControl', false));
    }
    lines.push('', stepLine(report, table));
  }
  return `${lines.join('\n')}\n`;
}

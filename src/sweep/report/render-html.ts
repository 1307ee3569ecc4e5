// The report as one self-contained HTML page: the tables of the Markdown report
// (the same cell texts), the sweep chart and Fig. 1 as inline SVG, the run
// list, the protocol, the machine and the commands. No scripts and no
// requests (the page's policy forbids them), so it reads the same offline and
// without JavaScript. Pure: the charts come in already drawn.
import {
  escapeHtml,
  htmlDocument,
  htmlParagraph,
  htmlSection,
  htmlTable,
  svgFigure,
} from '../../plot/html.js';
import type { StoredRun, StoredUse } from '../store/result-store.js';
import type { MachineInfo } from './machine.js';
import type { Report, ReportTable } from './model.js';
import {
  AGAINST_CONTROL,
  aboutLine,
  baselineLine,
  reportNotes,
  rowsAgainstControl,
  stepLine,
  textGrid,
} from './render-md.js';

/** A run of the sweep and the (cell, role, repeat) uses it answers, in plan order. */
export interface RunLine {
  readonly run: StoredRun;
  readonly uses: readonly StoredUse[];
}

interface HtmlReportInput {
  readonly report: Report;
  readonly runs: readonly RunLine[];
  /** The sweep chart (SVG), or null when no cell has a number yet. */
  readonly sweepChart: string | null;
  /** Fig. 1 (SVG), or null when no MTL run's schedule is known. */
  readonly weightsChart: string | null;
  readonly machine: MachineInfo;
  /** The command that trains the sweep and the one that wrote this page. */
  readonly commands: readonly string[];
}

function gridTable(report: Report, table: ReportTable, pick: 'minusBaseline' | 'minusControl'): string {
  const withControl = pick === 'minusBaseline' && report.hasControl;
  const grid = textGrid(report, table, pick, withControl);
  return htmlTable({
    caption:
      pick === 'minusBaseline'
        ? "Test error minus the baseline's (percentage points)"
        : "Test error minus the control's (percentage points)",
    columns: grid.header,
    rows: grid.rows,
    numeric: grid.header.map((_, i) => i),
  });
}

function tableSection(report: Report, table: ReportTable): string {
  const parts = [htmlParagraph(baselineLine(table)), gridTable(report, table, 'minusBaseline')];
  if (report.hasControl && rowsAgainstControl(table.rows))
    parts.push(htmlParagraph(AGAINST_CONTROL), gridTable(report, table, 'minusControl'));
  parts.push(htmlParagraph(stepLine(report, table)));
  return htmlSection(table.title, ...parts);
}

const percent = (v: number | null) => (v === null ? null : (v * 100).toFixed(2));

function useText(use: StoredUse): string {
  return `${use.cell} · ${use.role} · repeat ${use.repeat}`;
}

function runTable(runs: readonly RunLine[]): string {
  return htmlTable({
    caption: `${runs.length} distinct run${runs.length === 1 ? '' : 's'}, in plan order`,
    columns: [
      'run',
      'used as',
      'status',
      'labeled',
      'unlabeled',
      'seed',
      'T',
      'backend',
      'test error (%)',
      'steps s/r',
      'seconds',
      'note',
    ],
    rows: runs.map(({ run, uses }) => [
      run.id,
      uses.length === 0
        ? null
        : uses.length === 1
          ? useText(uses[0]!)
          : `${useText(uses[0]!)} (+${uses.length - 1} more)`,
      run.status,
      run.labeled,
      run.unlabeled,
      `${run.trainSeed}/${run.dataSeed}`,
      run.epochs,
      run.backend,
      percent(run.testError),
      run.supervisedSteps === null ? null : `${run.supervisedSteps}/${run.reconstructionSteps ?? '–'}`,
      run.seconds === null ? null : run.seconds.toFixed(1),
      run.message,
    ]),
    numeric: [3, 4, 6, 8, 9, 10],
  });
}

function machineTable(machine: MachineInfo, runs: readonly RunLine[]): string {
  const distinct = (values: readonly (string | null)[]) =>
    [...new Set(values.filter((v): v is string => v !== null))].sort().join(', ') || '–';
  return htmlTable({
    caption: 'Machine that wrote this report, and where the runs trained',
    columns: ['', 'value'],
    rows: [
      ['cpu', machine.cpu],
      ['cores', machine.cores],
      ['memory', `${machine.memoryGiB} GiB`],
      ['OS', machine.os],
      ['Node.js', machine.node],
      ['backend of the runs', distinct(runs.map((r) => r.run.backend))],
      ['hosts of the runs', distinct(runs.map((r) => r.run.worker?.split(':')[0] ?? null))],
    ],
  });
}

export function renderHtml(input: HtmlReportInput): string {
  const { report } = input;
  const notes = reportNotes(report);
  const protocol = notes.shortened
    ? `<p><strong>Shortened protocol</strong>: ${escapeHtml(notes.protocol)}</p>`
    : htmlParagraph(notes.protocol);
  const body = [
    htmlParagraph(aboutLine(report)),
    protocol,
    ...notes.details.map(htmlParagraph),
    htmlParagraph(notes.reading),
    ...report.tables.map((table) => tableSection(report, table)),
  ];
  if (input.sweepChart !== null) {
    body.push(
      htmlSection(
        'Differences against u',
        svgFigure(input.sweepChart, {
          id: 'sweep-chart',
          alt: "Test error minus the baseline's against the number of unlabeled examples, a line per schedule and the control",
          caption:
            "Each cell's test error minus its baseline's (percentage points; below 0 the method helps) against u, a line per schedule, the control dashed" +
            (report.repeat > 1 ? ', the 95 % interval over the repeats as a band.' : '.'),
        }),
      ),
    );
  }
  if (input.weightsChart !== null) {
    body.push(
      htmlSection(
        'Fig. 1: the schedules',
        svgFigure(input.weightsChart, {
          id: 'fig1',
          alt: 'λ_s(t) and λ_r(t) of the schedules of the sweep',
          caption: `λ_s(t) and λ_r(t) of the sweep's schedules over t = 0…T−1, T = ${report.protocol.epochs.join(', ')} (as the runs trained).`,
        }),
      ),
    );
  }
  body.push(
    htmlSection('Runs', runTable(input.runs)),
    htmlSection(
      'Machine and commands',
      machineTable(input.machine, input.runs),
      `<pre><code>${input.commands.map(escapeHtml).join('\n')}</code></pre>`,
    ),
  );
  return htmlDocument({ title: `Sweep ${report.sweep}`, body });
}

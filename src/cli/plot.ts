// `mtl plot weights|curves|sweep …`: charts as SVG, PNG or a self-contained HTML page (by the output's extension).
//   weights FILE [--experiment NAME…] [--lr] -o OUT   Fig. 1 from the checked IR, no training
//   curves RUN_DIR… -o OUT                            errors and losses of finished runs
//   sweep SWEEP [--store PATH] [--schedules] -o OUT   a stored sweep's differences against u (or its Fig. 1)
// Each chart is a verb of its own on the shared parser (`mtl plot weights`, …);
// `mtl plot --help` lists the three with their options.
import { resolve } from 'node:path';
import { type FlagSpec, type Flags, flag, parseVerb, type VerbSpec, verbUsage } from '../args/verb.js';
import { closestWords } from '../syntax/did-you-mean.js';
import { checkSpec, usageError } from './compile.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS } from './io.js';
import { openSweep } from './open-sweep.js';
import { DEFAULT_STORE } from './sweep.js';
import { verbError } from './verb-error.js';

const outFlag = flag.string(
  '-o, --out <FILE>',
  'where the chart goes: .svg, .png, or .html (a page around the SVG)',
);

// Repeatable: commander collects every value of a variadic option into one
// list. Each `--experiment NAME` is handed over as `--experiment=NAME` (see
// oneValueEach), so it takes one value, as before, and never swallows FILE.
const experiments: FlagSpec<readonly string[]> = {
  flags: '--experiment <NAME...>',
  description: 'only this experiment or sweep (repeatable; imported experiments too)',
};

const plotWeightsVerb = {
  command: 'mtl plot weights',
  summary:
    "Draws λ_s(t) and λ_r(t) over t = 0…T−1 (the paper's Fig. 1), one colour per\n" +
    'schedule: each experiment of FILE and each schedule its sweeps vary.',
  arguments: [{ syntax: '<file>', description: 'the .mtl spec' }],
  flags: {
    experiment: experiments,
    lr: flag.boolean('--lr', 'add a panel with lr(t)'),
    until: flag.positiveInt('--until <N>', 'draw the first N epochs only (t = 0…N−1)'),
    out: outFlag,
  },
} as const satisfies VerbSpec<Flags>;

const plotCurvesVerb = {
  command: 'mtl plot curves',
  summary:
    'Draws validation and test error and the per-epoch losses against epochs, read\n' +
    "from each run folder's result.json and curves.csv, runs overlaid.",
  arguments: [{ syntax: '<run_dir...>', description: 'run folders (as mtl run writes them)' }],
  flags: { out: outFlag },
} as const satisfies VerbSpec<Flags>;

const plotSweepVerb = {
  command: 'mtl plot sweep',
  summary:
    "Draws the report of a stored sweep as a chart: each cell's test error minus\n" +
    "its baseline's against u, a line per schedule and the control, a panel per\n" +
    'network and labeled size, the 95 % intervals as bands (repeat > 1).',
  arguments: [{ syntax: '<sweep>', description: 'the name of a sweep in the store' }],
  flags: {
    store: flag.string('--store <PATH>', `the result store (default ${DEFAULT_STORE})`),
    schedules: flag.boolean(
      '--schedules',
      "draw the sweep's Fig. 1 instead: λ_s(t), λ_r(t) of each schedule its runs use, over t = 0…T−1 of the T they trained",
    ),
    out: outFlag,
  },
} as const satisfies VerbSpec<Flags>;

const charts = {
  weights: { verb: plotWeightsVerb, line: "λ_s(t), λ_r(t) of a spec's schedules (Fig. 1), no training" },
  curves: { verb: plotCurvesVerb, line: 'errors and losses of finished runs against epochs' },
  sweep: { verb: plotSweepVerb, line: "a stored sweep's test errors minus baseline against u" },
} as const;
type Chart = keyof typeof charts;

/** `mtl plot --help`: the charts, then each chart's own usage. */
function plotUsage(): string {
  const list = Object.entries(charts)
    .map(([name, c]) => `  ${name.padEnd(9)}${c.line}`)
    .join('\n');
  return [
    `Usage: mtl plot <chart> [options]\n\nDraws a chart as SVG, PNG or a self-contained HTML page (by the -o name's extension).\n\nCharts:\n${list}\n\nEach chart's options (mtl plot <chart> --help prints one):\n`,
    ...Object.values(charts).map((c) => verbUsage(c.verb)),
  ].join('\n');
}

export const plotCommand: Command = async (argv, io) => {
  const [kind, ...rest] = argv;
  if (kind === '--help' || kind === '-h') {
    io.stdout.write(plotUsage());
    return EXIT_OK;
  }
  if (kind === undefined || !Object.hasOwn(charts, kind)) {
    const near = kind === undefined ? undefined : closestWords(kind, Object.keys(charts), 1)[0];
    const message =
      kind === undefined
        ? 'expected weights, curves or sweep'
        : kind.startsWith('-')
          ? `expected weights, curves or sweep before the options, got '${kind}'`
          : `unknown chart '${kind}'${near ? `; did you mean '${near}'?` : ''}`;
    return verbError(io, 'mtl plot', message);
  }
  const chart = kind as Chart;
  const command = charts[chart].verb.command;
  const misplaced = optionOfAnotherChart(chart, rest);
  if (misplaced) return verbError(io, command, `${misplaced.flag} is an option of ${misplaced.command}`);
  const { plotFormat } = await import('../plot/write-plot.js');
  const checkOut = (file: string | undefined): string | undefined =>
    file === undefined
      ? 'expected -o OUT.svg, OUT.png or OUT.html'
      : plotFormat(file) === undefined
        ? `-o ${file}: the name must end in .svg, .png or .html`
        : undefined;
  if (chart === 'weights') {
    const parsed = parseVerb(plotWeightsVerb, oneValueEach('--experiment', rest), io);
    if (!parsed.ok) return parsed.exitCode;
    const { values } = parsed;
    const bad = checkOut(values.out);
    if (bad) return verbError(io, command, bad);
    return plotWeights(parsed.positionals[0]!, { ...values, out: values.out! }, io);
  }
  if (chart === 'sweep') {
    const parsed = parseVerb(plotSweepVerb, rest, io);
    if (!parsed.ok) return parsed.exitCode;
    const { values } = parsed;
    const bad = checkOut(values.out);
    if (bad) return verbError(io, command, bad);
    return plotSweep(parsed.positionals[0]!, values.store, values.schedules === true, values.out!, io);
  }
  const parsed = parseVerb(plotCurvesVerb, rest, io);
  if (!parsed.ok) return parsed.exitCode;
  const bad = checkOut(parsed.values.out);
  if (bad) return verbError(io, command, bad);
  return plotCurves(parsed.positionals, parsed.values.out!, io);
};

/** A flag that belongs to another chart (`weights --store`), named with the chart it belongs to. */
function optionOfAnotherChart(
  chart: Chart,
  argv: readonly string[],
): { readonly flag: string; readonly command: string } | undefined {
  const names = (verb: VerbSpec<Flags>) =>
    new Set(Object.values(verb.flags).flatMap((f) => f.flags.match(/--?[\w-]+/g) ?? []));
  const own = names(charts[chart].verb);
  for (const arg of argv) {
    if (arg === '--') return undefined;
    const name = arg.split('=')[0]!;
    if (!name.startsWith('-') || own.has(name)) continue;
    for (const other of Object.values(charts)) {
      if (names(other.verb).has(name)) return { flag: name, command: other.verb.command };
    }
  }
  return undefined;
}

/** `--experiment a FILE` → `--experiment=a FILE`: a variadic flag given one value per occurrence. */
function oneValueEach(name: string, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...out, ...argv.slice(i)];
    const value = argv[i + 1];
    if (arg === name && value !== undefined) {
      out.push(`${name}=${value}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

interface WeightsOptions {
  readonly experiment?: readonly string[];
  readonly lr?: boolean;
  readonly until?: number;
  readonly out: string;
}

async function plotWeights(file: string, values: WeightsOptions, io: CliIo): Promise<number> {
  const until = values.until;
  const checked = checkSpec(file, io, 'plot');
  if (!checked.ok) return checked.exitCode;
  const { weightsSeries } = await import('../plot/weights-source.js');
  const selection = weightsSeries(checked.ir, {
    declared: checked.declared,
    wanted: values.experiment ?? [],
    source: checked.source,
  });
  if (!selection.ok) return usageError(io, 'plot', selection.message);
  const { weightsChart } = await import('../plot/weights-chart.js');
  const svg = await render(
    weightsChart(selection.series, { lr: values.lr === true, ...(until === undefined ? {} : { until }) }),
  );
  const out = values.out;
  await write(resolve(io.cwd, out), svg, `Importance weights: ${checked.source}`);
  const count = selection.series.length;
  io.stdout.write(
    `${out}: λ_s, λ_r${values.lr ? ', lr' : ''} of ${count} schedule${count === 1 ? '' : 's'}\n`,
  );
  return EXIT_OK;
}

async function plotCurves(dirs: readonly string[], out: string, io: CliIo): Promise<number> {
  const { distinctLabels, readRunCurves } = await import('../plot/run-curves.js');
  const runs: import('../plot/run-curves.js').RunCurves[] = [];
  for (const dir of dirs) {
    const run = readRunCurves(resolve(io.cwd, dir));
    if (!run.ok) {
      io.stderr.write(`mtl plot: ${dir}: ${run.message}\n`);
      return EXIT_PROBLEMS;
    }
    runs.push(run.curves);
  }
  const { curvesChart } = await import('../plot/curves-chart.js');
  const svg = await render(curvesChart(distinctLabels(runs)));
  await write(resolve(io.cwd, out), svg, `Learning curves: ${runs.map((r) => r.label).join(', ')}`);
  io.stdout.write(`${out}: errors and losses of ${runs.length} run${runs.length === 1 ? '' : 's'}\n`);
  return EXIT_OK;
}

async function plotSweep(
  name: string,
  storeArg: string | undefined,
  schedules: boolean,
  out: string,
  io: CliIo,
): Promise<number> {
  const opened = openSweep(io, 'plot', name, storeArg);
  if (!opened.ok) return opened.exitCode;
  try {
    const { sweepCharts } = await import('../sweep/report/html-report.js');
    const charts = await sweepCharts(opened.store, opened.sweep);
    if (schedules) {
      if (charts.weightsChart === null) {
        io.stderr.write(`mtl plot: sweep ${name} has no MTL run in the store\n`);
        return EXIT_PROBLEMS;
      }
      await write(resolve(io.cwd, out), charts.weightsChart, `Sweep ${name}: importance weights`);
      const n = charts.schedules;
      io.stdout.write(`${out}: λ_s, λ_r of ${n} schedule${n === 1 ? '' : 's'} of sweep ${name}\n`);
      return EXIT_OK;
    }
    if (charts.sweepChart === null) {
      io.stderr.write(
        `mtl plot: sweep ${name} has no cell with its runs done yet (mtl report ${name} shows which)\n`,
      );
      return EXIT_PROBLEMS;
    }
    await write(resolve(io.cwd, out), charts.sweepChart, `Sweep ${name}: test error minus baseline`);
    io.stdout.write(`${out}: ${charts.points} point${charts.points === 1 ? '' : 's'} of sweep ${name}\n`);
    return EXIT_OK;
  } finally {
    opened.store.close();
  }
}

async function render(spec: import('vega-lite').TopLevelSpec): Promise<string> {
  return (await import('../plot/render.js')).renderSvg(spec);
}

async function write(file: string, svg: string, title: string): Promise<void> {
  (await import('../plot/write-plot.js')).writePlot(file, svg, title);
}

// `mtl plot weights|curves|sweep …`: charts as SVG, PNG or a self-contained HTML page (by the output's extension).
//   weights FILE [--experiment NAME…] [--lr] -o OUT   Fig. 1 from the checked IR, no training
//   curves RUN_DIR… -o OUT                            errors and losses of finished runs
//   sweep SWEEP [--store PATH] [--schedules] -o OUT   a stored sweep's differences against u (or its Fig. 1)
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSpec, usageError } from './compile.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS } from './io.js';
import { openSweep } from './open-sweep.js';
import { DEFAULT_STORE } from './sweep.js';

const usage = `usage: mtl plot weights FILE [--experiment NAME…] [--lr] [--until N] -o OUT.svg|.png|.html
       mtl plot curves RUN_DIR… -o OUT.svg|.png|.html
       mtl plot sweep SWEEP [--store PATH] [--schedules] -o OUT.svg|.png|.html

weights  λ_s(t) and λ_r(t) over t = 0…T−1 (the paper's Fig. 1), one colour per
         schedule: each experiment of FILE and each schedule its sweeps vary.
  --experiment NAME  only this experiment or sweep (repeatable; imported experiments too)
  --lr               add a panel with lr(t)
  --until N          draw the first N epochs only (t = 0…N−1)
curves   validation and test error and the per-epoch losses against epochs, read
         from each run folder's result.json and curves.csv, runs overlaid.
sweep    the report of a stored sweep as a chart: each cell's test error minus
         its baseline's against u, a line per schedule and the control, a panel
         per network and labeled size, the 95 % intervals as bands (repeat > 1).
  --store PATH       the result store (default ${DEFAULT_STORE})
  --schedules        draw the sweep's Fig. 1 instead: λ_s(t), λ_r(t) of each schedule
                     its runs use, over t = 0…T−1 of the T they trained
  -o, --out FILE     where the chart goes: .svg, .png, or .html (a page around the SVG)
`;

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      experiment: { type: 'string', multiple: true },
      lr: { type: 'boolean' },
      until: { type: 'string' },
      store: { type: 'string' },
      schedules: { type: 'boolean' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Parsed = ReturnType<typeof parse>;

export const plotCommand: Command = async (argv, io) => {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, 'plot', (error as Error).message, usage);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const [kind, ...inputs] = positionals;
  if (kind !== 'weights' && kind !== 'curves' && kind !== 'sweep') {
    return usageError(
      io,
      'plot',
      kind === undefined ? 'expected weights, curves or sweep' : `unknown chart '${kind}'`,
      usage,
    );
  }
  const { plotFormat } = await import('../plot/write-plot.js');
  if (values.out === undefined)
    return usageError(io, 'plot', 'expected -o OUT.svg, OUT.png or OUT.html', usage);
  if (plotFormat(values.out) === undefined) {
    return usageError(io, 'plot', `-o ${values.out}: the name must end in .svg, .png or .html`, usage);
  }
  if (kind !== 'sweep' && (values.store !== undefined || values.schedules))
    return usageError(io, 'plot', '--store and --schedules are options of mtl plot sweep', usage);
  if (kind === 'weights') {
    if (inputs.length !== 1) return usageError(io, 'plot', 'expected exactly one FILE', usage);
    const until = values.until === undefined ? undefined : Number(values.until);
    if (until !== undefined && (!Number.isInteger(until) || until < 1)) {
      return usageError(io, 'plot', `--until needs a positive integer, got '${values.until}'`, usage);
    }
    return plotWeights(inputs[0]!, values, until, io);
  }
  if (values.experiment !== undefined || values.lr || values.until !== undefined) {
    return usageError(io, 'plot', '--experiment, --lr and --until are options of mtl plot weights', usage);
  }
  if (kind === 'sweep') {
    if (inputs.length !== 1) return usageError(io, 'plot', 'expected exactly one SWEEP name', usage);
    return plotSweep(inputs[0]!, values.store, values.schedules === true, values.out, io);
  }
  if (inputs.length === 0) return usageError(io, 'plot', 'expected at least one RUN_DIR', usage);
  return plotCurves(inputs, values.out, io);
};

async function plotWeights(
  file: string,
  values: Parsed['values'],
  until: number | undefined,
  io: CliIo,
): Promise<number> {
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
  const out = values.out!;
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

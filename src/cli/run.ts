// `mtl run FILE [--experiment NAME] [training flags]`: check a spec, compile
// one experiment, train it, draw its learning curves, and say where the results are.
import { join, relative } from 'node:path';
import { type Flags, flag, parseVerb, type VerbSpec } from '../args/verb.js';
import { importTrainer } from '../driver/import-trainer.js';
import { selectExperiments } from '../driver/select-experiments.js';
import { RUN_FLAGS, runOptionsFromFlags } from '../runtime/run-flags.js';
import type { RunOptions, RunResult } from '../runtime/run-program.js';
import { checkSpec, noExperiment, usageError } from './compile.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS } from './io.js';

/** `mtl run`'s arguments: the training flags a generated trainer takes, plus the experiment to pick. */
export const runVerb = {
  command: 'mtl run',
  summary: 'Checks FILE, compiles one of its experiments and trains it.',
  arguments: [{ syntax: '<file>', description: 'the .mtl spec' }],
  flags: {
    experiment: flag.string(
      '--experiment <NAME>',
      'the experiment to train (needed when FILE declares several)',
    ),
    ...RUN_FLAGS,
    plot: flag.boolean(
      '--no-plot',
      'do not draw curves.svg (errors and losses) into the run folder at the end',
    ),
  },
  epilog:
    'exit status: 0 trained, 1 spec or training problem, 2 bad arguments, 130 interrupted (Ctrl-C saves a checkpoint)',
} as const satisfies VerbSpec<Flags>;

export const runCommand: Command = async (argv, io) => {
  const parsed = parseVerb(runVerb, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const { values, positionals } = parsed;
  const options: RunOptions = {
    ...runOptionsFromFlags(values),
    cwd: io.cwd,
    command: ['mtl', 'run', ...argv],
    ...(values.quiet ? {} : { progress: io.stderr }),
  };

  const checked = checkSpec(positionals[0]!, io, 'run');
  if (!checked.ok) return checked.exitCode;
  const selection = selectExperiments(checked.ir, {
    declared: checked.declared,
    wanted: values.experiment,
    source: checked.source,
  });
  if (!selection.ok) return noExperiment(io, 'run', selection.message, values.experiment);
  if (selection.experiments.length > 1) {
    const names = selection.experiments.map((e) => e.name).join(', ');
    return usageError(
      io,
      'run',
      `${checked.source} declares ${selection.experiments.length} experiments (${names}); choose one with --experiment NAME`,
    );
  }
  const experiment = selection.experiments[0]!;
  const program = await importTrainer(experiment, { source: checked.source });

  const { MtlRuntimeError, runProgram } = await import('../runtime/index.js');
  let result: RunResult;
  try {
    result = await runProgram(program, options);
  } catch (error) {
    if (error instanceof MtlRuntimeError) {
      io.stderr.write(`mtl run: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  }
  const plot = values.plot === false ? undefined : await plotCurves(result.runDir, io);
  io.stdout.write(summary(experiment.name, result, io, plot));
  return result.status === 'interrupted' ? 130 : EXIT_OK;
};

/** The learning-curves chart `mtl run` leaves in the run folder. */
const CURVES_PLOT_FILE = 'curves.svg';

const percent = (value: number | null) => (value === null ? 'not evaluated' : `${(value * 100).toFixed(2)}%`);

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Draws the run's learning curves into its folder; the file's path, or undefined when there is nothing to draw. */
async function plotCurves(runDir: string, io: CliIo): Promise<string | undefined> {
  const { readRunCurves } = await import('../plot/run-curves.js');
  const run = readRunCurves(runDir);
  if (!run.ok) {
    io.stderr.write(`mtl run: no curves plot: ${run.message}\n`);
    return undefined;
  }
  const [{ curvesChart }, { renderSvg }, { writePlot }] = await Promise.all([
    import('../plot/curves-chart.js'),
    import('../plot/render.js'),
    import('../plot/write-plot.js'),
  ]);
  const file = join(runDir, CURVES_PLOT_FILE);
  try {
    writePlot(file, await renderSvg(curvesChart([run.curves])));
  } catch (error) {
    // The run itself is saved; a chart that cannot be drawn must not turn it into a failure.
    io.stderr.write(`mtl run: no curves plot: ${(error as Error).message}\n`);
    return undefined;
  }
  return file;
}

/** A path as the summary shows it: relative to the working folder unless it lies outside. */
function shown(io: CliIo, file: string): string {
  const rel = relative(io.cwd, file) || '.';
  return rel.startsWith('..') ? file : rel;
}

function summary(name: string, result: RunResult, io: CliIo, plot: string | undefined): string {
  const done =
    result.status === 'completed'
      ? `${name}: trained ${result.epochs} epoch${result.epochs === 1 ? '' : 's'} in ${duration(result.seconds)} on the ${result.backend} backend`
      : `${name}: stopped after ${result.epochsCompleted} of ${result.epochs} epochs (resume with \`${result.resumeCommand}\`)`;
  return [
    done,
    ...result.warnings.map((w) => `  warning           ${w.message}`),
    `  validation error  ${percent(result.validationError)}`,
    `  test error        ${percent(result.testError)}`,
    `  results           ${shown(io, result.runDir)}/ (result.json, curves.csv)`,
    ...(plot === undefined ? [] : [`  plot              ${shown(io, plot)}`]),
    '',
  ].join('\n');
}

// `mtl run FILE [--experiment NAME] [training flags]`: check a spec, compile
// one experiment, train it, and say where the results are.
import { relative } from 'node:path';
import { type Flags, flag, parseVerb, type VerbSpec } from '../args/verb.js';
import { loadProgram } from '../codegen/load-program.js';
import { selectExperiments } from '../codegen/select-experiments.js';
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
  const program = await loadProgram(experiment, { source: checked.source });

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
  io.stdout.write(summary(experiment.name, result, io));
  return result.status === 'interrupted' ? 130 : EXIT_OK;
};

const percent = (value: number | null) => (value === null ? 'not evaluated' : `${(value * 100).toFixed(2)}%`);

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function summary(name: string, result: RunResult, io: CliIo): string {
  const folder = relative(io.cwd, result.runDir) || '.';
  const shown = folder.startsWith('..') ? result.runDir : folder;
  const done =
    result.status === 'completed'
      ? `${name}: trained ${result.epochs} epoch${result.epochs === 1 ? '' : 's'} in ${duration(result.seconds)} on the ${result.backend} backend`
      : `${name}: stopped after ${result.epochsCompleted} of ${result.epochs} epochs (resume with \`${result.resumeCommand}\`)`;
  return [
    done,
    ...result.warnings.map((w) => `  warning           ${w.message}`),
    `  validation error  ${percent(result.validationError)}`,
    `  test error        ${percent(result.testError)}`,
    `  results           ${shown}/ (result.json, curves.csv)`,
    '',
  ].join('\n');
}

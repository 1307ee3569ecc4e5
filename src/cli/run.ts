// `mtl run FILE [--experiment NAME] [--epochs N] [--backend B] [--out DIR] [--resume]`:
// check a spec, compile one experiment, train it, and say where the results are.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProgram } from '../codegen/load-program.js';
import { selectExperiments } from '../codegen/select-experiments.js';
import type { RunOptions, RunResult } from '../runtime/run-program.js';
import { checkSpec, usageError } from './compile.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS } from './io.js';

const usage = `usage: mtl run FILE [--experiment NAME] [options]

Checks FILE, compiles one of its experiments and trains it.
  --experiment NAME  the experiment to train (needed when FILE declares several)
  --epochs N         train N epochs instead of the spec's train.epochs
  --backend B        onnx | tensorflow | wasm | cpu (default: the fastest that loads)
  --out DIR          run folder (default runs/<experiment>-<hash>-<code>/)
  --resume           continue from the run folder's last checkpoint
  --limit N          read at most N training and N test images (quick trials)
  --quiet            no progress output
`;

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      experiment: { type: 'string' },
      epochs: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
      limit: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export const runCommand: Command = async (argv, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, 'run', (error as Error).message, usage);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return usageError(io, 'run', 'expected exactly one FILE', usage);
  const options = await runOptions(values, io);
  if (typeof options === 'string') return usageError(io, 'run', options, usage);

  const checked = checkSpec(positionals[0]!, io, 'run');
  if (!checked.ok) return checked.exitCode;
  const selection = selectExperiments(checked.ir, {
    declared: checked.declared,
    wanted: values.experiment,
    source: checked.source,
  });
  if (!selection.ok) return usageError(io, 'run', selection.message);
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
  io.stdout.write(summary(experiment.name, result, io, checked.source));
  return result.status === 'interrupted' ? 130 : EXIT_OK;
};

async function runOptions(
  values: ReturnType<typeof parse>['values'],
  io: CliIo,
): Promise<RunOptions | string> {
  const { parseRunArgs } = await import('../runtime/cli.js');
  // The runtime parses its own flags, so `mtl run` and a generated file accept and reject the same things.
  const forwarded: string[] = [];
  if (values.epochs !== undefined) forwarded.push('--epochs', values.epochs);
  if (values.backend !== undefined) forwarded.push('--backend', values.backend);
  if (values.out !== undefined) forwarded.push('--out', values.out);
  if (values.resume) forwarded.push('--resume');
  if (values.quiet) forwarded.push('--quiet');
  const parsed = parseRunArgs(forwarded);
  if ('error' in parsed) return parsed.error;
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      return `--limit needs a positive integer, got '${values.limit}'`;
  }
  return {
    ...parsed.options,
    cwd: io.cwd,
    ...(limit === undefined ? {} : { limit }),
    ...(values.quiet ? {} : { progress: io.stderr }),
  };
}

const percent = (value: number | null) => (value === null ? 'not evaluated' : `${(value * 100).toFixed(2)}%`);

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function summary(name: string, result: RunResult, io: CliIo, source: string): string {
  const folder = relative(io.cwd, result.runDir) || '.';
  const shown = folder.startsWith('..') ? result.runDir : folder;
  const done =
    result.status === 'completed'
      ? `${name}: trained ${result.epochs} epoch${result.epochs === 1 ? '' : 's'} in ${duration(result.seconds)} on the ${result.backend} backend`
      : `${name}: stopped after ${result.epochsCompleted} of ${result.epochs} epochs (resume with \`mtl run ${source} --resume\`)`;
  return [
    done,
    `  validation error  ${percent(result.validationError)}`,
    `  test error        ${percent(result.testError)}`,
    `  results           ${shown}/ (result.json, curves.csv)`,
    '',
  ].join('\n');
}

// `mtl compile FILE [--experiment NAME] [--out DIR] [--emit ts|ir|onnx]`: check
// a spec, then write one TypeScript trainer per experiment it declares (or
// print its IR, or write its step graphs as ONNX files). Diagnostics print
// exactly as `mtl check` prints them.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { flag, parseVerb } from '../args/verb.js';
import { formatDiagnostic } from '../check/output/text.js';
import type { Program } from '../check/program.js';
import { checkFile } from '../driver/check.js';
import { defaultOutDir } from '../driver/generated-tree.js';
import { rootedHost } from '../driver/rooted-host.js';
import { declaredExperimentNames, selectExperiments } from '../driver/select-experiments.js';
import { writeTrainer } from '../driver/write-generated.js';
import { writeStepGraphs } from '../driver/write-onnx.js';
import type { Experiment, MtlIr } from '../ir/types.js';
import { useColor } from './color.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './io.js';

const compileVerb = {
  command: 'mtl compile',
  summary:
    'Checks FILE, then writes one TypeScript trainer (or its ONNX step graphs) per experiment it declares.',
  arguments: [{ syntax: '<file>', description: 'the .mtl spec' }],
  flags: {
    experiment: flag.string('--experiment <NAME>', 'only this experiment (imported ones can be named too)'),
    out: flag.string(
      '--out <DIR>',
      "where the files go (default: beside the spec; a spec under specs/ goes to generated/'s mirrored folder)",
    ),
    emit: flag.choice(
      '--emit <KIND>',
      "ts: write trainers (default); ir: print the checked IR as JSON; onnx: write each experiment's step graphs (<experiment>.<step>.onnx), as the onnx backend runs them",
      ['ts', 'ir', 'onnx'] as const,
    ),
  },
  epilog:
    'A trainer runs with `npx tsx FILE.ts [--epochs N]` wherever the mtlc package resolves from its folder.\n' +
    'exit status: 0 written, 1 spec errors or a write failed, 2 bad arguments, no such file, or no experiment',
} as const;

/** The spec path as headers and embedded sources show it: relative to the working folder, POSIX separators. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  return (rel === '' ? file : rel).split(sep).join('/');
}

type Checked =
  | {
      readonly ok: true;
      readonly ir: MtlIr;
      readonly declared: readonly string[];
      readonly source: string;
      readonly program: Program;
    }
  | { readonly ok: false; readonly exitCode: number };

/**
 * Checks a spec for compile and run: prints its diagnostics to stderr, and
 * gives the IR when there are no errors. A missing file is a usage problem (2).
 */
export function checkSpec(file: string, io: CliIo, command: string): Checked {
  const path = resolve(io.cwd, file);
  let problem: string | null = null;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) problem = `${file} is a folder; name one .mtl file in it`;
    else if (!stat.isFile()) problem = `${file} is not a regular file`;
  } catch {
    problem = `cannot read ${file}: no such file`;
  }
  if (problem !== null) {
    io.stderr.write(`mtl ${command}: ${problem}\n`);
    return { ok: false, exitCode: EXIT_USAGE };
  }
  // Checked under its name relative to cwd, so the IR, headers and messages carry no machine-specific path.
  const source = displayPath(io.cwd, file);
  const result = checkFile(source, { host: rootedHost(io.cwd) });
  const lines = new Map(result.program.files.map((f) => [f.name, f.lines]));
  const tty = io.stderr.isTTY === true;
  const color = useColor(io.stderr);
  for (const diagnostic of result.diagnostics) {
    io.stderr.write(formatDiagnostic(diagnostic, { lines: (name) => lines.get(name), frame: tty, color }));
  }
  const root = result.program.roots[0];
  if (!result.ir || !root || result.diagnostics.some((d) => d.severity === 'error')) {
    return { ok: false, exitCode: EXIT_PROBLEMS };
  }
  return {
    ok: true,
    ir: result.ir,
    declared: declaredExperimentNames(root.ast),
    source,
    program: result.program,
  };
}

/** Prints `mtl COMMAND: message` (and the usage text, for flag mistakes); exit code 2. */
export function usageError(io: CliIo, command: string, message: string, help?: string): number {
  io.stderr.write(`mtl ${command}: ${message}\n${help === undefined ? '' : `\n${help}`}`);
  return EXIT_USAGE;
}

/**
 * A file that selects no experiment (a networks or sweep file, or a wrong
 * --experiment): compile and run both say so and exit 2 — there is nothing to do.
 */
export function noExperiment(io: CliIo, command: string, message: string, wanted?: string): number {
  const what = command === 'run' ? 'train' : 'compile';
  return usageError(io, command, wanted === undefined ? `${message}; nothing to ${what}` : message);
}

export const compileCommand: Command = async (argv, io) => {
  const parsed = parseVerb(compileVerb, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const { values, positionals } = parsed;
  const emit = values.emit ?? 'ts';
  const file = positionals[0]!;

  const checked = checkSpec(file, io, 'compile');
  if (!checked.ok) return checked.exitCode;
  const { ir, declared, source } = checked;

  if (emit === 'ir') {
    const named =
      values.experiment === undefined
        ? undefined
        : selectExperiments(ir, { declared, wanted: values.experiment, source });
    if (named && !named.ok) return usageError(io, 'compile', named.message);
    const json: MtlIr | Experiment = named?.ok ? named.experiments[0]! : ir;
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return EXIT_OK;
  }

  const selection = selectExperiments(ir, { declared, wanted: values.experiment, source });
  if (!selection.ok) return noExperiment(io, 'compile', selection.message, values.experiment);
  const outDir = resolve(io.cwd, values.out ?? defaultOutDir(source));
  // What one experiment writes: its trainer, or its step graphs.
  const write = (experiment: Experiment): string[] => {
    if (emit === 'onnx') return writeStepGraphs(outDir, experiment);
    const target = resolve(outDir, `${experiment.name}.ts`);
    writeTrainer(target, experiment, { source });
    return [target];
  };
  for (const experiment of selection.experiments) {
    let written: string[];
    try {
      written = write(experiment);
    } catch (error) {
      io.stderr.write(`mtl compile: ${(error as Error).message}\n`);
      return EXIT_PROBLEMS;
    }
    for (const target of written) {
      const shown = displayPath(io.cwd, target);
      io.stdout.write(`wrote ${shown.startsWith('../') ? target : shown}\n`);
    }
  }
  // ONNX graphs import nothing; trainers import mtlc/runtime.
  if (emit === 'onnx') return EXIT_OK;
  if (!runtimeResolvesFrom(outDir)) {
    io.stderr.write(
      `mtl compile: note: the trainers import mtlc/runtime, which does not resolve from ${displayPath(io.cwd, outDir)}; ` +
        'install mtlc in that project to run them with `npx tsx`, or train with `mtl run FILE`\n',
    );
  }
  return EXIT_OK;
};

/** True when a trainer in `dir` can import mtlc/runtime (Node's resolution from that folder). */
function runtimeResolvesFrom(dir: string): boolean {
  try {
    createRequire(join(dir, 'trainer.js')).resolve('mtlc/runtime');
    return true;
  } catch {
    return false;
  }
}

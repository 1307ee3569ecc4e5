// `mtl compile FILE [--experiment NAME] [--out DIR] [--emit ts|ir]`: check a
// spec, then write one TypeScript trainer per experiment it declares (or print
// its IR). Diagnostics print exactly as `mtl check` prints them.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { checkFile } from '../check/check.js';
import { formatDiagnostic } from '../check/output/text.js';
import type { Program } from '../check/program.js';
import { generateProgram } from '../codegen/generate.js';
import { defaultOutDir } from '../codegen/generated-tree.js';
import { rootedHost } from '../codegen/rooted-host.js';
import { declaredExperimentNames, selectExperiments } from '../codegen/select-experiments.js';
import { writeGeneratedFile } from '../codegen/write-atomic.js';
import type { Experiment, MtlIr } from '../ir/types.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './io.js';

const usage = `usage: mtl compile FILE [--experiment NAME] [--out DIR] [--emit ts|ir]

Checks FILE, then writes one TypeScript trainer per experiment it declares.
  --experiment NAME  only this experiment (imported ones can be named too)
  --out DIR          where the .ts files go (default: generated/, mirroring specs/ for a spec under specs/)
  --emit ts|ir       ts: write trainers (default); ir: print the checked IR as JSON
`;

/** The spec path as headers and embedded sources show it: relative to the working folder, POSIX separators. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  return (rel === '' ? file : rel).split(sep).join('/');
}

export type Checked =
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
  if (!existsSync(path) || !statSync(path).isFile()) {
    io.stderr.write(`mtl ${command}: cannot read ${file}: no such file\n`);
    return { ok: false, exitCode: EXIT_USAGE };
  }
  // Checked under its name relative to cwd, so the IR, headers and messages carry no machine-specific path.
  const source = displayPath(io.cwd, file);
  const result = checkFile(source, { host: rootedHost(io.cwd) });
  const lines = new Map(result.program.files.map((f) => [f.name, f.lines]));
  const tty = io.stderr.isTTY === true;
  for (const diagnostic of result.diagnostics) {
    io.stderr.write(
      formatDiagnostic(diagnostic, { lines: (name) => lines.get(name), frame: tty, color: tty }),
    );
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

export const compileCommand: Command = async (argv, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, 'compile', (error as Error).message, usage);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return usageError(io, 'compile', 'expected exactly one FILE', usage);
  const emit = values.emit ?? 'ts';
  if (emit !== 'ts' && emit !== 'ir')
    return usageError(io, 'compile', `--emit must be ts or ir, not '${emit}'`, usage);
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
  if (!selection.ok) {
    // A file without experiments (networks, sweeps) compiles to nothing; a wrong --experiment is a mistake.
    if (values.experiment !== undefined) return usageError(io, 'compile', selection.message);
    io.stderr.write(`mtl compile: ${selection.message}\n`);
    return EXIT_OK;
  }
  const outDir = resolve(io.cwd, values.out ?? defaultOutDir(source));
  for (const experiment of selection.experiments) {
    const target = resolve(outDir, `${experiment.name}.ts`);
    writeGeneratedFile(target, generateProgram(experiment, { source }));
    const shown = displayPath(io.cwd, target);
    io.stdout.write(`wrote ${shown.startsWith('../') ? target : shown}\n`);
  }
  return EXIT_OK;
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      experiment: { type: 'string' },
      out: { type: 'string' },
      emit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

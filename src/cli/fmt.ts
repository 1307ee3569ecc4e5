// `mtl fmt FILES… [--check]`: rewrites .mtl files in the canonical layout (in
// place, atomically), or with --check lists the files that would change.
// Exit codes: 0 nothing to report, 1 files would change (--check) or have
// syntax errors (left untouched), 2 a file could not be read or bad arguments.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { flag, parseVerb } from '../args/verb.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatText } from '../syntax/format.js';
import { LineIndex } from '../syntax/location.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './io.js';

const fmtVerb = {
  command: 'mtl fmt',
  summary: 'Formats .mtl files in place (folders: every .mtl file below them).',
  arguments: [{ syntax: '<paths...>', description: '.mtl files or folders' }],
  flags: {
    check: flag.boolean('--check', 'change nothing; list the files that are not formatted, exit 1 if any'),
  },
  epilog:
    'exit status: 0 nothing to report, 1 files would change (--check) or have syntax errors, 2 could not run',
} as const;

export const fmtCommand: Command = async (argv, io) => {
  const parsed = parseVerb(fmtVerb, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const check = parsed.values.check === true;
  const targets = parsed.positionals;
  let exit = EXIT_OK;
  for (const file of expand(targets, io)) {
    if ('error' in file) {
      io.stderr.write(`mtl fmt: cannot read ${file.name}: ${file.error}\n`);
      exit = EXIT_USAGE;
      continue;
    }
    const status = formatOne(file.name, resolve(io.cwd, file.name), check, io);
    if (status !== EXIT_OK && exit === EXIT_OK) exit = status;
  }
  return exit;
};

type Target = { readonly name: string } | { readonly name: string; readonly error: string };

/** The files named, with directories replaced by the .mtl files below them (sorted). */
function expand(targets: readonly string[], io: CliIo): Target[] {
  const out: Target[] = [];
  for (const name of targets) {
    const path = resolve(io.cwd, name);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      out.push({ name, error: reason(error) });
      continue;
    }
    if (!isDirectory) {
      out.push({ name });
      continue;
    }
    const entries = readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((entry) => entry.endsWith('.mtl') && !entry.split(/[\\/]/).includes('node_modules'))
      .sort();
    for (const entry of entries) out.push({ name: join(name, entry) });
  }
  return out;
}

function formatOne(name: string, path: string, check: boolean, io: CliIo): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    io.stderr.write(`mtl fmt: cannot read ${name}: ${reason(error)}\n`);
    return EXIT_USAGE;
  }
  const result = formatText(text, name);
  if (result.text === undefined) {
    const lines = new LineIndex(text);
    for (const d of result.diagnostics) io.stderr.write(`${printDiagnostic(d, lines)}\n`);
    return EXIT_PROBLEMS;
  }
  if (result.text === text) return EXIT_OK;
  if (check) {
    io.stdout.write(`${name}\n`);
    return EXIT_PROBLEMS;
  }
  try {
    writeAtomically(path, result.text);
  } catch (error) {
    io.stderr.write(`mtl fmt: cannot write ${name}: ${reason(error)}\n`);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

function printDiagnostic(d: Diagnostic, lines: LineIndex): string {
  const { line, column } = lines.lineColumn(d.span.start);
  return `${d.file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
}

/** A reader never sees half a file: write a temporary file beside it, then rename it over. */
function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.mtl-fmt.tmp`);
  try {
    writeFileSync(temporary, text, { mode: statSync(path).mode });
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing to clean up.
    }
    throw error;
  }
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  return error instanceof Error ? error.message : String(error);
}

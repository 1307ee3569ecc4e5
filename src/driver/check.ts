// The library's check entry points: the checker's walk (check/check-roots.ts),
// then — for every root none of whose files has an error — lowering to IR and
// validating it against the schema. Never throws on user input: every problem
// is a Diagnostic; a lowering bug is an internal-error diagnostic (MTL901).

import { checkRoots, sortDiagnostics } from '../check/check-roots.js';
import { diskHost, type SourceHost } from '../check/host.js';
import { scopeFiles } from '../check/link.js';
import type { Program, RootSource, SourceFile } from '../check/program.js';
import { capDiagnostics } from '../diagnostics/cap.js';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import type { MtlIr } from '../ir/types.js';
import { validateIr } from '../ir/validate.js';
import { lowerProgram } from '../lower/program.js';

export type { SourceHost } from '../check/host.js';
export { sortDiagnostics };

export interface CheckOptions {
  /** Where files are read from; default: the disk. The language server passes its open buffers. */
  readonly host?: SourceHost;
}

export interface CheckResult {
  /** Every diagnostic of the root and the files it imports, sorted by file then offset. */
  readonly diagnostics: Diagnostic[];
  readonly program: Program;
  /** The root's IR, present when no file it depends on has an error. */
  readonly ir?: MtlIr;
}

export interface CheckFilesResult {
  readonly diagnostics: Diagnostic[];
  readonly program: Program;
  /** Each root's IR (by the root's name as given), for the roots whose files have no error. */
  readonly irs: ReadonlyMap<string, MtlIr>;
}

export function checkText(text: string, path: string, options: CheckOptions = {}): CheckResult {
  const result = checkAndLower([{ name: path, text }], options.host ?? diskHost);
  return { diagnostics: result.diagnostics, program: result.program, ir: result.irs.get(path) };
}

export function checkFile(path: string, options: CheckOptions = {}): CheckResult {
  const result = checkFiles([path], options);
  return { diagnostics: result.diagnostics, program: result.program, ir: result.irs.get(path) };
}

/** Checks several roots at once; files they share are parsed and checked once. */
export function checkFiles(paths: readonly string[], options: CheckOptions = {}): CheckFilesResult {
  return checkAndLower(
    paths.map((name) => ({ name })),
    options.host ?? diskHost,
  );
}

function checkAndLower(roots: readonly RootSource[], host: SourceHost): CheckFilesResult {
  const { diagnostics, program } = checkRoots(roots, host);
  const irs = new Map<string, MtlIr>();
  const failing = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  for (const root of program.roots) {
    if (scopeFiles(root).some((f) => failing.has(f.name))) continue;
    const lowered = lowerRoot(program, root);
    if ('ir' in lowered) irs.set(root.name, lowered.ir);
    else diagnostics.push(lowered.diagnostic);
  }
  return { diagnostics: capDiagnostics(sortDiagnostics(diagnostics)), program, irs };
}

function lowerRoot(program: Program, root: SourceFile): { ir: MtlIr } | { diagnostic: Diagnostic } {
  const internal = (message: string) => ({ diagnostic: diagnostic('MTL901', { file: root.name, message }) });
  try {
    const ir = lowerProgram(program, root);
    const validation = validateIr(ir);
    if (validation.valid) return { ir };
    return internal(
      `internal error: the IR of this file fails its schema (a bug in mtl): ${validation.errors.join('; ')}`,
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return internal(`internal error while lowering this file to IR (a bug in mtl): ${why}`);
  }
}

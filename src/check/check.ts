// The checker's entry points. The order is Langium's: parse → resolve imports
// and names → semantic rules → schedule verification → lints → (when nothing
// is an error) lower to IR and validate it against the schema. Never throws on
// user input: every problem is a Diagnostic.
import { capDiagnostics } from '../diagnostics/cap.js';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { lowerProgram } from '../ir/lower.js';
import type { MtlIr } from '../ir/types.js';
import { validateIr } from '../ir/validate.js';
import { diskHost, type SourceHost } from './host.js';
import { scopeFiles } from './link.js';
import { loadProgram, type Program, type RootSource, type SourceFile } from './program.js';
import { check } from './run-rules.js';

export type { SourceHost } from './host.js';

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
  const result = checkRoots([{ name: path, text }], options.host ?? diskHost);
  return { diagnostics: result.diagnostics, program: result.program, ir: result.irs.get(path) };
}

export function checkFile(path: string, options: CheckOptions = {}): CheckResult {
  const result = checkFiles([path], options);
  return { diagnostics: result.diagnostics, program: result.program, ir: result.irs.get(path) };
}

/** Checks several roots at once; files they share are parsed and checked once. */
export function checkFiles(paths: readonly string[], options: CheckOptions = {}): CheckFilesResult {
  return checkRoots(
    paths.map((name) => ({ name })),
    options.host ?? diskHost,
  );
}

/** A host whose failures read as missing files: a throwing editor buffer must not crash a check. */
function safe(host: SourceHost): SourceHost {
  const guard =
    <A extends unknown[], R>(f: (...args: A) => R | undefined) =>
    (...args: A): R | undefined => {
      try {
        return f(...args);
      } catch {
        return undefined;
      }
    };
  return {
    readFile: guard((path: string) => host.readFile(path)),
    ...(host.readHeader
      ? { readHeader: guard((path: string, length: number) => host.readHeader?.(path, length)) }
      : {}),
    ...(host.problem ? { problem: guard((path: string) => host.problem?.(path)) } : {}),
  };
}

function problemText(host: SourceHost, name: string): string {
  const problem = host.problem?.(name);
  return problem ? `: ${problem}` : '';
}

function checkRoots(roots: readonly RootSource[], unsafeHost: SourceHost): CheckFilesResult {
  const host = safe(unsafeHost);
  const program = loadProgram(roots, host);
  const diagnostics: Diagnostic[] = [...program.loadDiagnostics];
  for (const root of roots) {
    if (!program.roots.some((f) => f.name === root.name)) {
      const message = `cannot read file ${root.name}${problemText(host, root.name)}`;
      diagnostics.push(diagnostic('MTL010', { file: root.name, message }));
    }
  }
  diagnostics.push(...check(program));
  const sorted = sortDiagnostics(diagnostics);
  const irs = new Map<string, MtlIr>();
  const failing = new Set(sorted.filter((d) => d.severity === 'error').map((d) => d.file));
  for (const root of program.roots) {
    if (scopeFiles(root).some((f) => failing.has(f.name))) continue;
    const lowered = lowerRoot(program, root);
    if ('ir' in lowered) irs.set(root.name, lowered.ir);
    else sorted.push(lowered.diagnostic);
  }
  return { diagnostics: capDiagnostics(sortDiagnostics(sorted)), program, irs };
}

function lowerRoot(program: Program, root: SourceFile): { ir: MtlIr } | { diagnostic: Diagnostic } {
  const internal = (message: string): { diagnostic: Diagnostic } => ({
    diagnostic: diagnostic('MTL901', { file: root.name, message }),
  });
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

/** Sorted by file, then offset; exact repeats removed. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.file}\0${d.span.start}\0${d.span.end}\0${d.code}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

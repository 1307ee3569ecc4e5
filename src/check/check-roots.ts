// The checker's whole walk over a set of root files, without lowering: parse →
// resolve imports and names → semantic rules → schedule verification → lints
// (Langium's order). Never throws on user input: every problem is a Diagnostic.
// Lowering the sound roots to IR is the driver's step (src/driver/check.ts).
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceHost } from './host.js';
import { type Program, parseProgram, type RootSource } from './program.js';
import { runRules } from './run-rules.js';

interface CheckedRoots {
  /** Every diagnostic of the roots and the files they import, sorted by file then offset (not capped). */
  readonly diagnostics: Diagnostic[];
  readonly program: Program;
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

/** Parses and checks the roots and what they import; files they share are parsed and checked once. */
export function checkRoots(roots: readonly RootSource[], unsafeHost: SourceHost): CheckedRoots {
  const host = safe(unsafeHost);
  const program = parseProgram(roots, host);
  const diagnostics: Diagnostic[] = [...program.loadDiagnostics];
  for (const root of roots) {
    if (!program.roots.some((f) => f.name === root.name)) {
      const message = `cannot read file ${root.name}${problemText(host, root.name)}`;
      diagnostics.push(diagnostic('MTL010', { file: root.name, message }));
    }
  }
  diagnostics.push(...runRules(program));
  return { diagnostics: sortDiagnostics(diagnostics), program };
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

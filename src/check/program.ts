// A program: the root files being checked and every file they import, each
// parsed once, with imports resolved (Langium's "linking" of files). Problems
// found while loading (missing files, cycles) are diagnostics of the program.
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import type { ImportDecl, MtlFile } from '../syntax/ast.js';
import { LineIndex } from '../syntax/location.js';
import { parse } from '../syntax/parse.js';
import { fileKey, resolveRelative, type SourceHost } from './host.js';
import { buildSymbols } from './link.js';
import type { SymbolTable } from './symbols.js';

interface ResolvedImport {
  readonly decl: ImportDecl;
  /** The imported file's name, resolved against the importing file. */
  readonly name: string;
  /** Undefined when the file could not be read. */
  readonly target?: SourceFile;
}

export interface SourceFile {
  /** The file's name as the caller (or the importing file) names it. */
  readonly name: string;
  /** Identity of the file: two names of one file share it. */
  readonly key: string;
  readonly text: string;
  readonly ast: MtlFile;
  readonly lines: LineIndex;
  readonly imports: readonly ResolvedImport[];
  /** The parser's diagnostics (MTL001, MTL002) for this file. */
  readonly parseDiagnostics: readonly Diagnostic[];
}

export interface Program {
  readonly roots: readonly SourceFile[];
  /** Every loaded file, roots and imports, in load order. */
  readonly files: readonly SourceFile[];
  readonly symbols: SymbolTable;
  /** Parse and import diagnostics (MTL001, MTL002, MTL010, MTL011). */
  readonly loadDiagnostics: readonly Diagnostic[];
  readonly host: SourceHost;
}

interface MutableFile extends SourceFile {
  imports: ResolvedImport[];
}

export interface RootSource {
  readonly name: string;
  /** The text when the caller already has it (checkText); read through the host otherwise. */
  readonly text?: string;
}

/**
 * Loads and parses the roots and everything they import. A root that cannot be
 * read is skipped (the caller reports it); a missing import is MTL010, an import
 * cycle MTL011 on the import that closes it.
 */
export function parseProgram(roots: readonly RootSource[], host: SourceHost): Program {
  const byKey = new Map<string, MutableFile>();
  const files: MutableFile[] = [];
  const diagnostics: Diagnostic[] = [];

  const why = (name: string) => {
    const problem = host.problem?.(name);
    return problem && problem !== 'no such file' ? `: ${problem}` : '';
  };
  const load = (name: string, text: string | undefined): MutableFile | undefined => {
    const key = fileKey(name);
    const known = byKey.get(key);
    if (known) return known;
    const source = text ?? host.readFile(name);
    if (source === undefined) return undefined;
    const parsed = parse(source, name);
    const file: MutableFile = {
      name,
      key,
      text: source,
      ast: parsed.ast,
      lines: new LineIndex(source),
      imports: [],
      parseDiagnostics: parsed.diagnostics,
    };
    byKey.set(key, file);
    files.push(file);
    diagnostics.push(...parsed.diagnostics);
    for (const decl of parsed.ast.imports) {
      const target = resolveRelative(name, decl.path);
      const imported = load(target, undefined);
      file.imports.push({ decl, name: imported?.name ?? target, target: imported });
      if (!imported) {
        const message = `cannot read imported file '${decl.path}' (resolved to ${target})${why(target)}`;
        diagnostics.push(diagnostic('MTL010', { file: name, span: decl.pathSpan, message }));
      }
    }
    return file;
  };

  const rootFiles: SourceFile[] = [];
  for (const root of roots) {
    const file = load(root.name, root.text);
    if (file && !rootFiles.includes(file)) rootFiles.push(file);
  }
  diagnostics.push(...findCycles(files));
  return { roots: rootFiles, files, symbols: buildSymbols(files), loadDiagnostics: diagnostics, host };
}

/** One diagnostic per import that closes a cycle, naming the whole cycle. */
function findCycles(files: readonly SourceFile[]): Diagnostic[] {
  const state = new Map<SourceFile, 'active' | 'done'>();
  const stack: SourceFile[] = [];
  const out: Diagnostic[] = [];
  const visit = (file: SourceFile): void => {
    state.set(file, 'active');
    stack.push(file);
    for (const imp of file.imports) {
      if (!imp.target) continue;
      const seen = state.get(imp.target);
      if (seen === 'active') {
        const cycle = stack.slice(stack.indexOf(imp.target)).map((f) => f.name);
        const message = `import cycle: ${[...cycle, imp.target.name].join(' → ')}`;
        out.push(diagnostic('MTL011', { file: file.name, span: imp.decl.pathSpan, message }));
      } else if (seen === undefined) {
        visit(imp.target);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return out;
}

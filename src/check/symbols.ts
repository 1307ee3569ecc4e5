// The symbol table of a program: every network, layer, experiment and sweep
// with the file and span that declare it, and every reference to it. The
// language server answers go-to-definition, references and rename from it.
import type { ExperimentDecl, LayerDecl, NetworkBody, NetworkDecl, Span, SweepDecl } from '../syntax/ast.js';
import type { Program } from './program.js';

export type SymbolKind = 'network' | 'layer' | 'experiment' | 'sweep';

export interface MtlSymbol {
  readonly kind: SymbolKind;
  readonly name: string;
  /** The declaring file's name. */
  readonly file: string;
  /** The span of the declared name (what rename replaces). */
  readonly nameSpan: Span;
  /** The span of the whole declaration. */
  readonly span: Span;
  /** A layer's network (or, for an inline network, its experiment). */
  readonly container?: MtlSymbol;
  readonly node: NetworkDecl | LayerDecl | ExperimentDecl | SweepDecl;
}

export interface SymbolLocation {
  readonly file: string;
  readonly span: Span;
}

export interface SymbolReference extends SymbolLocation {
  readonly symbol: MtlSymbol;
}

/** A name that did not resolve to a symbol of the kind its place expects. */
export interface UnresolvedReference extends SymbolLocation {
  readonly name: string;
  readonly expected: 'network' | 'experiment' | 'layer';
  /** A symbol of that name but another kind, if any. */
  readonly found?: MtlSymbol;
  /** Names of the expected kind in scope, for "did you mean". */
  readonly candidates: readonly string[];
}

/** The network an experiment trains: a named one or its inline block. */
export interface ResolvedNetwork {
  readonly body: NetworkBody;
  /** The network's name, or "inline". */
  readonly name: string;
  /** The file the network's body is written in. */
  readonly file: string;
  /** The named network's symbol; undefined for an inline network. */
  readonly symbol?: MtlSymbol;
  /** Each layer's first declaration by name. */
  readonly layers: ReadonlyMap<string, MtlSymbol>;
}

export interface SymbolTable {
  readonly symbols: readonly MtlSymbol[];
  readonly references: readonly SymbolReference[];
  readonly unresolved: readonly UnresolvedReference[];
  /** Top-level names visible in a file (its own first, then its imports'); first declaration wins. */
  scope(fileName: string): ReadonlyMap<string, MtlSymbol>;
  /** The network an experiment trains; undefined when it has none or it does not resolve. */
  networkOf(experiment: ExperimentDecl): ResolvedNetwork | undefined;
  /** The symbol a declaration node declares. */
  symbolOf(node: NetworkDecl | LayerDecl | ExperimentDecl | SweepDecl): MtlSymbol | undefined;
  referencesTo(symbol: MtlSymbol): readonly SymbolReference[];
}

export interface SymbolAt {
  readonly symbol: MtlSymbol;
  /** The occurrence under the offset: the declared name or a reference. */
  readonly span: Span;
  readonly isDeclaration: boolean;
}

/** The symbol declared or referenced at an offset of a file (the end of a name counts, for a cursor after it). */
export function findDefinition(program: Program, file: string, offset: number): SymbolAt | undefined {
  const within = (span: Span) => span.start <= offset && offset <= span.end;
  for (const symbol of program.symbols.symbols) {
    if (symbol.file === file && within(symbol.nameSpan)) {
      return { symbol, span: symbol.nameSpan, isDeclaration: true };
    }
  }
  for (const ref of program.symbols.references) {
    if (ref.file === file && within(ref.span))
      return { symbol: ref.symbol, span: ref.span, isDeclaration: false };
  }
  return undefined;
}

/** Every place a symbol is named: its declaration (unless excluded) and its references, in file order. */
export function findReferences(
  program: Program,
  symbol: MtlSymbol,
  options: { readonly includeDeclaration?: boolean } = {},
): SymbolLocation[] {
  const out: SymbolLocation[] = [];
  if (options.includeDeclaration ?? true) out.push({ file: symbol.file, span: symbol.nameSpan });
  for (const ref of program.symbols.referencesTo(symbol)) out.push({ file: ref.file, span: ref.span });
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

/** The symbols declared in one file (for document symbols and outlines). */
export function symbolsInFile(program: Program, file: string): MtlSymbol[] {
  return program.symbols.symbols.filter((s) => s.file === file);
}

// Linking: builds the symbol table of loaded files and resolves every name
// that points at a declaration (an experiment's network, reconstruct layers, a
// sweep's base and swept networks). Unresolved names are recorded, not reported:
// the rules that own them report (MTL013, MTL050).
import type {
  ExperimentDecl,
  Expr,
  LayerDecl,
  NetworkBody,
  NetworkDecl,
  SweepDecl,
  SweepValue,
} from '../syntax/ast.js';
import type { SourceFile } from './program.js';
import type {
  MtlSymbol,
  ResolvedNetwork,
  SymbolKind,
  SymbolReference,
  SymbolTable,
  UnresolvedReference,
} from './symbols.js';

type Declared = NetworkDecl | LayerDecl | ExperimentDecl | SweepDecl;

/** The files a file can see names from: itself first, then its imports, transitively, each once. */
export function scopeFiles(file: SourceFile): SourceFile[] {
  const seen = new Set<SourceFile>([file]);
  const order: SourceFile[] = [file];
  for (let i = 0; i < order.length; i++) {
    for (const imp of order[i].imports) {
      if (imp.target && !seen.has(imp.target)) {
        seen.add(imp.target);
        order.push(imp.target);
      }
    }
  }
  return order;
}

export function buildSymbols(files: readonly SourceFile[]): SymbolTable {
  const linker = new Linker(files);
  for (const file of files) linker.declareFile(file);
  for (const file of files) linker.linkFile(file);
  return linker.table();
}

/** The symbol table under construction: declarations first (every file), then references. */
class Linker {
  private readonly symbols: MtlSymbol[] = [];
  private readonly byNode = new Map<Declared, MtlSymbol>();
  private readonly topLevel = new Map<SourceFile, MtlSymbol[]>();
  private readonly byName: Map<string, SourceFile>;
  private readonly references: SymbolReference[] = [];
  private readonly unresolved: UnresolvedReference[] = [];
  private readonly networks = new Map<ExperimentDecl, ResolvedNetwork>();
  private readonly layerMaps = new Map<NetworkBody, Map<string, MtlSymbol>>();
  private readonly scopes = new Map<string, Map<string, MtlSymbol>>();

  constructor(files: readonly SourceFile[]) {
    this.byName = new Map(files.map((f) => [f.name, f]));
  }

  /** The file's top-level declarations and the layers of its networks. */
  declareFile(file: SourceFile): void {
    const own: MtlSymbol[] = [];
    for (const decl of file.ast.declarations) {
      const kind: SymbolKind =
        decl.kind === 'Network' ? 'network' : decl.kind === 'Experiment' ? 'experiment' : 'sweep';
      const symbol = this.declare(kind, decl, file);
      own.push(symbol);
      if (decl.kind === 'Network') this.declareLayers(decl, file, symbol);
      if (decl.kind === 'Experiment') {
        for (const item of decl.items)
          if (item.kind === 'InlineNetwork') this.declareLayers(item, file, symbol);
      }
    }
    this.topLevel.set(file, own);
  }

  /** Resolves the names the file's experiments and sweeps point at. */
  linkFile(file: SourceFile): void {
    for (const decl of file.ast.declarations) {
      if (decl.kind === 'Experiment') this.linkExperiment(file, decl);
      else if (decl.kind === 'Sweep') this.linkSweep(file, decl);
    }
  }

  table(): SymbolTable {
    const refsBySymbol = new Map<MtlSymbol, SymbolReference[]>();
    for (const ref of this.references) {
      const list = refsBySymbol.get(ref.symbol);
      if (list) list.push(ref);
      else refsBySymbol.set(ref.symbol, [ref]);
    }
    return {
      symbols: this.symbols,
      references: this.references,
      unresolved: this.unresolved,
      scope: (fileName) => this.scope(fileName),
      networkOf: (experiment) => this.networks.get(experiment),
      symbolOf: (node) => this.byNode.get(node),
      referencesTo: (symbol) => refsBySymbol.get(symbol) ?? [],
    };
  }

  private declare(kind: SymbolKind, node: Declared, file: SourceFile, container?: MtlSymbol): MtlSymbol {
    const symbol: MtlSymbol = {
      kind,
      name: node.name.name,
      file: file.name,
      nameSpan: node.name.span,
      span: node.span,
      container,
      node,
    };
    this.symbols.push(symbol);
    this.byNode.set(node, symbol);
    return symbol;
  }

  private declareLayers(body: NetworkBody, file: SourceFile, container: MtlSymbol): void {
    const map = new Map<string, MtlSymbol>();
    for (const layer of body.layers) {
      const symbol = this.declare('layer', layer, file, container);
      if (!map.has(layer.name.name)) map.set(layer.name.name, symbol);
    }
    this.layerMaps.set(body, map);
  }

  /** The top-level names a file sees: its own first, then its imports' (first declaration wins). */
  private scope(fileName: string): Map<string, MtlSymbol> {
    const cached = this.scopes.get(fileName);
    if (cached) return cached;
    const map = new Map<string, MtlSymbol>();
    const file = this.byName.get(fileName);
    if (file) {
      for (const f of scopeFiles(file)) {
        for (const s of this.topLevel.get(f) ?? []) if (!map.has(s.name)) map.set(s.name, s);
      }
    }
    this.scopes.set(fileName, map);
    return map;
  }

  private resolve(
    file: SourceFile,
    name: string,
    span: { start: number; end: number },
    expected: 'network' | 'experiment',
  ): MtlSymbol | undefined {
    const found = this.scope(file.name).get(name);
    if (found && found.kind === expected) {
      this.references.push({ file: file.name, span, symbol: found });
      return found;
    }
    const candidates = [...this.scope(file.name).values()]
      .filter((s) => s.kind === expected)
      .map((s) => s.name);
    this.unresolved.push({ file: file.name, span, name, expected, found, candidates });
    return undefined;
  }

  private linkExperiment(file: SourceFile, decl: ExperimentDecl): void {
    const item = decl.items.find((i) => i.kind === 'NetworkRef' || i.kind === 'InlineNetwork');
    if (item?.kind === 'NetworkRef') {
      const symbol = this.resolve(file, item.name.name, item.name.span, 'network');
      const node = symbol?.node;
      if (symbol && node?.kind === 'Network') {
        const layers = this.layerMaps.get(node) ?? new Map();
        this.networks.set(decl, { body: node, name: symbol.name, file: symbol.file, symbol, layers });
      }
    } else if (item?.kind === 'InlineNetwork') {
      this.networks.set(decl, {
        body: item,
        name: 'inline',
        file: file.name,
        layers: this.layerMaps.get(item) ?? new Map(),
      });
    }
    const network = this.networks.get(decl);
    if (network) this.linkReconstructLayers(file, decl, network);
  }

  private linkReconstructLayers(file: SourceFile, decl: ExperimentDecl, network: ResolvedNetwork): void {
    for (const block of decl.items) {
      if (block.kind !== 'Reconstruct') continue;
      for (const id of block.layers) {
        const layer = network.layers.get(id.name);
        if (layer) this.references.push({ file: file.name, span: id.span, symbol: layer });
        else {
          const candidates = network.body.layers.filter((l) => l.role === 'dense').map((l) => l.name.name);
          this.unresolved.push({
            file: file.name,
            span: id.span,
            name: id.name,
            expected: 'layer',
            candidates,
          });
        }
      }
    }
  }

  private linkSweep(file: SourceFile, decl: SweepDecl): void {
    const linkNetwork = (value: SweepValue | undefined): void => {
      const expr = value as Expr | undefined;
      if (expr?.kind === 'Name') this.resolve(file, expr.name, expr.span, 'network');
    };
    for (const item of decl.items) {
      if (item.kind === 'SweepBase')
        this.resolve(file, item.experiment.name, item.experiment.span, 'experiment');
      else if (item.kind === 'SweepVary' && isNetworkPath(item.path.parts)) {
        for (const value of item.values) linkNetwork(value);
      } else if (item.kind === 'SweepOverrides') {
        for (const o of item.overrides) if (isNetworkPath(o.path.parts)) linkNetwork(o.value);
      }
    }
  }
}

function isNetworkPath(parts: readonly { readonly name: string }[]): boolean {
  return parts.length === 1 && parts[0].name === 'network';
}

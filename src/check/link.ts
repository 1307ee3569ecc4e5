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
  const symbols: MtlSymbol[] = [];
  const byNode = new Map<Declared, MtlSymbol>();
  const topLevel = new Map<SourceFile, MtlSymbol[]>();
  const byName = new Map<string, SourceFile>(files.map((f) => [f.name, f]));
  const references: SymbolReference[] = [];
  const unresolved: UnresolvedReference[] = [];
  const networks = new Map<ExperimentDecl, ResolvedNetwork>();
  const layerMaps = new Map<NetworkBody, Map<string, MtlSymbol>>();

  const declare = (kind: SymbolKind, node: Declared, file: SourceFile, container?: MtlSymbol): MtlSymbol => {
    const symbol: MtlSymbol = {
      kind,
      name: node.name.name,
      file: file.name,
      nameSpan: node.name.span,
      span: node.span,
      container,
      node,
    };
    symbols.push(symbol);
    byNode.set(node, symbol);
    return symbol;
  };
  const declareLayers = (body: NetworkBody, file: SourceFile, container: MtlSymbol): void => {
    const map = new Map<string, MtlSymbol>();
    for (const layer of body.layers) {
      const symbol = declare('layer', layer, file, container);
      if (!map.has(layer.name.name)) map.set(layer.name.name, symbol);
    }
    layerMaps.set(body, map);
  };

  for (const file of files) {
    const own: MtlSymbol[] = [];
    for (const decl of file.ast.declarations) {
      const kind: SymbolKind =
        decl.kind === 'Network' ? 'network' : decl.kind === 'Experiment' ? 'experiment' : 'sweep';
      const symbol = declare(kind, decl, file);
      own.push(symbol);
      if (decl.kind === 'Network') declareLayers(decl, file, symbol);
      if (decl.kind === 'Experiment') {
        for (const item of decl.items) if (item.kind === 'InlineNetwork') declareLayers(item, file, symbol);
      }
    }
    topLevel.set(file, own);
  }

  const scopes = new Map<string, Map<string, MtlSymbol>>();
  const scope = (fileName: string): Map<string, MtlSymbol> => {
    const cached = scopes.get(fileName);
    if (cached) return cached;
    const map = new Map<string, MtlSymbol>();
    const file = byName.get(fileName);
    if (file) {
      for (const f of scopeFiles(file)) {
        for (const s of topLevel.get(f) ?? []) if (!map.has(s.name)) map.set(s.name, s);
      }
    }
    scopes.set(fileName, map);
    return map;
  };

  const resolve = (
    file: SourceFile,
    name: string,
    span: { start: number; end: number },
    expected: 'network' | 'experiment',
  ) => {
    const found = scope(file.name).get(name);
    if (found && found.kind === expected) {
      references.push({ file: file.name, span, symbol: found });
      return found;
    }
    const candidates = [...scope(file.name).values()].filter((s) => s.kind === expected).map((s) => s.name);
    unresolved.push({ file: file.name, span, name, expected, found, candidates });
    return undefined;
  };

  const linkExperiment = (file: SourceFile, decl: ExperimentDecl): void => {
    const item = decl.items.find((i) => i.kind === 'NetworkRef' || i.kind === 'InlineNetwork');
    if (item?.kind === 'NetworkRef') {
      const symbol = resolve(file, item.name.name, item.name.span, 'network');
      const node = symbol?.node;
      if (symbol && node?.kind === 'Network') {
        const layers = layerMaps.get(node) ?? new Map();
        networks.set(decl, { body: node, name: symbol.name, file: symbol.file, symbol, layers });
      }
    } else if (item?.kind === 'InlineNetwork') {
      networks.set(decl, {
        body: item,
        name: 'inline',
        file: file.name,
        layers: layerMaps.get(item) ?? new Map(),
      });
    }
    const network = networks.get(decl);
    if (!network) return;
    for (const block of decl.items) {
      if (block.kind !== 'Reconstruct') continue;
      for (const id of block.layers) {
        const layer = network.layers.get(id.name);
        if (layer) references.push({ file: file.name, span: id.span, symbol: layer });
        else {
          const candidates = network.body.layers.filter((l) => l.role === 'dense').map((l) => l.name.name);
          unresolved.push({ file: file.name, span: id.span, name: id.name, expected: 'layer', candidates });
        }
      }
    }
  };

  const linkSweepNetwork = (file: SourceFile, value: SweepValue | undefined): void => {
    const expr = value as Expr | undefined;
    if (expr?.kind === 'Name') resolve(file, expr.name, expr.span, 'network');
  };

  const linkSweep = (file: SourceFile, decl: SweepDecl): void => {
    for (const item of decl.items) {
      if (item.kind === 'SweepBase') resolve(file, item.experiment.name, item.experiment.span, 'experiment');
      else if (item.kind === 'SweepVary' && isNetworkPath(item.path.parts)) {
        for (const value of item.values) linkSweepNetwork(file, value);
      } else if (item.kind === 'SweepOverrides') {
        for (const o of item.overrides) if (isNetworkPath(o.path.parts)) linkSweepNetwork(file, o.value);
      }
    }
  };

  for (const file of files) {
    for (const decl of file.ast.declarations) {
      if (decl.kind === 'Experiment') linkExperiment(file, decl);
      else if (decl.kind === 'Sweep') linkSweep(file, decl);
    }
  }

  const refsBySymbol = new Map<MtlSymbol, SymbolReference[]>();
  for (const ref of references) {
    const list = refsBySymbol.get(ref.symbol);
    if (list) list.push(ref);
    else refsBySymbol.set(ref.symbol, [ref]);
  }

  return {
    symbols,
    references,
    unresolved,
    scope,
    networkOf: (experiment) => networks.get(experiment),
    symbolOf: (node) => byNode.get(node),
    referencesTo: (symbol) => refsBySymbol.get(symbol) ?? [],
  };
}

function isNetworkPath(parts: readonly { readonly name: string }[]): boolean {
  return parts.length === 1 && parts[0].name === 'network';
}

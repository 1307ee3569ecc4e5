import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import type { Declaration, ExperimentItem, LayerDecl, MtlFile, Span, SweepItem } from '../syntax/ast.js';
import type { LineIndex } from '../syntax/location.js';
import { spanToRange } from './text-position.js';

/** The outline: networks with their layers, experiments with their blocks, sweeps with their axes. */
export function documentSymbols(ast: MtlFile, lines: LineIndex): DocumentSymbol[] {
  const symbol = symbolMaker(lines);
  return ast.declarations.map((decl) => declaration(symbol, decl));
}

type MakeSymbol = (
  name: string,
  detail: string,
  kind: SymbolKind,
  span: Span,
  nameSpan: Span,
  children?: DocumentSymbol[],
) => DocumentSymbol;

/** Symbols with their ranges in `lines`; the selection falls back to the whole span when the name is outside it. */
function symbolMaker(lines: LineIndex): MakeSymbol {
  return (name, detail, kind, span, nameSpan, children) => {
    const selection = nameSpan.start >= span.start && nameSpan.end <= span.end ? nameSpan : span;
    const out: DocumentSymbol = {
      name: name || '?',
      detail,
      kind,
      range: spanToRange(lines, span),
      selectionRange: spanToRange(lines, selection),
    };
    if (children) out.children = children;
    return out;
  };
}

/** The first `length` characters of a span: a block's keyword. */
const head = (span: Span, length: number): Span => ({
  start: span.start,
  end: Math.min(span.end, span.start + length),
});

const layer = (symbol: MakeSymbol, l: LayerDecl) =>
  symbol(
    l.name.name,
    `${l.role} ${l.units?.text ?? '?'} ${l.activation?.name ?? ''}`.trim(),
    SymbolKind.Field,
    l.span,
    l.name.span,
  );

function experimentItem(symbol: MakeSymbol, item: ExperimentItem): DocumentSymbol {
  switch (item.kind) {
    case 'Data':
      return symbol('data', item.source.name, SymbolKind.Object, item.span, item.source.span);
    case 'NetworkRef':
      return symbol('network', item.name.name, SymbolKind.Variable, item.span, item.name.span);
    case 'InlineNetwork':
      return symbol(
        'network',
        'inline',
        SymbolKind.Class,
        item.span,
        head(item.span, 7),
        item.layers.map((l) => layer(symbol, l)),
      );
    case 'Reconstruct':
      return symbol(
        'reconstruct',
        item.layers.map((l) => l.name).join(', '),
        SymbolKind.Object,
        item.span,
        head(item.span, 11),
      );
    case 'WeightsEquations':
      return symbol('weights', 'equations', SymbolKind.Object, item.span, head(item.span, 7));
    case 'WeightsSchedule':
      return symbol(
        'weights',
        `schedule ${item.schedule.name.name}`,
        SymbolKind.Object,
        item.span,
        head(item.span, 7),
      );
    case 'Train':
      return symbol('train', '', SymbolKind.Object, item.span, head(item.span, 5));
  }
}
function sweepItem(symbol: MakeSymbol, item: SweepItem): DocumentSymbol {
  switch (item.kind) {
    case 'SweepBase':
      return symbol('base', item.experiment.name, SymbolKind.Variable, item.span, item.experiment.span);
    case 'SweepVary': {
      const path = item.path.parts.map((p) => p.name).join('.');
      return symbol(
        `vary ${path}`,
        `${item.values.length} values`,
        SymbolKind.Array,
        item.span,
        item.path.span,
      );
    }
    case 'SweepOverrides':
      return symbol(
        item.which,
        `${item.overrides.length} overrides`,
        SymbolKind.Object,
        item.span,
        head(item.span, item.which.length),
      );
    case 'SweepRepeat':
      return symbol('repeat', item.count?.text ?? '', SymbolKind.Number, item.span, head(item.span, 6));
  }
}

function declaration(symbol: MakeSymbol, decl: Declaration): DocumentSymbol {
  switch (decl.kind) {
    case 'Network':
      return symbol(
        decl.name.name,
        'network',
        SymbolKind.Class,
        decl.span,
        decl.name.span,
        decl.layers.map((l) => layer(symbol, l)),
      );
    case 'Experiment':
      return symbol(
        decl.name.name,
        'experiment',
        SymbolKind.Module,
        decl.span,
        decl.name.span,
        decl.items.map((item) => experimentItem(symbol, item)),
      );
    case 'Sweep':
      return symbol(
        decl.name.name,
        'sweep',
        SymbolKind.Namespace,
        decl.span,
        decl.name.span,
        decl.items.map((item) => sweepItem(symbol, item)),
      );
  }
}

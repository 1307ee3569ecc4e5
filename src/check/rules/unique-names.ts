import type { RuleContext } from '../context.js';
import { scopeFiles } from '../link.js';
import type { SourceFile } from '../program.js';
import type { MtlSymbol } from '../symbols.js';
import type { Visitor } from '../walk.js';

const A_KIND: Record<string, string> = {
  network: 'a network',
  experiment: 'an experiment',
  sweep: 'a sweep',
  layer: 'a layer',
};

/**
 * Networks, experiments and sweeps have unique names across a file and what it
 * imports (MTL012), and layers unique names within their network (MTL014).
 * Language reference §3, §4.
 */
export function uniqueNamesRule(ctx: RuleContext): Visitor {
  const symbols = ctx.program.symbols;
  const reportDuplicate = (file: string, symbol: MtlSymbol, first: MtlSymbol, via?: SourceFile) => {
    const where = first.file === file ? '' : ` in ${first.file}`;
    ctx.report({
      code: 'MTL012',
      file,
      span: via ? (findImportSpan(via, symbol.file) ?? symbol.nameSpan) : symbol.nameSpan,
      message: `'${symbol.name}' is already declared as ${A_KIND[first.kind]}${where}`,
      related: [
        { file: first.file, span: first.nameSpan, message: `'${first.name}' is first declared here` },
      ],
    });
  };
  return {
    File() {
      const file = ctx.file;
      const seen = new Map<string, MtlSymbol>();
      // The file's own declarations come first in its scope.
      for (const f of scopeFiles(file)) {
        for (const decl of f.ast.declarations) {
          const symbol = symbols.symbolOf(decl);
          if (!symbol) continue;
          const first = seen.get(symbol.name);
          if (!first) {
            seen.set(symbol.name, symbol);
          } else if (f === file) {
            reportDuplicate(file.name, symbol, first);
          } else if (first.file === file.name) {
            // Own name against an imported one: blame the own declaration.
            reportDuplicate(file.name, first, symbol);
          } else if (!scopeFiles(f).some((g) => g.name === first.file)) {
            // Two imports clash; the file that brings both together is to blame.
            reportDuplicate(file.name, symbol, first, file);
          }
        }
      }
    },
    Network(node) {
      checkLayers(ctx, node.layers);
    },
    InlineNetwork(node) {
      checkLayers(ctx, node.layers);
    },
  };
}

/** When two imports clash, the place to blame in the importing file is the import that brought the later one. */
function findImportSpan(file: SourceFile, declaringFile: string) {
  for (const imp of file.imports) {
    if (!imp.target) continue;
    if (scopeFiles(imp.target).some((f) => f.name === declaringFile)) return imp.decl.pathSpan;
  }
  return undefined;
}

function checkLayers(
  ctx: RuleContext,
  layers: readonly { name: { name: string; span: { start: number; end: number } } }[],
) {
  const seen = new Map<string, { start: number; end: number }>();
  for (const layer of layers) {
    const first = seen.get(layer.name.name);
    if (first) {
      ctx.report({
        code: 'MTL014',
        span: layer.name.span,
        message: `layer '${layer.name.name}' is already declared in this network`,
        related: [{ file: ctx.file.name, span: first, message: 'first declared here' }],
      });
    } else seen.set(layer.name.name, layer.name.span);
  }
}

import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * Lint: a network declared beside experiments or sweeps that no experiment or
 * sweep of the checked files uses (MTL200, warning). A file of networks only is
 * a library and is never warned about. Language reference §3.
 */
export function unusedNetworksRule(ctx: RuleContext): Visitor {
  return {
    File(node) {
      if (!node.declarations.some((d) => d.kind !== 'Network')) return;
      const symbols = ctx.program.symbols;
      // A network name that failed to resolve may have meant any of them.
      if (symbols.unresolved.some((r) => r.expected === 'network')) return;
      const scope = symbols.scope(ctx.file.name);
      for (const decl of node.declarations) {
        if (decl.kind !== 'Network') continue;
        const symbol = symbols.symbolOf(decl);
        // A duplicate is reported as such (MTL012), not as unused.
        if (symbol && scope.get(symbol.name) === symbol && symbols.referencesTo(symbol).length === 0) {
          ctx.report({
            code: 'MTL200',
            span: decl.name.span,
            message: `network '${decl.name.name}' is not used by any experiment or sweep`,
          });
        }
      }
    },
  };
}

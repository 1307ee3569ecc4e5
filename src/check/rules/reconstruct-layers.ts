import type { Span } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import { didYouMean, suggest } from '../suggest.js';
import type { Visitor } from '../walk.js';

/**
 * `reconstruct` lists hidden layers of the experiment's network (MTL050), each
 * in one reconstruct block only (MTL051): a DAE's coder is the layer itself,
 * so there is one DAE per layer. Language reference §6.
 */
export function reconstructLayersRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const network = view.network;
      if (!network) return;
      const hidden = view.hidden.map((l) => l.name.name);
      const label = network.symbol ? `network ${network.name}` : 'the inline network';
      const seen = new Map<string, Span>();
      for (const block of view.reconstruct) {
        for (const id of block.layers) {
          const layer = network.layers.get(id.name);
          if (!layer) {
            const suggestions = suggest(id.name, hidden);
            ctx.report({
              code: 'MTL050',
              span: id.span,
              message: `${label} has no layer '${id.name}'${didYouMean(suggestions)}${suggestions.length ? '' : ` (its hidden layers: ${hidden.join(', ')})`}`,
              suggestions,
            });
            continue;
          }
          if (layer.node.kind === 'Layer' && layer.node.role === 'output') {
            ctx.report({
              code: 'MTL050',
              span: id.span,
              message: `'${id.name}' is the output layer of ${label}; reconstruct takes hidden layers (${hidden.join(', ')})`,
              related: [{ file: layer.file, span: layer.nameSpan, message: 'the output layer' }],
            });
            continue;
          }
          const first = seen.get(id.name);
          if (first) {
            ctx.report({
              code: 'MTL051',
              span: id.span,
              message: `layer '${id.name}' is already reconstructed: one DAE per layer`,
              related: [{ file: ctx.file.name, span: first, message: 'first listed here' }],
            });
          } else seen.set(id.name, id.span);
        }
      }
    },
  };
}

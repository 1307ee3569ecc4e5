import type { RuleContext } from '../context.js';
import { decoderSoftmaxProblems } from '../setting-values.js';
import type { Visitor } from '../walk.js';

/**
 * softmax is for the output layer only: not on a hidden layer, whose units
 * would compete instead of coding features, and not on a DAE's decoder (MTL032).
 * Language reference §4, §6.
 */
export function softmaxPlacementRule(ctx: RuleContext): Visitor {
  return {
    Layer(node) {
      if (node.role === 'dense' && node.activation?.name === 'softmax') {
        ctx.report({
          code: 'MTL032',
          span: node.activation.span,
          message: `softmax is for the output layer only; hidden layer '${node.name.name}' needs sigmoid, tanh, relu or linear`,
        });
      }
    },
    Reconstruct(node) {
      for (const s of node.settings) {
        if (s.key.name === 'decoder') for (const p of decoderSoftmaxProblems(s.value)) ctx.report(p);
      }
    },
  };
}

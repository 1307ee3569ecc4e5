import type { RuleContext } from '../context.js';
import { asWords } from '../settings.js';
import type { Visitor } from '../walk.js';

const RANGES: Readonly<Record<string, string>> = {
  tanh: '[-1, 1]',
  relu: '[0, ∞)',
  linear: '(-∞, ∞)',
};

/**
 * A DAE with `cost cross_entropy` (the default) needs outputs in (0, 1) — a
 * sigmoid decoder — and targets in [0, 1]: the layer below must be the input
 * (pixels in [0, 1]) or a sigmoid layer, not tanh, relu or linear (MTL053).
 * Language reference §6.
 */
export function crossEntropyRangeRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      for (const block of view.reconstruct) {
        const cost = view.setting(block, 'cost');
        const costWord = asWords(cost?.value);
        if (cost && costWord?.[0]?.name !== 'cross_entropy') continue;
        const decoder = view.setting(block, 'decoder');
        const activation = asWords(decoder?.value)?.at(-1);
        // An unknown activation is already MTL020; saying more about it would be noise.
        if (decoder && activation && RANGES[activation.name] !== undefined) {
          ctx.report({
            code: 'MTL053',
            span: activation.span,
            message: `cross_entropy needs decoder outputs in (0, 1), but a ${activation.name} decoder is not; use decoder sigmoid or cost squared_error`,
          });
        }
        if (!view.network) continue;
        for (const id of block.layers) {
          const k = view.hidden.findIndex((l) => l.name.name === id.name);
          if (k <= 0) continue;
          const below = view.hidden[k - 1];
          const act = below.activation?.name ?? '';
          const range = RANGES[act];
          if (!range) continue;
          ctx.report({
            code: 'MTL053',
            span: id.span,
            message: `cross_entropy needs targets in [0, 1], but '${id.name}' reconstructs the output of '${below.name.name}' (${act}, values in ${range}); use cost squared_error`,
            related: cost ? [{ file: ctx.file.name, span: cost.span, message: 'the cost' }] : [],
          });
        }
      }
    },
  };
}

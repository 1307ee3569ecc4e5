import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * Lint: an experiment with reconstruct blocks whose `order alternate` has no
 * reconstruction step never trains its DAEs (MTL205, warning). Language reference §6, §9.
 */
export function reconstructionStepRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const order = view.order;
      if (view.reconstruct.length === 0 || order?.mode.name !== 'alternate' || order.steps.length === 0)
        return;
      if (order.steps.some((s) => s.objective.name === 'reconstruction')) return;
      ctx.report({
        code: 'MTL205',
        span: order.mode.span,
        message:
          'the experiment reconstructs layers, but this order has no reconstruction step: its DAEs are never trained',
      });
    },
  };
}

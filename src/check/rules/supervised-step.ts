import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * Lint: an `order alternate` without a supervised step never trains the
 * output layer (MTL203, warning). Language reference §9.
 */
export function supervisedStepRule(ctx: RuleContext): Visitor {
  return {
    Order(node) {
      if (node.mode.name !== 'alternate' || node.steps.length === 0) return;
      if (node.steps.some((s) => s.objective.name === 'supervised')) return;
      ctx.report({
        code: 'MTL203',
        span: node.mode.span,
        message: 'this order has no supervised step: the output layer is never trained',
      });
    },
  };
}

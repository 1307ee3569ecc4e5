import { constantValue } from '../constants.js';
import type { RuleContext } from '../context.js';
import { formatNumber } from '../schedules.js';
import { asCall } from '../settings.js';
import type { Visitor } from '../walk.js';

/**
 * `optimizer sgd` takes only a named momentum in [0, 1): `sgd(momentum: 0.9)`
 * (MTL082). Language reference §9.
 */
export function optimizerRule(ctx: RuleContext): Visitor {
  return {
    Train(node) {
      for (const item of node.items) {
        if (item.kind !== 'Setting' || item.key.name !== 'optimizer') continue;
        const call = asCall(item.value);
        if (call?.name.name !== 'sgd') continue;
        const seen = new Set<string>();
        for (const arg of call.args) {
          if (!arg.label) {
            ctx.report({
              code: 'MTL082',
              span: arg.span,
              message: 'sgd takes named arguments: sgd(momentum: 0.9)',
            });
            continue;
          }
          if (arg.label.name !== 'momentum') continue;
          if (seen.has('momentum')) {
            ctx.report({ code: 'MTL082', span: arg.label.span, message: 'momentum is given twice' });
          }
          seen.add('momentum');
          const value = constantValue(arg.value);
          if (value !== undefined && !(value >= 0 && value < 1)) {
            ctx.report({
              code: 'MTL082',
              span: arg.value.span,
              message: `momentum must be in [0, 1), not ${formatNumber(value)}`,
            });
          }
        }
      }
    },
  };
}

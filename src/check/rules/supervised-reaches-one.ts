import type { RuleContext } from '../context.js';
import { atEpoch, formatNumber } from '../schedules.js';
import type { Visitor } from '../walk.js';

/**
 * Lint: the supervised task is the final target (paper §2), so an evolving
 * λ_s should reach 1 by the last epoch — within 1/T, so that `lin` (t/T) passes
 * — and λ_s must not be 0 throughout (MTL202, warning). A constant λ_s is a
 * deliberate choice and is not warned about. Language reference §7.
 */
export function supervisedReachesOneRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const sup = ctx.series(view)?.supervised;
      if (!sup || sup.values.length === 0) return;
      const values = sup.values;
      const T = values.length;
      if (values.every((x) => x === 0)) {
        ctx.report({
          code: 'MTL202',
          span: sup.span,
          message: `λ_s is 0 at every epoch (T = ${T}): the supervised task is never trained`,
        });
        return;
      }
      const last = values[T - 1];
      if (sup.varies && last < 1 - 1 / T - 1e-9) {
        ctx.report({
          code: 'MTL202',
          span: sup.span,
          message: `λ_s never reaches 1: λ_s(t) = ${formatNumber(last)} at ${atEpoch(T - 1)}, the last epoch`,
        });
      }
    },
  };
}

import type { RuleContext } from '../context.js';
import { verifySchedules } from '../schedules.js';
import type { Visitor } from '../walk.js';

/**
 * Evaluated at every epoch t = 0…T−1: λ_s(t) and λ_r(t) lie in [0, 1]
 * (MTL090) and sum to 1 within 1e-9 (MTL091, warning); every lr is positive
 * (MTL092); nothing is NaN or infinite (MTL093); per-DAE weights are ≥ 0
 * (MTL094). Each message names the first epoch at fault. Language reference §7, §9.
 */
export function scheduleVerificationRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const series = ctx.series(ctx.view(node));
      if (!series) return;
      for (const p of verifySchedules(series)) ctx.report(p);
    },
  };
}

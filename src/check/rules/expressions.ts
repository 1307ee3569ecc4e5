import type { RuleContext } from '../context.js';
import { checkExpr } from '../expr-check.js';
import { experimentSites } from '../expr-sites.js';
import type { Visitor } from '../walk.js';

/**
 * Expressions use known names (t and T; supervised and reconstruction only
 * inside weights; nothing but constants in counts and arguments) (MTL070), known
 * functions (MTL071) with the right number of arguments (MTL072), and numbers
 * and conditions where each belongs (MTL073). Language reference §8.
 */
export function expressionsRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      for (const site of experimentSites(ctx.view(node))) {
        for (const p of checkExpr(site.expr, site.scope)) ctx.report(p);
      }
    },
  };
}

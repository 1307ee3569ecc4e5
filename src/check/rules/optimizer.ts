import type { RuleContext } from '../context.js';
import { optimizerArgProblems } from '../setting-values.js';
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
        for (const p of optimizerArgProblems(item.value)) ctx.report(p);
      }
    },
  };
}

import type { RuleContext } from '../context.js';
import { noiseParamProblems } from '../setting-values.js';
import type { Visitor } from '../walk.js';

/**
 * Noise takes its one parameter in range: mask(p) and salt_pepper(p) with p in
 * [0, 1), gaussian(sigma) with sigma ≥ 0, and none takes none (MTL052).
 * Language reference §6.
 */
export function noiseParamsRule(ctx: RuleContext): Visitor {
  return {
    Reconstruct(node) {
      for (const s of node.settings) {
        if (s.key.name === 'noise') for (const p of noiseParamProblems(s.value)) ctx.report(p);
      }
    },
  };
}

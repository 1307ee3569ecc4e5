import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * Lint: a reconstruct block whose weight λ_r(t) × weight(t) is 0 at every epoch
 * trains nothing (MTL201, warning). Language reference §6, §7.
 */
export function deadReconstructRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const series = ctx.series(view);
      const rec = series?.reconstruction?.values;
      if (!series || !rec) return;
      for (const block of view.reconstruct) {
        const factor = series.daeWeights.get(block)?.values;
        if (!factor) continue;
        let alive = false;
        for (let t = 0; t < rec.length && !alive; t++) alive = rec[t] * factor[t] !== 0;
        if (!alive) {
          ctx.report({
            code: 'MTL201',
            span: { start: block.span.start, end: Math.min(block.span.end, block.span.start + 11) },
            message: `the weight λ_r(t) × weight(t) of this reconstruct block is 0 at every epoch: its DAEs are never trained`,
          });
        }
      }
    },
  };
}

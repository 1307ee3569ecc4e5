import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * Info: what `skip below EPS` drops — for λ_r and λ_s, how many epochs have a
 * weight above 0 but below EPS (their steps are not taken) and the first of
 * them (MTL206, info). Language reference §9.
 */
export function skipBelowRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const below = view.skip?.below;
      if (!below) return;
      const series = ctx.series(view);
      if (!series) return;
      const eps = below.value;
      const shown = below.text;
      const parts: string[] = [];
      for (const [name, values] of [
        ['λ_r', series.reconstruction?.values],
        ['λ_s', series.supervised?.values],
      ] as const) {
        if (!values) continue;
        let first = -1;
        let count = 0;
        values.forEach((value, t) => {
          if (value > 0 && value < eps) {
            count++;
            if (first < 0) first = t;
          }
        });
        if (count > 0)
          parts.push(`${name}(t) < ${shown} at ${count} of ${series.T} epochs, from epoch ${first}`);
      }
      ctx.report({
        code: 'MTL206',
        span: below.span,
        message:
          parts.length === 0
            ? `skip below ${shown} skips no step: no weight lies strictly between 0 and ${shown}`
            : `skip below ${shown} skips steps where ${parts.join('; ')}`,
      });
    },
  };
}

import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * Lint: `evaluate every N` or `checkpoint every N` with N larger than the
 * epochs never fires during training (MTL204, warning). Language reference §9.
 */
export function periodLengthRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const T = view.epochs;
      if (T === undefined) return;
      for (const every of [view.evaluate, view.checkpoint]) {
        const n = every?.every?.value;
        if (!every?.every || n === undefined || !Number.isFinite(n) || n <= T) continue;
        const effect = every.what === 'evaluate' ? 'it evaluates at the end only' : 'it never checkpoints';
        ctx.report({
          code: 'MTL204',
          span: every.every.span,
          message: `${every.what} every ${n} is longer than the ${T} epochs: ${effect}`,
        });
      }
    },
  };
}

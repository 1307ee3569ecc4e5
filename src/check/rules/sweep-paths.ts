import type { SettingPath, SweepValue } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import { didYouMean, suggest } from '../suggest.js';
import { pathOf, sweepModel } from '../sweep-model.js';
import { sweepValueProblems } from '../sweep-value-kinds.js';
import { SWEEP_PATHS } from '../vocabulary.js';
import type { Visitor } from '../walk.js';

/**
 * `vary` and override paths are settings a sweep can set (MTL100): data.labeled,
 * data.unlabeled, data.validation, data.seed, train.epochs, train.batch,
 * train.lr, train.seed, train.optimizer, network, weights, reconstruct.noise,
 * reconstruct.decoder, reconstruct.cost, reconstruct.gradient,
 * reconstruct.weight — and each value is of the kind its path takes (MTL102),
 * checked as the setting is in its block (sweep-value-kinds.ts). Language reference §10.
 */
export function sweepPathsRule(ctx: RuleContext): Visitor {
  const checkPath = (
    path: SettingPath,
    values: readonly (SweepValue | undefined)[],
    hasReconstruct: boolean | undefined,
  ) => {
    const name = pathOf(path);
    const info = SWEEP_PATHS[name];
    if (!info) {
      const suggestions = suggest(name, Object.keys(SWEEP_PATHS));
      ctx.report({
        code: 'MTL100',
        span: path.span,
        message: `a sweep cannot set '${name}'${didYouMean(suggestions)}${suggestions.length ? '' : ` (it can set ${Object.keys(SWEEP_PATHS).join(', ')})`}`,
        suggestions,
      });
      return;
    }
    if (name.startsWith('reconstruct.') && hasReconstruct === false) {
      ctx.report({
        code: 'MTL100',
        span: path.span,
        message: `the base experiment has no reconstruct blocks to set ${name} on`,
      });
    }
    for (const value of values) {
      if (value) for (const p of sweepValueProblems(name, info, value)) ctx.report(p);
    }
  };
  return {
    Sweep(node) {
      const model = sweepModel(node, ctx.program.symbols);
      const hasReconstruct = model.base ? ctx.view(model.base).reconstruct.length > 0 : undefined;
      for (const item of node.items) {
        if (item.kind === 'SweepVary') {
          if (item.values.length === 0 && !ctx.syntaxErrorWithin(item.span)) {
            ctx.report({
              code: 'MTL022',
              span: item.path.span,
              message: `vary ${pathOf(item.path)} needs at least one value`,
            });
          }
          checkPath(item.path, item.values, hasReconstruct);
        } else if (item.kind === 'SweepOverrides') {
          for (const o of item.overrides) checkPath(o.path, [o.value], hasReconstruct);
        }
      }
    },
  };
}

import type { SettingPath, SweepValue } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import { checkExpr } from '../expr-check.js';
import { didYouMean, suggest } from '../suggest.js';
import { pathOf, sweepModel } from '../sweep-model.js';
import { SCHEDULES, SWEEP_PATHS } from '../vocabulary.js';
import type { Visitor } from '../walk.js';
import { readSchedule } from '../weights.js';

const KIND_TEXT = {
  count: 'numbers',
  expr: 'expressions of t and T',
  word: 'words',
  network: 'network names',
  schedule: 'schedules (schedule exp(40), …)',
} as const;

/**
 * `vary` and override paths are settings a sweep can set (MTL100): data.labeled,
 * data.unlabeled, data.validation, data.seed, train.epochs, train.batch,
 * train.lr, train.seed, train.optimizer, network, weights, reconstruct.noise,
 * reconstruct.decoder, reconstruct.cost, reconstruct.gradient,
 * reconstruct.weight — and each value is of the kind its path takes (MTL102).
 * Language reference §10.
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
      if (!value) continue;
      const wrong = () =>
        ctx.report({ code: 'MTL102', span: value.span, message: `${name} takes ${KIND_TEXT[info.value]}` });
      if (info.value === 'schedule') {
        if (value.kind !== 'WeightsSchedule') {
          wrong();
          continue;
        }
        const schedule = value.schedule;
        if (!(SCHEDULES as readonly string[]).includes(schedule.name.name)) {
          const suggestions = suggest(schedule.name.name, SCHEDULES);
          ctx.report({
            code: 'MTL020',
            span: schedule.name.span,
            message: `unknown schedule '${schedule.name.name}'${didYouMean(suggestions)}`,
            suggestions,
          });
          continue;
        }
        for (const arg of schedule.args) {
          for (const p of checkExpr(arg, {
            names: [],
            what: `${schedule.name.name}'s argument`,
            constant: true,
          }))
            ctx.report(p);
        }
        const read = readSchedule(schedule);
        if (read && 'problem' in read) ctx.report({ code: 'MTL061', ...read.problem });
        continue;
      }
      if (value.kind === 'WeightsSchedule') {
        wrong();
        continue;
      }
      if (info.value === 'network') {
        if (value.kind !== 'Name') wrong();
      } else if (info.value === 'word') {
        if (value.kind !== 'Name') {
          ctx.report({
            code: 'MTL102',
            span: value.span,
            message: `${name} takes ${(info.words ?? []).join(', ')} in a sweep (a setting with arguments cannot be varied: vary it in separate experiments)`,
          });
        } else if (!info.words?.includes(value.name)) {
          const suggestions = suggest(value.name, info.words ?? []);
          ctx.report({
            code: 'MTL020',
            span: value.span,
            message: `${name} cannot be '${value.name}'${didYouMean(suggestions)}${suggestions.length ? '' : ` (expected ${(info.words ?? []).join(', ')})`}`,
            suggestions,
          });
        }
      }
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

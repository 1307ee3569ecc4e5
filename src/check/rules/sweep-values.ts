import type { Expr, Span } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import { checkExpr } from '../expr-check.js';
import { didYouMean } from '../suggest.js';
import { type SweepModel, sweepModel, valueExpr, valueScope } from '../sweep-model.js';
import { SWEEP_PATHS } from '../vocabulary.js';
import type { Visitor } from '../walk.js';
import { namesIn } from '../weights.js';

/**
 * A sweep value may be an expression over the other varied names, each named
 * by the last part of its path; naming anything else, itself, or a cycle of
 * values is MTL101; other expression problems are MTL071–MTL073.
 * Language reference §8, §10.
 */
export function sweepValuesRule(ctx: RuleContext): Visitor {
  const checkValue = (model: SweepModel, path: string, expr: Expr, override: boolean, self?: string) => {
    const info = SWEEP_PATHS[path];
    if (!info || (info.value !== 'count' && info.value !== 'expr')) return;
    const scope = valueScope(model, path, override);
    const varied = model.vary.map((v) => v.name);
    const names = self ? { ...scope, names: [...scope.names, self] } : scope;
    for (const p of checkExpr(expr, names)) {
      if (p.code !== 'MTL070') {
        ctx.report(p);
        continue;
      }
      const name = ctx.file.text.slice(p.span.start, p.span.end);
      const tail = varied.length ? ` (varied: ${varied.join(', ')})` : ' (this sweep varies nothing)';
      if (!p.message.startsWith('unknown name')) {
        ctx.report({ ...p, code: 'MTL101', message: `${p.message}${tail}` });
        continue;
      }
      const suggestions = (p.suggestions ?? []).filter((s) => s !== self);
      ctx.report({
        span: p.span,
        code: 'MTL101',
        message: `'${name}' is not a varied name${didYouMean(suggestions)}${tail}`,
        suggestions,
      });
    }
    if (self && namesIn(expr).has(self)) {
      ctx.report({
        code: 'MTL101',
        span: expr.span,
        message: `a value of ${path} refers to ${self}, itself`,
      });
    }
    const ambiguous = [...namesIn(expr)].filter((n) => model.vary.filter((v) => v.name === n).length > 1);
    for (const name of ambiguous) {
      const paths = model.vary.filter((v) => v.name === name).map((v) => v.path);
      ctx.report({
        code: 'MTL101',
        span: expr.span,
        message: `'${name}' is ambiguous here: it names ${paths.join(' and ')}`,
      });
    }
  };
  return {
    Sweep(node) {
      const model = sweepModel(node, ctx.program.symbols);
      for (const v of model.vary) {
        for (const value of v.item.values) {
          const expr = valueExpr(value);
          if (expr) checkValue(model, v.path, expr, false, v.name);
        }
      }
      for (const block of [model.baseline, model.control]) {
        for (const o of block?.overrides ?? []) {
          const expr = valueExpr(o.value);
          if (expr) checkValue(model, o.path.parts.map((p) => p.name).join('.'), expr, true);
        }
      }
      reportCycles(ctx, model);
    },
  };
}

/** Varied values that depend on each other in a circle can never be computed. */
function reportCycles(ctx: RuleContext, model: SweepModel): void {
  const deps = new Map<string, { names: Set<string>; span: Span }>();
  for (const v of model.vary) {
    // Only numbers and expressions read varied names; `mask(p)` or `sgd` name nothing varied.
    if (v.info?.value !== 'count' && v.info?.value !== 'expr') continue;
    const names = new Set<string>();
    for (const value of v.item.values) {
      const expr = valueExpr(value);
      if (expr)
        for (const n of namesIn(expr)) if (n !== v.name && model.vary.some((o) => o.name === n)) names.add(n);
    }
    if (!deps.has(v.name)) deps.set(v.name, { names, span: v.item.path.span });
  }
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const next of deps.get(name)?.names ?? []) {
      if (state.get(next) === 'active') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        ctx.report({
          code: 'MTL101',
          span: deps.get(next)!.span,
          message: `varied values refer to each other in a cycle: ${cycle.join(' → ')}`,
        });
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of deps.keys()) if (!state.has(name)) visit(name);
}

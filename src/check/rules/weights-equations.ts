import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';
import { equationsByTarget, namesIn, readSchedule } from '../weights.js';

/**
 * Weights equations may have one refer to the other, not both, and neither
 * itself (MTL060); a named schedule takes the arguments of §7's table as
 * constants: stairs(t1 ≥ 0), lin or lin(t1 > 0), exp(sigma > 0), constant(a),
 * supervised_only (MTL061). Language reference §7.
 */
export function weightsEquationsRule(ctx: RuleContext): Visitor {
  return {
    WeightsEquations(node) {
      const eqs = equationsByTarget(node);
      const s = eqs.supervised;
      const r = eqs.reconstruction;
      for (const eq of [s, r]) {
        if (eq?.value && namesIn(eq.value).has(eq.target.name)) {
          ctx.report({ code: 'MTL060', span: eq.value.span, message: `${eq.target.name} refers to itself` });
        }
      }
      if (
        s?.value &&
        r?.value &&
        namesIn(s.value).has('reconstruction') &&
        namesIn(r.value).has('supervised')
      ) {
        ctx.report({
          code: 'MTL060',
          span: r.value.span,
          message:
            'supervised and reconstruction refer to each other: give one of them as a function of t and T',
          related: [
            { file: ctx.file.name, span: s.value.span, message: 'supervised refers to reconstruction here' },
          ],
        });
      }
    },
    ScheduleRef(node) {
      const read = readSchedule(node);
      if (read && 'problem' in read) ctx.report({ code: 'MTL061', ...read.problem });
    },
  };
}

import type { Span } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * Steps fit the rows and tasks there are: a supervised step runs on labeled
 * rows, never on `batch` or `unlabeled`, and not at all when labeled is 0
 * (MTL080); a reconstruction step needs reconstruct blocks (MTL081, warning);
 * `order alternate` lists steps and `order joint` none (MTL083). Language reference §9.
 */
export function stepsRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const order = view.order;
      const labeled = view.count(view.data, 'labeled');
      const labeledSpan = view.setting(view.data, 'labeled')?.value?.span;
      const noLabels = (at: Span, what: string) =>
        ctx.report({
          code: 'MTL080',
          span: at,
          message: `${what}, but labeled is 0: there are no labeled rows to learn from`,
          related: labeledSpan ? [{ file: ctx.file.name, span: labeledSpan, message: 'labeled 0' }] : [],
        });
      if (!order) {
        if (view.train && labeled === 0 && !ctx.syntaxErrorWithin(view.train.span)) {
          noLabels(
            { start: view.train.span.start, end: view.train.span.start + 5 },
            'the default order has a supervised step',
          );
        }
        return;
      }
      const mode = order.mode.name;
      if (mode === 'joint') {
        if (order.steps.length > 0) {
          ctx.report({
            code: 'MTL083',
            span: order.steps[0].span,
            message:
              'order joint takes no steps: it makes one gradient step on λ_s·J_s + λ_r·J_r per mini-batch',
          });
        }
        if (labeled === 0) noLabels(order.mode.span, 'order joint trains the supervised task');
        return;
      }
      if (mode === 'alternate' && order.steps.length === 0 && !ctx.syntaxErrorWithin(order.span)) {
        ctx.report({
          code: 'MTL083',
          span: order.mode.span,
          message: 'order alternate needs at least one step',
        });
      }
      for (const step of order.steps) {
        const objective = step.objective.name;
        const rows = step.rows?.name;
        if (objective === 'supervised') {
          if (rows === 'batch' || rows === 'unlabeled') {
            ctx.report({
              code: 'MTL080',
              span: step.rows?.span ?? step.span,
              message: `a supervised step needs labels: 'on ${rows}' ${rows === 'batch' ? 'includes' : 'is'} unlabeled rows; use 'on labeled'`,
              suggestions: ['labeled'],
            });
          } else if (labeled === 0) {
            noLabels(step.objective.span, 'this is a supervised step');
          }
        } else if (objective === 'reconstruction' && view.reconstruct.length === 0) {
          ctx.report({
            code: 'MTL081',
            span: step.objective.span,
            message: 'reconstruction step, but the experiment has no reconstruct blocks: it will do nothing',
          });
        }
      }
    },
  };
}

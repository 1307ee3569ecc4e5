import { constantValue } from '../constants.js';
import type { RuleContext } from '../context.js';
import { DEFAULT_VALIDATION } from '../data-source.js';
import type { Visitor } from '../walk.js';

/**
 * The data fits the experiment: its IDX files exist and agree (MTL041,
 * MTL042), the network's input is as wide as an example (784 for MNIST; the
 * product of an IDX image's dimensions) (MTL033), a MNIST output has 10 units
 * (MTL034), labeled + unlabeled fit in the pool left after validation, and
 * validation fits in the training set (MTL040). Language reference §4, §5.
 */
export function dataFitRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const info = ctx.dataset(view);
      if (!view.data || !info) return;
      for (const p of info.problems) ctx.report(p);

      const network = view.network;
      const input = network?.body.input;
      const width = constantValue(input?.size);
      const what = info.source === 'mnist' ? 'MNIST images have' : 'the IDX images have';
      if (
        network &&
        input &&
        width !== undefined &&
        info.inputWidth !== undefined &&
        width !== info.inputWidth
      ) {
        const inline = network.symbol === undefined;
        ctx.report({
          code: 'MTL033',
          span: inline || !view.networkItem ? input.size.span : view.networkItem.span,
          message: `${inline ? 'the network' : `network ${network.name}`} takes input ${width}, but ${what} ${info.inputWidth} values each`,
          related: inline
            ? []
            : [{ file: network.file, span: input.size.span, message: `input of ${network.name}` }],
        });
      }
      const output = view.output;
      const units = constantValue(output?.units);
      if (
        info.classes !== undefined &&
        output &&
        units !== undefined &&
        Number.isInteger(units) &&
        units !== info.classes
      ) {
        const inline = network?.symbol === undefined;
        ctx.report({
          code: 'MTL034',
          span:
            inline || !view.networkItem ? (output.units?.span ?? output.name.span) : view.networkItem.span,
          message: `output layer '${output.name.name}' has ${units} units, but MNIST has ${info.classes} classes`,
          related:
            inline || !network
              ? []
              : [{ file: network.file, span: output.name.span, message: `output of ${network.name}` }],
        });
      }
      checkCounts(ctx, view, info.trainCount);
    },
  };
}

function checkCounts(
  ctx: RuleContext,
  view: ReturnType<RuleContext['view']>,
  trainCount: number | undefined,
): void {
  if (trainCount === undefined || !view.data) return;
  const data = view.data;
  const validationSetting = view.setting(data, 'validation');
  const validation = validationSetting ? view.count(data, 'validation') : DEFAULT_VALIDATION;
  if (validation === undefined) return;
  const source = data.source.name === 'mnist' ? 'MNIST has' : 'the IDX training set has';
  if (validation > trainCount) {
    ctx.report({
      code: 'MTL040',
      span: validationSetting?.value?.span ?? data.source.span,
      message: `validation ${validation}${validationSetting ? '' : ' (the default)'} is larger than the training set: ${source} ${trainCount} examples`,
    });
    return;
  }
  const labeled = view.count(data, 'labeled');
  const unlabeledSetting = view.setting(data, 'unlabeled');
  const unlabeled = unlabeledSetting ? view.count(data, 'unlabeled') : 0;
  if (labeled === undefined || unlabeled === undefined) return;
  const pool = trainCount - validation;
  if (labeled + unlabeled > pool) {
    const at = unlabeledSetting?.value ?? view.setting(data, 'labeled')?.value;
    ctx.report({
      code: 'MTL040',
      span: at?.span ?? data.source.span,
      message: `labeled + unlabeled = ${labeled + unlabeled} is larger than the pool of ${pool} examples (${trainCount} training examples − ${validation} validation)`,
    });
  }
}

import type { Span } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';
import { equationsByTarget } from '../weights.js';

/**
 * An experiment has data, a network and a train block; data has `labeled`;
 * train has epochs, batch and lr; an experiment that reconstructs has weights;
 * an equations block has both equations; a reconstruct block has noise; a
 * sweep has a base (MTL022). A setting without its value is a syntax error
 * (MTL002), not reported here. Parts
 * with a default (§5–§9) are not required. Nothing is reported where the
 * parser already reported a syntax error: the part may be there, unparsed.
 */
export function requiredPartsRule(ctx: RuleContext): Visitor {
  const missing = (inside: Span, at: Span, message: string) => {
    if (!ctx.syntaxErrorWithin(inside)) ctx.report({ code: 'MTL022', span: at, message });
  };
  const head = (span: Span, length: number): Span => ({
    start: span.start,
    end: Math.min(span.end, span.start + length),
  });
  return {
    Experiment(node) {
      const view = ctx.view(node);
      const name = node.name.name;
      if (!view.data)
        missing(
          node.span,
          node.name.span,
          `experiment '${name}' has no data block (data mnist { labeled N … })`,
        );
      if (!view.networkItem)
        missing(
          node.span,
          node.name.span,
          `experiment '${name}' has no network (network NAME, or network { … })`,
        );
      if (!view.train)
        missing(
          node.span,
          node.name.span,
          `experiment '${name}' has no train block (train { epochs N  batch N  lr = … })`,
        );
      if (!view.weights && view.reconstruct.length > 0) {
        missing(
          node.span,
          head(view.reconstruct[0].span, 11),
          `experiment '${name}' reconstructs layers but has no weights (weights schedule exp(40), or weights { supervised = …  reconstruction = … })`,
        );
      }
      if (view.data && !view.setting(view.data, 'labeled')) {
        missing(
          view.data.span,
          view.data.source.span,
          'data needs labeled N: how many examples keep their labels',
        );
      }
      if (view.train) {
        for (const key of ['epochs', 'batch']) {
          if (!view.setting(view.train, key))
            missing(view.train.span, head(view.train.span, 5), `train needs ${key} N`);
        }
        if (!view.lr && !view.setting(view.train, 'lr'))
          missing(view.train.span, head(view.train.span, 5), 'train needs lr = …');
      }
    },
    Reconstruct(node) {
      if (!node.settings.some((s) => s.key.name === 'noise')) {
        missing(
          node.span,
          head(node.span, 11),
          'reconstruct needs noise: mask(p), gaussian(sigma), salt_pepper(p) or none',
        );
      }
    },
    WeightsEquations(node) {
      const eqs = equationsByTarget(node);
      for (const target of ['supervised', 'reconstruction'] as const) {
        if (!eqs[target]) missing(node.span, head(node.span, 7), `weights needs the equation ${target} = …`);
      }
    },
    Sweep(node) {
      if (!node.items.some((i) => i.kind === 'SweepBase')) {
        missing(node.span, node.name.span, `sweep '${node.name.name}' has no base experiment (base NAME)`);
      }
    },
  };
}

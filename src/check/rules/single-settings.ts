import type { ExperimentItem, Span, SweepItem, TrainItem } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import { pathOf } from '../sweep-model.js';
import type { Visitor } from '../walk.js';

interface Entry {
  readonly key: string;
  readonly span: Span;
  readonly what: string;
}

const head = (span: Span, length: number): Span => ({
  start: span.start,
  end: Math.min(span.end, span.start + length),
});

function experimentEntry(item: ExperimentItem): Entry {
  switch (item.kind) {
    case 'Data':
      return { key: 'data', span: head(item.span, 4), what: 'the data block' };
    case 'NetworkRef':
    case 'InlineNetwork':
      return { key: 'network', span: head(item.span, 7), what: 'the network' };
    case 'WeightsEquations':
    case 'WeightsSchedule':
      return { key: 'weights', span: head(item.span, 7), what: 'the weights' };
    case 'Train':
      return { key: 'train', span: head(item.span, 5), what: 'the train block' };
    case 'Reconstruct':
      // Several reconstruct blocks are allowed (one per layer).
      return { key: `reconstruct@${item.span.start}`, span: item.span, what: 'reconstruct' };
  }
}

function trainEntry(item: TrainItem): Entry {
  switch (item.kind) {
    case 'Setting':
      return { key: item.key.name, span: item.key.span, what: `train setting ${item.key.name}` };
    case 'Lr':
      return { key: 'lr', span: item.keyword, what: 'train setting lr' };
    case 'Every':
      return { key: item.what, span: item.keyword, what: `${item.what} every` };
    case 'Skip':
      return { key: 'skip', span: item.keyword, what: 'skip below' };
    case 'Order':
      return { key: 'order', span: head(item.span, 5), what: 'the step order' };
  }
}

function sweepEntry(item: SweepItem): Entry {
  switch (item.kind) {
    case 'SweepBase':
      return { key: 'base', span: head(item.span, 4), what: 'base' };
    case 'SweepVary':
      return { key: `vary ${pathOf(item.path)}`, span: item.path.span, what: `vary ${pathOf(item.path)}` };
    case 'SweepOverrides':
      return { key: item.which, span: head(item.span, item.which.length), what: `the ${item.which} block` };
    case 'SweepRepeat':
      return { key: 'repeat', span: head(item.span, 6), what: 'repeat' };
  }
}

/**
 * Each block, setting, equation and sweep part is given at most once where it
 * applies: one data, network, weights and train per experiment, one value per
 * setting key, one equation per weight, one vary per path (MTL021).
 * Language reference §5–§10.
 */
export function singleSettingsRule(ctx: RuleContext): Visitor {
  /** Reports every repeat of a key after its first occurrence. */
  const unique = (entries: Iterable<Entry>) => {
    const first = new Map<string, Span>();
    for (const e of entries) {
      const at = first.get(e.key);
      if (!at) {
        first.set(e.key, e.span);
        continue;
      }
      ctx.report({
        code: 'MTL021',
        span: e.span,
        message: `${e.what} is given twice`,
        related: [{ file: ctx.file.name, span: at, message: 'first given here' }],
      });
    }
  };
  return {
    Experiment(node) {
      unique(node.items.map(experimentEntry));
    },
    Data(node) {
      unique(
        node.settings.map((s) => ({ key: s.key.name, span: s.key.span, what: `data setting ${s.key.name}` })),
      );
    },
    Reconstruct(node) {
      unique(
        node.settings.map((s) => ({
          key: s.key.name,
          span: s.key.span,
          what: `reconstruct setting ${s.key.name}`,
        })),
      );
    },
    Train(node) {
      unique(node.items.map(trainEntry));
    },
    WeightsEquations(node) {
      unique(
        node.equations.map((e) => ({
          key: e.target.name,
          span: e.target.span,
          what: `the ${e.target.name} equation`,
        })),
      );
    },
    Sweep(node) {
      unique(node.items.map(sweepEntry));
    },
    SweepOverrides(node) {
      unique(
        node.overrides.map((o) => ({
          key: pathOf(o.path),
          span: o.path.span,
          what: `override ${pathOf(o.path)}`,
        })),
      );
    },
  };
}

import type { RuleContext } from '../context.js';
import {
  costWordProblems,
  decoderWordProblems,
  noiseWordProblems,
  optimizerWordProblems,
  type Problem,
  unknownWord,
} from '../setting-values.js';
import { asWords, type Word } from '../settings.js';
import {
  ACTIVATIONS,
  DATA_KEYS,
  DATA_SOURCES,
  GRADIENTS,
  IDX_FILE_KEYS,
  OBJECTIVES,
  ORDER_MODES,
  RECONSTRUCT_KEYS,
  ROWS,
  SCHEDULES,
  TRAIN_KEYS,
} from '../vocabulary.js';
import type { Visitor } from '../walk.js';

/**
 * Every word from a closed list is one the language knows: activations, data
 * sources and settings, noise kinds, decoders, costs and their reductions, gradients, optimizers,
 * schedules, step objectives and rows (MTL020, with "did you mean").
 * Language reference §4–§9.
 */
export function knownWordsRule(ctx: RuleContext): Visitor {
  const known = (word: Word | undefined, words: readonly string[], what: string, hint = ''): boolean => {
    const problem = unknownWord(word, words, what, hint);
    if (problem) ctx.report(problem);
    return !problem;
  };
  const reportAll = (problems: readonly Problem[]) => {
    for (const p of problems) ctx.report(p);
  };
  return {
    Layer(node) {
      known(node.activation, ACTIVATIONS, 'activation');
    },
    Data(node) {
      known(node.source, DATA_SOURCES, 'data source');
      const source = node.source.name;
      for (const s of node.settings) {
        if (source === 'mnist' && (IDX_FILE_KEYS as readonly string[]).includes(s.key.name)) {
          ctx.report({
            code: 'MTL020',
            span: s.key.span,
            message: `${s.key.name} is a setting of idx data, not of mnist`,
          });
          continue;
        }
        known(s.key, [...DATA_KEYS, ...(source === 'mnist' ? [] : IDX_FILE_KEYS)], 'data setting');
      }
    },
    Reconstruct(node) {
      for (const s of node.settings) {
        if (!known(s.key, RECONSTRUCT_KEYS, 'reconstruct setting')) continue;
        const key = s.key.name;
        if (key === 'noise') reportAll(noiseWordProblems(s.value));
        else if (key === 'cost') reportAll(costWordProblems(s.value));
        else if (key === 'gradient') known(single(s.value), GRADIENTS, 'gradient');
        else if (key === 'decoder') reportAll(decoderWordProblems(s.value));
      }
    },
    WeightEquation(node) {
      known(node.target, OBJECTIVES, 'weight', ' (the equations are supervised = … and reconstruction = …)');
    },
    ScheduleRef(node) {
      known(node.name, SCHEDULES, 'schedule');
    },
    Train(node) {
      for (const item of node.items) {
        if (item.kind !== 'Setting' || !known(item.key, TRAIN_KEYS, 'train setting')) continue;
        if (item.key.name === 'optimizer') reportAll(optimizerWordProblems(item.value));
      }
    },
    Order(node) {
      known(node.mode, ORDER_MODES, 'step order');
    },
    Step(node) {
      known(node.objective, OBJECTIVES, 'step objective');
      known(node.rows, ROWS, 'rows');
    },
  };
}

function single(value: Parameters<typeof asWords>[0]): Word | undefined {
  const words = asWords(value);
  return words?.length === 1 ? words[0] : undefined;
}

// Whether a sweep value is of the kind its path takes (MTL102), and the checks the
// setting itself would get in its block: a schedule's name and arguments, a noise,
// decoder or optimizer checked by the very validators of reconstruct and train
// blocks (setting-values.ts). Expressions over varied names are sweep-values.ts's.
import type { Expr, SweepValue } from '../syntax/ast.js';
import { checkExpr } from './expr-check.js';
import {
  costWordProblems,
  decoderSoftmaxProblems,
  decoderWordProblems,
  noiseParamProblems,
  noiseWordProblems,
  optimizerArgProblems,
  optimizerWordProblems,
  type Problem,
} from './setting-values.js';
import { asCall, asWords, type CallValue } from './settings.js';
import { didYouMean, suggest } from './suggest.js';
import { SCHEDULES, type SweepPathInfo } from './vocabulary.js';
import { readSchedule } from './weights.js';

const KIND_TEXT: Readonly<Record<SweepPathInfo['value'], string>> = {
  count: 'numbers',
  expr: 'expressions of t and T',
  word: 'words',
  network: 'network names',
  schedule: 'schedules (schedule exp(40), …)',
  noise: 'noises (none, mask(p), gaussian(sigma), salt_pepper(p))',
  decoder: 'decoders ([tied] ACTIVATION: sigmoid, tied sigmoid, …)',
  cost: 'costs (COST [mean|sum]: cross_entropy, cross_entropy sum, …)',
  optimizer: 'optimizers (sgd, sgd(momentum: 0.9))',
};

/** The problems of one value of `path` (an existing sweep path, described by `info`). */
export function sweepValueProblems(path: string, info: SweepPathInfo, value: SweepValue): Problem[] {
  const wrong: Problem[] = [
    { code: 'MTL102', span: value.span, message: `${path} takes ${KIND_TEXT[info.value]}` },
  ];
  if (info.value === 'schedule') return value.kind === 'WeightsSchedule' ? scheduleProblems(value) : wrong;
  if (value.kind === 'WeightsSchedule') return wrong;
  switch (info.value) {
    case 'count':
    case 'expr':
      // Expressions are checked against the varied names by the sweep values rule.
      return value.kind === 'CallLike' || value.kind === 'WordList' ? wrong : [];
    case 'network':
      return value.kind === 'Name' ? [] : wrong;
    case 'word':
      return wordProblems(path, info.words ?? [], value);
    case 'noise': {
      const call = asCall(value);
      if (!call) return wrong;
      return [...noiseWordProblems(value), ...noiseParamProblems(value), ...argumentProblems(call)];
    }
    case 'decoder': {
      const words = asWords(value);
      if (!words || words.length > 2) return wrong;
      return [...decoderWordProblems(value), ...decoderSoftmaxProblems(value)];
    }
    case 'cost': {
      const words = asWords(value);
      if (!words || words.length > 2) return wrong;
      return costWordProblems(value);
    }
    case 'optimizer': {
      const call = asCall(value);
      if (!call) return wrong;
      return [...optimizerWordProblems(value), ...optimizerArgProblems(value), ...argumentProblems(call)];
    }
  }
}

function scheduleProblems(value: Extract<SweepValue, { kind: 'WeightsSchedule' }>): Problem[] {
  const schedule = value.schedule;
  const name = schedule.name.name;
  if (!(SCHEDULES as readonly string[]).includes(name)) {
    const suggestions = suggest(name, SCHEDULES);
    return [
      {
        code: 'MTL020',
        span: schedule.name.span,
        message: `unknown schedule '${name}'${didYouMean(suggestions)}`,
        suggestions,
      },
    ];
  }
  const problems: Problem[] = schedule.args.flatMap((arg) => constantProblems(arg, `${name}'s argument`));
  const read = readSchedule(schedule);
  if (read && 'problem' in read) problems.push({ code: 'MTL061', ...read.problem });
  return problems;
}

/** gradient: one word of a closed list. */
function wordProblems(path: string, words: readonly string[], value: SweepValue): Problem[] {
  if (value.kind !== 'Name') {
    return [{ code: 'MTL102', span: value.span, message: `${path} takes ${words.join(', ')}` }];
  }
  if (words.includes(value.name)) return [];
  const suggestions = suggest(value.name, words);
  return [
    {
      code: 'MTL020',
      span: value.span,
      message: `${path} cannot be '${value.name}'${didYouMean(suggestions)}${suggestions.length ? '' : ` (expected ${words.join(', ')})`}`,
      suggestions,
    },
  ];
}

/** Noise and optimizer arguments are constants, as in their blocks. */
function argumentProblems(call: CallValue): Problem[] {
  return call.args.flatMap((arg) => constantProblems(arg.value, `${call.name.name}'s argument`));
}

function constantProblems(expr: Expr, what: string): Problem[] {
  return checkExpr(expr, { names: [], what, constant: true });
}

// Checks of the values of noise, decoder and optimizer settings, shared by the
// rules on reconstruct and train blocks and by the sweep rules: a sweep value of
// reconstruct.noise is checked exactly as `noise …` in a reconstruct block, with
// the same codes and messages. Pure: each returns its problems; the caller reports.
import type { SettingValue } from '../syntax/ast.js';
import { constantValue } from './constants.js';
import type { Report } from './context.js';
import { formatNumber } from './schedules.js';
import { asCall, asWords, type Word } from './settings.js';
import { didYouMean, suggest } from './suggest.js';
import {
  ACTIVATIONS,
  COST_REDUCTIONS,
  COSTS,
  NOISE_KINDS,
  OPTIMIZER_ARGS,
  OPTIMIZERS,
} from './vocabulary.js';

export type Problem = Report;

/** MTL020 when `word` is not one of `words`, with "did you mean" (or the list when nothing is close). */
export function unknownWord(
  word: Word | undefined,
  words: readonly string[],
  what: string,
  hint = '',
): Problem | undefined {
  if (!word || words.includes(word.name)) return undefined;
  const suggestions = suggest(word.name, words);
  const expected = suggestions.length === 0 ? ` (expected ${words.map((w) => `'${w}'`).join(', ')})` : '';
  return {
    code: 'MTL020',
    span: word.span,
    message: `unknown ${what} '${word.name}'${hint}${didYouMean(suggestions)}${expected}`,
    suggestions,
  };
}

function present(...problems: (Problem | undefined)[]): Problem[] {
  return problems.filter((p) => p !== undefined);
}

// ---------------------------------------------------------------- MTL020

export function noiseWordProblems(value: SettingValue | undefined): Problem[] {
  return present(unknownWord(asCall(value)?.name, NOISE_KINDS, 'noise'));
}

/** `[tied] ACTIVATION`: the option, then the activation. */
export function decoderWordProblems(value: SettingValue | undefined): Problem[] {
  const words = asWords(value);
  const option = words?.length === 2 && words[0].name !== 'tied' ? words[0] : undefined;
  return present(
    unknownWord(option, ['tied'], 'decoder option'),
    unknownWord(words?.at(-1), ACTIVATIONS, 'decoder activation'),
  );
}

/** `COST [REDUCTION]`: the cost, then how it is reduced (`mean` or `sum`). */
export function costWordProblems(value: SettingValue | undefined): Problem[] {
  const words = asWords(value);
  if (!words || words.length > 2) return [];
  return present(
    unknownWord(words[0], COSTS, 'cost'),
    unknownWord(words[1], COST_REDUCTIONS, 'cost reduction'),
  );
}

export function optimizerWordProblems(value: SettingValue | undefined): Problem[] {
  const call = asCall(value);
  return present(
    unknownWord(call?.name, OPTIMIZERS, 'optimizer'),
    ...(call?.args ?? []).map((arg) => unknownWord(arg.label, OPTIMIZER_ARGS, 'optimizer argument')),
  );
}

// ---------------------------------------------------------------- MTL052

const NOISE_PARAMS: Readonly<
  Record<string, { name: string; ok: (x: number) => boolean; range: string } | null>
> = {
  mask: { name: 'p', ok: (p) => p >= 0 && p < 1, range: 'in [0, 1)' },
  salt_pepper: { name: 'p', ok: (p) => p >= 0 && p < 1, range: 'in [0, 1)' },
  gaussian: { name: 'sigma', ok: (s) => s >= 0, range: '≥ 0' },
  none: null,
};

/** mask(p) and salt_pepper(p) with p in [0, 1), gaussian(sigma) with sigma ≥ 0, none with nothing. */
export function noiseParamProblems(value: SettingValue | undefined): Problem[] {
  const call = asCall(value);
  if (!call || !Object.hasOwn(NOISE_PARAMS, call.name.name)) return [];
  const param = NOISE_PARAMS[call.name.name];
  const kind = call.name.name;
  if (!param) {
    return call.args.length > 0 || call.hasParens
      ? [{ code: 'MTL052', span: call.span, message: 'noise none takes no parameter' }]
      : [];
  }
  if (call.args.length !== 1) {
    const message = `noise ${kind} takes one parameter, ${kind}(${param.name}), but got ${call.args.length}`;
    return [{ code: 'MTL052', span: call.span, message }];
  }
  const problems: Problem[] = [];
  const arg = call.args[0];
  if (arg.label && arg.label.name !== param.name) {
    problems.push({
      code: 'MTL052',
      span: arg.label.span,
      message: `noise ${kind}'s parameter is ${param.name}`,
    });
  }
  const x = constantValue(arg.value);
  if (x !== undefined && !param.ok(x)) {
    problems.push({
      code: 'MTL052',
      span: arg.value.span,
      message: `${kind}(${param.name}) needs ${param.name} ${param.range}, not ${formatNumber(x)}`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------- MTL082

/** sgd takes only a named momentum in [0, 1). */
export function optimizerArgProblems(value: SettingValue | undefined): Problem[] {
  const call = asCall(value);
  if (call?.name.name !== 'sgd') return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const arg of call.args) {
    if (!arg.label) {
      problems.push({
        code: 'MTL082',
        span: arg.span,
        message: 'sgd takes named arguments: sgd(momentum: 0.9)',
      });
      continue;
    }
    if (arg.label.name !== 'momentum') continue;
    if (seen.has('momentum')) {
      problems.push({ code: 'MTL082', span: arg.label.span, message: 'momentum is given twice' });
    }
    seen.add('momentum');
    const momentum = constantValue(arg.value);
    if (momentum !== undefined && !(momentum >= 0 && momentum < 1)) {
      problems.push({
        code: 'MTL082',
        span: arg.value.span,
        message: `momentum must be in [0, 1), not ${formatNumber(momentum)}`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------- MTL032

export function decoderSoftmaxProblems(value: SettingValue | undefined): Problem[] {
  const activation = asWords(value)?.at(-1);
  if (activation?.name !== 'softmax') return [];
  return [
    {
      code: 'MTL032',
      span: activation.span,
      message:
        'softmax is for the output layer only; a decoder reconstructs values (use sigmoid for values in [0, 1])',
    },
  ];
}

// Setting values that an experiment and a sweep both lower: noise, decoder, cost
// and optimizer. A sweep's `vary reconstruct.noise [mask(0.1)]` lowers exactly as
// `noise mask(0.1)` in a reconstruct block does.
import { constantValue } from '../check/constants.js';
import { asCall, asWords } from '../check/settings.js';
import type { Activation, CostKind, CostReduction, Decoder, Noise, Optimizer } from '../ir/types.js';
import type { SettingValue } from '../syntax/ast.js';
import { defaultCostReduction } from '../syntax/keywords.js';

/** A bug in mtl: lowering met what the checker should have refused. */
export class LoweringError extends Error {}

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new LoweringError(`cannot lower ${what}`);
  return value;
}

export function lowerNoise(value: SettingValue | undefined): Noise {
  const call = need(asCall(value), 'noise');
  const kind = call.name.name;
  if (kind === 'none') return { kind: 'none' };
  const parameter = need(constantValue(call.args[0]?.value), `${kind}'s parameter`);
  if (kind === 'gaussian') return { kind, sigma: parameter };
  if (kind === 'mask' || kind === 'salt_pepper') return { kind, p: parameter };
  throw new LoweringError(`unknown noise ${kind}`);
}

/** `sigmoid` or `tied sigmoid`. */
export function lowerDecoder(value: SettingValue | undefined): Decoder {
  const words = need(asWords(value), 'decoder');
  return { tied: words.length === 2, activation: words.at(-1)!.name as Activation };
}

/** `cross_entropy` or `cross_entropy sum`; without a reduction, the default one (mean). */
export function lowerCost(value: SettingValue | undefined): { cost: CostKind; reduction: CostReduction } {
  const words = need(asWords(value), 'cost');
  return {
    cost: words[0].name as CostKind,
    reduction: (words[1]?.name ?? defaultCostReduction) as CostReduction,
  };
}

/** `sgd` or `sgd(momentum: 0.9)`; `momentum` is the default momentum. */
export function lowerOptimizer(value: SettingValue | undefined, momentum: number): Optimizer {
  const call = asCall(value);
  const given = call?.args.find((a) => a.label?.name === 'momentum');
  return { kind: 'sgd', momentum: given ? need(constantValue(given.value), 'momentum') : momentum };
}

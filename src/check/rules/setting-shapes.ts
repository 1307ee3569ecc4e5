import type { Setting } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import { asCall, asExpr, asWords, describeValue } from '../settings.js';
import type { Visitor } from '../walk.js';

type Shape = 'number' | 'word' | 'call' | 'decoder' | 'cost' | 'expr';

const SHAPES: Readonly<Record<string, Shape>> = {
  labeled: 'number',
  unlabeled: 'number',
  validation: 'number',
  seed: 'number',
  epochs: 'number',
  batch: 'number',
  noise: 'call',
  optimizer: 'call',
  decoder: 'decoder',
  cost: 'cost',
  gradient: 'word',
  weight: 'expr',
  lr: 'expr',
};

const EXPECTED: Readonly<Record<Shape, string>> = {
  number: 'a number',
  word: 'a word',
  call: 'a name, optionally with arguments in parentheses',
  decoder: '[tied] ACTIVATION',
  cost: 'COST [mean|sum]',
  expr: 'an expression',
};

/**
 * A setting's value has the shape its key takes: counts are numbers, noise
 * and optimizer are words with optional arguments, a decoder is `[tied]
 * ACTIVATION`, a cost is `COST [mean|sum]`, gradient is a word, lr and weight are
 * expressions (MTL023).
 * Language reference §5, §6, §9.
 */
export function settingShapesRule(ctx: RuleContext): Visitor {
  const checkShape = (setting: Setting) => {
    const shape = SHAPES[setting.key.name];
    const value = setting.value;
    if (!shape || !value || fits(shape, setting)) return;
    ctx.report({
      code: 'MTL023',
      span: value.span,
      message: `${setting.key.name} takes ${EXPECTED[shape]}, not ${describeValue(value)}`,
    });
  };
  return { Setting: checkShape };
}

function fits(shape: Shape, setting: Setting): boolean {
  const value = setting.value;
  switch (shape) {
    case 'number':
    case 'expr':
      return value?.kind !== 'String' && asExpr(value) !== undefined;
    case 'word':
      return asWords(value)?.length === 1;
    case 'call':
      return asCall(value) !== undefined;
    case 'decoder':
    case 'cost': {
      const words = asWords(value);
      return words !== undefined && words.length >= 1 && words.length <= 2;
    }
  }
}

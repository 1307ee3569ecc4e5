import type { NumberLit, SettingValue, Span } from '../../syntax/ast.js';
import { constantValue } from '../constants.js';
import type { RuleContext } from '../context.js';
import { formatNumber, MAX_VERIFIED_EPOCHS } from '../schedules.js';
import type { Visitor } from '../walk.js';

const POSITIVE = new Set(['epochs', 'batch']);
const NON_NEGATIVE = new Set(['labeled', 'unlabeled', 'validation', 'seed']);
/** The largest count (a 32-bit signed integer: sizes, seeds and periods all fit; more is a typo). */
const MAX_COUNT = 2_147_483_647;

/**
 * Counts are integers: input sizes, units, epochs, batch, evaluate/checkpoint
 * periods and repeat are ≥ 1; labeled, unlabeled, validation and seeds are ≥ 0;
 * none exceeds 2147483647, and epochs none exceeds 1000000, the most the
 * schedule verification evaluates (MTL024). Language reference §4, §5, §9, §10.
 */
export function countsRule(ctx: RuleContext): Visitor {
  const count = (
    value: SettingValue | NumberLit | undefined,
    span: Span | undefined,
    what: string,
    min: 0 | 1,
  ) => {
    const v = constantValue(value);
    if (v === undefined || !span) return;
    if (!Number.isInteger(v) || v < min) {
      ctx.report({
        code: 'MTL024',
        span,
        message: `${what} must be ${min === 1 ? 'a positive' : 'a non-negative'} integer, not ${formatNumber(v)}`,
      });
      return;
    }
    const max = what === 'epochs' ? MAX_VERIFIED_EPOCHS : MAX_COUNT;
    if (v > max) {
      const why =
        what === 'epochs' ? ' (every schedule is verified at every epoch when the spec is checked)' : '';
      ctx.report({
        code: 'MTL024',
        span,
        message: `${what} must be at most ${max}, not ${formatNumber(v)}${why}`,
      });
    }
  };
  return {
    Input(node) {
      count(node.size, node.size.span, 'the input size', 1);
    },
    Layer(node) {
      count(node.units, node.units?.span, `the units of layer ${node.name.name}`, 1);
    },
    Setting(node) {
      const key = node.key.name;
      if (POSITIVE.has(key)) count(node.value, node.value?.span, key, 1);
      else if (NON_NEGATIVE.has(key)) count(node.value, node.value?.span, key, 0);
    },
    Every(node) {
      count(node.every, node.every?.span, `${node.what} every`, 1);
    },
    SweepRepeat(node) {
      count(node.count, node.count?.span, 'repeat', 1);
    },
  };
}

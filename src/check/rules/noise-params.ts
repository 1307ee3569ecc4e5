import { constantValue } from '../constants.js';
import type { RuleContext } from '../context.js';
import { formatNumber } from '../schedules.js';
import { asCall } from '../settings.js';
import type { Visitor } from '../walk.js';

const PARAMS: Readonly<Record<string, { name: string; ok: (x: number) => boolean; range: string } | null>> = {
  mask: { name: 'p', ok: (p) => p >= 0 && p < 1, range: 'in [0, 1)' },
  salt_pepper: { name: 'p', ok: (p) => p >= 0 && p < 1, range: 'in [0, 1)' },
  gaussian: { name: 'sigma', ok: (s) => s >= 0, range: '≥ 0' },
  none: null,
};

/**
 * Noise takes its one parameter in range: mask(p) and salt_pepper(p) with p in
 * [0, 1), gaussian(sigma) with sigma ≥ 0, and none takes none (MTL052).
 * Language reference §6.
 */
export function noiseParamsRule(ctx: RuleContext): Visitor {
  return {
    Reconstruct(node) {
      for (const s of node.settings) {
        if (s.key.name !== 'noise') continue;
        const call = asCall(s.value);
        if (!call || !Object.hasOwn(PARAMS, call.name.name)) continue;
        const param = PARAMS[call.name.name];
        const kind = call.name.name;
        if (!param) {
          if (call.args.length > 0 || call.hasParens) {
            ctx.report({ code: 'MTL052', span: call.span, message: 'noise none takes no parameter' });
          }
          continue;
        }
        if (call.args.length !== 1) {
          ctx.report({
            code: 'MTL052',
            span: call.span,
            message: `noise ${kind} takes one parameter, ${kind}(${param.name}), but got ${call.args.length}`,
          });
          continue;
        }
        const arg = call.args[0];
        if (arg.label && arg.label.name !== param.name) {
          ctx.report({
            code: 'MTL052',
            span: arg.label.span,
            message: `noise ${kind}'s parameter is ${param.name}`,
          });
        }
        const value = constantValue(arg.value);
        if (value !== undefined && !param.ok(value)) {
          ctx.report({
            code: 'MTL052',
            span: arg.value.span,
            message: `${kind}(${param.name}) needs ${param.name} ${param.range}, not ${formatNumber(value)}`,
          });
        }
      }
    },
  };
}

// Constant settings (`labeled 1000`, `mask(0.25)`, `stairs(100)`): their values
// when they are sound constant expressions. Unsound ones read as undefined; the
// expressions rule reports why.

import { evaluateExpr } from '../expr/evaluate.js';
import { lowerExpr } from '../expr/lower.js';
import type { SettingValue } from '../syntax/ast.js';
import { checkExpr } from './expr-check.js';
import { asExpr } from './settings.js';

const cache = new WeakMap<object, number | null>();

export function constantValue(value: SettingValue | undefined): number | undefined {
  if (!value) return undefined;
  const cached = cache.get(value);
  if (cached !== undefined) return cached ?? undefined;
  const result = compute(value);
  cache.set(value, result ?? null);
  return result;
}

function compute(value: SettingValue): number | undefined {
  const expr = asExpr(value);
  if (!expr) return undefined;
  if (checkExpr(expr, { names: [], what: 'the value', constant: true }).length > 0) return undefined;
  const ir = lowerExpr(expr);
  if (!ir) return undefined;
  const result = evaluateExpr(ir);
  return Number.isFinite(result) ? result : undefined;
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/driver/check.js';
import { evaluateExpr } from '../../src/expr/evaluate.js';
import { FUNCTIONS, functionInfo, isFunctionName } from '../../src/expr/functions.js';

const schema = JSON.parse(readFileSync(new URL('../../grammar/ir.schema.json', import.meta.url), 'utf8')) as {
  definitions: { Expr: { oneOf: { properties: { op: { const?: string }; fn?: { enum: string[] } } }[] } };
};

/** A file whose train lr is EXPR, checked. */
function lrProblems(expr: string) {
  const text = `network n { input 784 dense h 10 sigmoid output y 10 softmax }
experiment e { data mnist { labeled 100 unlabeled 0 } network n weights schedule lin train { epochs 3 batch 10 lr = ${expr} } }`;
  return checkText(text, 'f.mtl').diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe('the expression functions table', () => {
  it('lists exactly the functions the IR schema allows, in the language reference order', () => {
    const call = schema.definitions.Expr.oneOf.find((s) => s.properties.op.const === 'call');
    expect(call?.properties.fn?.enum).toEqual(FUNCTIONS.map((f) => f.name));
    expect(FUNCTIONS.map((f) => f.name)).toEqual([
      'exp',
      'log',
      'sqrt',
      'abs',
      'min',
      'max',
      'clamp',
      'floor',
      'ceil',
    ]);
  });

  it('gives min and max exactly two arguments, as the language guide says', () => {
    expect(functionInfo('min')).toMatchObject({ minArgs: 2, maxArgs: 2 });
    expect(functionInfo('max')).toMatchObject({ minArgs: 2, maxArgs: 2 });
    expect(lrProblems('min(0.1, 0.2)')).toEqual([]);
    expect(lrProblems('min(0.1, 0.2, 0.3)')).toEqual(['MTL072 min takes 2 arguments, but got 3']);
    expect(lrProblems('max(0.1)')).toEqual(['MTL072 max takes 2 arguments, but got 1']);
    expect(lrProblems('exp(1, 2)')).toEqual(['MTL072 exp takes 1 argument, but got 2']);
  });

  it('evaluates every function the way its summary says', () => {
    const x = { op: 'num', value: 2.5 } as const;
    const lo = { op: 'num', value: 0 } as const;
    const hi = { op: 'num', value: 1 } as const;
    const args = (name: string) =>
      name === 'clamp' ? [x, lo, hi] : name === 'min' || name === 'max' ? [x, hi] : [x];
    const values = Object.fromEntries(
      FUNCTIONS.map((f) => [f.name, evaluateExpr({ op: 'call', fn: f.name, args: args(f.name) })]),
    );
    expect(values).toEqual({
      exp: Math.exp(2.5),
      log: Math.log(2.5),
      sqrt: Math.sqrt(2.5),
      abs: 2.5,
      min: 1,
      max: 2.5,
      clamp: 1,
      floor: 2,
      ceil: 3,
    });
    expect(isFunctionName('pow')).toBe(false);
  });
});

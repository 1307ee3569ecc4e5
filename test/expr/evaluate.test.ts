import { describe, expect, it } from 'vitest';
import { compileExpr, compileSeries, dependsOnEpoch, evaluateExpr } from '../../src/expr/evaluate.js';
import { lowerExpr } from '../../src/expr/lower.js';
import type { Expr as IrExpr } from '../../src/ir/types.js';
import { parse } from '../../src/syntax/parse.js';

/** The IR of `lr = EXPR` written in a train block. */
function ir(expr: string): IrExpr {
  const { ast, diagnostics } = parse(`experiment e { train { lr = ${expr} } }`, 'x.mtl');
  expect(diagnostics).toEqual([]);
  const decl = ast.declarations[0];
  if (decl.kind !== 'Experiment' || decl.items[0].kind !== 'Train' || decl.items[0].items[0].kind !== 'Lr')
    throw new Error('shape');
  return lowerExpr(decl.items[0].items[0].value!)!;
}

describe('evaluateExpr', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['10 - 4 - 3', 3],
    ['t < 5 ? 1 : 2', 1],
    ['t >= 5 || t == 3 ? 1 : 2', 1],
    ['!(t != 3) && t <= 3 ? 10 : 20', 10],
    ['clamp(t * 10, 0, 25)', 25],
    ['min(t, 2) + max(t, 2)', 5],
    ['floor(2.7) + ceil(2.1) + abs(-1) + sqrt(9)', 9],
    ['exp(0) + log(1)', 1],
    ['T - t', 97],
  ])('%s = %d at t = 3, T = 100', (source, value) => {
    expect(evaluateExpr(ir(source), { t: 3, T: 100 })).toBe(value);
  });

  it('gives NaN and infinities rather than throwing', () => {
    expect(evaluateExpr(ir('log(t)'), { t: 0 })).toBe(Number.NEGATIVE_INFINITY);
    expect(evaluateExpr(ir('sqrt(t - 1)'), { t: 0 })).toBeNaN();
    expect(evaluateExpr(ir('1 / t'), { t: 0 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads named variables (a sweep’s varied names)', () => {
    const expr: IrExpr = {
      op: 'binary',
      operator: '-',
      left: { op: 'num', value: 50000 },
      right: { op: 'var', name: 'labeled' },
    };
    expect(evaluateExpr(expr, { vars: { labeled: 1000 } })).toBe(49000);
    expect(evaluateExpr(expr)).toBeNaN();
    expect(evaluateExpr({ op: 'var', name: 'constructor' }, { vars: {} })).toBeNaN();
  });
});

describe('compiled expressions', () => {
  it('agree with one another: a function per call and a loop per series', () => {
    const expr = ir('t < T - 500 ? 0.01 : 0.01 * (T - t) / 500');
    const f = compileExpr(expr);
    const series = compileSeries(expr)(new Float64Array(5000), 5000);
    for (const t of [0, 4499, 4500, 4999]) expect(series[t]).toBe(f(t, 5000));
    expect(series[4999]).toBeCloseTo(0.00002, 12);
  });

  it('know whether an expression depends on the epoch', () => {
    expect(dependsOnEpoch(ir('T / 2 + 1'))).toBe(false);
    expect(dependsOnEpoch(ir('exp(-t / 40)'))).toBe(true);
  });
});

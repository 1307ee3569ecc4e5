import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/diagnostics/internal-error.js';
import { compileExpr } from '../../src/expr/evaluate.js';
import { printExpr } from '../../src/expr/print.js';
import type { Expr } from '../../src/ir/types.js';
import { bin, call, cond, neg, not, num, paperLr, T, t } from '../harness/codegen.js';

type Value = number | boolean;

// An independent reading of the IR: dynamic values, coerced where an operator needs them.
function reference(expr: Expr, env: { t: number; T: number }): Value {
  const n = (e: Expr) => Number(reference(e, env));
  const b = (e: Expr) => {
    const v = reference(e, env);
    return typeof v === 'boolean' ? v : v !== 0;
  };
  switch (expr.op) {
    case 'num':
      return expr.value;
    case 'var':
      return expr.name === 't' ? env.t : env.T;
    case 'unary':
      return expr.operator === '-' ? -n(expr.operand) : !b(expr.operand);
    case 'cond': {
      const then = reference(expr.then, env);
      const otherwise = reference(expr.otherwise, env);
      const picked = b(expr.test) ? then : otherwise;
      return typeof then === typeof otherwise ? picked : Number(picked);
    }
    case 'call': {
      const args = expr.args.map(n);
      if (expr.fn === 'clamp') return Math.min(Math.max(args[0]!, args[1]!), args[2]!);
      return (Math[expr.fn] as (...xs: number[]) => number)(...args);
    }
    case 'binary': {
      const { operator, left, right } = expr;
      if (operator === '&&') return b(left) && b(right);
      if (operator === '||') return b(left) || b(right);
      if (operator === '==' || operator === '!=') {
        const l = reference(left, env);
        const r = reference(right, env);
        const equal = typeof l === typeof r ? l === r : Number(l) === Number(r);
        return operator === '==' ? equal : !equal;
      }
      const l = n(left);
      const r = n(right);
      const arithmetic: Record<string, (x: number, y: number) => Value> = {
        '+': (x, y) => x + y,
        '-': (x, y) => x - y,
        '*': (x, y) => x * y,
        '/': (x, y) => x / y,
        '^': (x, y) => x ** y,
        '<': (x, y) => x < y,
        '<=': (x, y) => x <= y,
        '>': (x, y) => x > y,
        '>=': (x, y) => x >= y,
      };
      return arithmetic[operator]!(l, r);
    }
  }
}

function evaluate(expr: Expr, at: { t: number; T: number }): number {
  const { code } = printExpr(expr);
  const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);
  const fn = new Function('t', 'T', 'clamp', `return ${code};`) as (
    t: number,
    T: number,
    c: typeof clamp,
  ) => number;
  return fn(at.t, at.T, clamp);
}

describe('printExpr', () => {
  it('prints the paper formulas as plain TypeScript', () => {
    expect(printExpr(bin('-', num(1), call('exp', bin('/', neg(t), num(40))))).code).toBe(
      '1 - Math.exp(-t / 40)',
    );
    expect(printExpr(paperLr).code).toBe('t < T - 500 ? 0.01 : 0.01 * (T - t) / 500');
    expect(printExpr(call('min', num(1), bin('/', t, num(100)))).code).toBe('Math.min(1, t / 100)');
  });

  it('turns ^ into ** and parenthesises a signed base', () => {
    expect(printExpr(bin('^', t, num(2))).code).toBe('t ** 2');
    expect(printExpr(bin('^', neg(t), num(2))).code).toBe('(-t) ** 2');
    expect(printExpr(bin('^', num(-2), t)).code).toBe('(-2) ** t');
    expect(printExpr(neg(bin('^', t, num(2)))).code).toBe('-(t ** 2)');
    expect(printExpr(bin('^', bin('^', num(2), t), num(3))).code).toBe('(2 ** t) ** 3');
    expect(printExpr(bin('^', num(2), bin('^', t, num(3)))).code).toBe('2 ** t ** 3');
  });

  it('keeps the tree grouping of non-associative operators', () => {
    expect(printExpr(bin('-', t, bin('-', T, num(1)))).code).toBe('t - (T - 1)');
    expect(printExpr(bin('-', bin('-', t, T), num(1))).code).toBe('t - T - 1');
    expect(printExpr(bin('/', t, bin('*', T, num(2)))).code).toBe('t / (T * 2)');
    expect(printExpr(neg(neg(t))).code).toBe('-(-t)');
    expect(printExpr(neg(num(-1))).code).toBe('-(-1)');
  });

  it('maps booleans, comparisons and conditionals', () => {
    const inRange = bin('&&', bin('>=', t, num(10)), not(bin('==', t, T)));
    expect(printExpr(cond(inRange, num(1), num(0))).code).toBe('t >= 10 && !(t === T) ? 1 : 0');
    expect(printExpr(bin('!=', t, num(3))).code).toBe('Number(t !== 3)');
    expect(printExpr(bin('*', bin('<', t, num(5)), num(2))).code).toBe('Number(t < 5) * 2');
    expect(printExpr(cond(t, num(1), num(2))).code).toBe('t !== 0 ? 1 : 2');
    expect(
      printExpr(cond(cond(bin('<', t, num(1)), bin('>', T, num(2)), bin('<', T, num(3))), t, T)).code,
    ).toBe('(t < 1 ? T > 2 : T < 3) ? t : T');
  });

  it('calls Math functions and an inline clamp helper', () => {
    for (const fn of ['exp', 'log', 'sqrt', 'abs', 'floor', 'ceil'] as const) {
      expect(printExpr(call(fn, t))).toEqual({ code: `Math.${fn}(t)`, usesClamp: false });
    }
    expect(printExpr(call('max', t, num(3))).code).toBe('Math.max(t, 3)');
    expect(printExpr(call('clamp', bin('/', t, T), num(0), num(1)))).toEqual({
      code: 'clamp(t / T, 0, 1)',
      usesClamp: true,
    });
  });

  it('prints numbers so that they read back exactly', () => {
    for (const value of [0.1, 1 / 3, 1e-7, 5e21, 123456789.125, Number.MIN_VALUE, Number.MAX_VALUE]) {
      expect(evaluate(num(value), { t: 0, T: 1 })).toBe(value);
    }
    expect(Object.is(evaluate(num(-0), { t: 0, T: 1 }), -0)).toBe(true);
  });

  it('refuses a call whose argument count the functions table does not allow', () => {
    expect(() => printExpr(call('max', t, T, num(3)))).toThrow(InternalError);
    expect(() => printExpr(call('min', t))).toThrow(/min takes 2 arguments, but is called with 1/);
    expect(() => printExpr(call('clamp', t, T))).toThrow(InternalError);
  });

  it('prints other names through the variable option, and non-finite numbers only when allowed', () => {
    const read = (name: string) => `v.${name}`;
    expect(printExpr(bin('*', t, { op: 'var', name: 'l' }), { variable: read }).code).toBe('t * v.l');
    expect(() => printExpr(num(Number.POSITIVE_INFINITY))).toThrow(InternalError);
    expect(
      printExpr(bin('-', num(Number.NaN), num(Number.NEGATIVE_INFINITY)), { nonFinite: true }).code,
    ).toBe('NaN - -Infinity');
  });

  it('throws an internal error for names other than t and T', () => {
    expect(() => printExpr(bin('+', t, { op: 'var', name: 'labeled' }))).toThrow(InternalError);
    expect(() => printExpr({ op: 'var', name: 'supervised' })).toThrow(/supervised/);
  });

  it('agrees with a direct evaluation and with the checker for random expressions', () => {
    const leaf = fc.oneof(
      fc.constantFrom(t, T),
      fc.double({ min: -5, max: 5, noNaN: true }).map((v) => num(v)),
      fc.integer({ min: 0, max: 9 }).map((v) => num(v)),
    );
    const expr = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc
          .tuple(fc.constantFrom('-', '!' as const), tie('e'))
          .map(([op, e]) => (op === '-' ? neg(e) : not(e))),
        fc
          .tuple(
            fc.constantFrom('+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||' as const),
            tie('e'),
            tie('e'),
          )
          .map(([op, l, r]) => bin(op, l, r)),
        fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => cond(a, b, c)),
        fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => call('clamp', a, b, c)),
        fc.tuple(fc.constantFrom('exp', 'abs', 'floor' as const), tie('e')).map(([fn, a]) => call(fn, a)),
        fc.tuple(tie('e'), tie('e')).map(([a, b]) => call('min', a, b)),
      ),
    })).e;
    fc.assert(
      fc.property(expr, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 60 }), (e, tv, Tv) => {
        const expected = Number(reference(e, { t: tv, T: Tv }));
        const generated = evaluate(e, { t: tv, T: Tv });
        expect(Object.is(generated, expected)).toBe(true);
        // The checker evaluates the same printed code.
        expect(Object.is(compileExpr(e)(tv, Tv), expected)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

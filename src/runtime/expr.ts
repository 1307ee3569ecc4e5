// Evaluates the IR's expression trees (for programs built from IR without
// code generation: tests, and runs straight from a checked spec).
import type { Expr } from '../ir/types.js';

export type Bindings = Readonly<Record<string, number>>;

const truth = (value: number) => (value !== 0 ? 1 : 0);

const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '^': (a, b) => a ** b,
  '<': (a, b) => truth(Number(a < b)),
  '<=': (a, b) => truth(Number(a <= b)),
  '>': (a, b) => truth(Number(a > b)),
  '>=': (a, b) => truth(Number(a >= b)),
  '==': (a, b) => truth(Number(a === b)),
  '!=': (a, b) => truth(Number(a !== b)),
  '&&': (a, b) => truth(Number(a !== 0 && b !== 0)),
  '||': (a, b) => truth(Number(a !== 0 || b !== 0)),
};

const CALLS: Readonly<Record<string, (...args: number[]) => number>> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  min: Math.min,
  max: Math.max,
  clamp: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
  floor: Math.floor,
  ceil: Math.ceil,
};

export function evaluateExpr(expr: Expr, bindings: Bindings): number {
  switch (expr.op) {
    case 'num':
      return expr.value;
    case 'var': {
      const value = bindings[expr.name];
      if (value === undefined) throw new Error(`internal: unbound name ${expr.name} in an IR expression`);
      return value;
    }
    case 'unary': {
      const operand = evaluateExpr(expr.operand, bindings);
      return expr.operator === '-' ? -operand : truth(Number(operand === 0));
    }
    case 'binary':
      return BINARY[expr.operator](evaluateExpr(expr.left, bindings), evaluateExpr(expr.right, bindings));
    case 'cond':
      return evaluateExpr(expr.test, bindings) !== 0
        ? evaluateExpr(expr.then, bindings)
        : evaluateExpr(expr.otherwise, bindings);
    case 'call':
      return CALLS[expr.fn](...expr.args.map((arg) => evaluateExpr(arg, bindings)));
  }
}

/** An expression of t and T as an epoch function. */
export function epochFunction(expr: Expr): (t: number, T: number) => number {
  return (t, T) => evaluateExpr(expr, { t, T });
}

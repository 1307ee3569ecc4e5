// Evaluates IR expressions. Schedule verification evaluates λ_s, λ_r and every
// lr for t = 0…T−1 (T = 5000 in the paper, for every experiment of a file), so
// an expression is compiled once into a JavaScript function — generated from
// the checked IR tree, which holds only numbers, operators, the functions of
// §8 and variable names (read as quoted keys) — and then called per epoch.
// Booleans are 1 and 0; a checked expression never mixes them with numbers.
import type { Expr as IrExpr } from '../ir/types.js';

/** Values of the named variables other than t and T (sweeps' varied names). */
export type Variables = Readonly<Record<string, number>>;

export type CompiledExpr = (t: number, T: number, vars?: Variables) => number;

const FUNCTIONS: Readonly<Record<string, string>> = {
  exp: 'Math.exp',
  log: 'Math.log',
  sqrt: 'Math.sqrt',
  abs: 'Math.abs',
  floor: 'Math.floor',
  ceil: 'Math.ceil',
  min: 'Math.min',
  max: 'Math.max',
};

const BOOLEAN_OPERATORS = new Set(['<', '<=', '>', '>=', '==', '!=']);

function literal(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return Object.is(value, -0) ? '(-0)' : `(${String(value)})`;
}

/** The expression as JavaScript source over `t`, `T` and `v` (the variables). */
export function exprToJs(expr: IrExpr): string {
  switch (expr.op) {
    case 'num':
      return literal(expr.value);
    case 'var':
      if (expr.name === 't' || expr.name === 'T') return expr.name;
      return `(v !== undefined && Object.hasOwn(v, ${JSON.stringify(expr.name)}) ? v[${JSON.stringify(expr.name)}] : NaN)`;
    case 'unary': {
      const operand = exprToJs(expr.operand);
      return expr.operator === '-' ? `(-${operand})` : `(${operand} === 0 ? 1 : 0)`;
    }
    case 'binary': {
      const l = exprToJs(expr.left);
      const r = exprToJs(expr.right);
      const op = expr.operator;
      if (op === '^') return `(${l} ** ${r})`;
      if (op === '&&' || op === '||') return `(${l} !== 0 ${op} ${r} !== 0 ? 1 : 0)`;
      if (BOOLEAN_OPERATORS.has(op)) {
        const js = op === '==' ? '===' : op === '!=' ? '!==' : op;
        return `(${l} ${js} ${r} ? 1 : 0)`;
      }
      return `(${l} ${op} ${r})`;
    }
    case 'cond':
      return `(${exprToJs(expr.test)} !== 0 ? ${exprToJs(expr.then)} : ${exprToJs(expr.otherwise)})`;
    case 'call': {
      const args = expr.args.map(exprToJs);
      if (expr.fn === 'clamp') return `Math.min(Math.max(${args[0]}, ${args[1]}), ${args[2]})`;
      return `${FUNCTIONS[expr.fn]}(${args.join(', ')})`;
    }
  }
}

// Compiled functions by source: specs repeat their schedules and learning rates
// (every experiment of the paper has the same lr), and the language server
// re-checks on every keystroke, so one function per distinct expression stays
// hot in the JIT. Bounded, so a long editing session cannot grow it forever.
const MAX_CACHED = 2000;
const cache = new Map<string, unknown>();

function cached<F>(source: string, make: () => F): F {
  let f = cache.get(source) as F | undefined;
  if (f === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    f = make();
    cache.set(source, f);
  }
  return f;
}

export function compileExpr(expr: IrExpr): CompiledExpr {
  const body = `return ${exprToJs(expr)};`;
  return cached(body, () => new Function('t', 'T', 'v', body) as CompiledExpr);
}

export type CompiledSeries = (out: Float64Array, T: number, vars?: Variables) => Float64Array;

/** Fills `out[t]` with the expression's value for t = 0…out.length−1: one compiled loop, no call per epoch. */
export function compileSeries(expr: IrExpr): CompiledSeries {
  const body = `for (let t = 0; t < out.length; t++) out[t] = ${exprToJs(expr)};\nreturn out;`;
  return cached(body, () => new Function('out', 'T', 'v', body) as CompiledSeries);
}

/** One-off evaluation (hover, constants); compile once instead when evaluating per epoch. */
export function evaluateExpr(expr: IrExpr, env: { t?: number; T?: number; vars?: Variables } = {}): number {
  return compileExpr(expr)(env.t ?? 0, env.T ?? 0, env.vars);
}

/** Whether an expression reads t (its value may change from epoch to epoch). */
export function dependsOnEpoch(expr: IrExpr): boolean {
  switch (expr.op) {
    case 'num':
      return false;
    case 'var':
      return expr.name === 't';
    case 'unary':
      return dependsOnEpoch(expr.operand);
    case 'binary':
      return dependsOnEpoch(expr.left) || dependsOnEpoch(expr.right);
    case 'cond':
      return dependsOnEpoch(expr.test) || dependsOnEpoch(expr.then) || dependsOnEpoch(expr.otherwise);
    case 'call':
      return expr.args.some(dependsOnEpoch);
  }
}

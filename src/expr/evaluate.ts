// Evaluates IR expressions. Schedule verification evaluates λ_s, λ_r and every
// lr for t = 0…T−1 (T = 5000 in the paper, for every experiment of a file), so
// an expression is compiled once into a JavaScript function — the code the
// printer (print.ts) writes into generated trainers, with sweeps' varied names
// read from `v` — and then called per epoch.
import type { Expr as IrExpr } from '../ir/types.js';
import { CLAMP_HELPER } from './functions.js';
import { type PrintOptions, printExpr } from './print.js';

/** Values of the named variables other than t and T (sweeps' varied names). */
export type Variables = Readonly<Record<string, number>>;

export type CompiledExpr = (t: number, T: number, vars?: Variables) => number;

// Unchecked IR may hold NaN or ±Infinity (`1e999`): the checker evaluates it to report them.
const EVALUATION: PrintOptions = {
  nonFinite: true,
  variable: (name) =>
    `(v !== undefined && Object.hasOwn(v, ${JSON.stringify(name)}) ? v[${JSON.stringify(name)}] : NaN)`,
};

/** The clamp helper, as generated trainers define it. */
const PRELUDE = `const ${CLAMP_HELPER} = (x, lo, hi) => Math.min(Math.max(x, lo), hi);\n`;

/** The expression as JavaScript source over `t`, `T` and `v` (the variables); also a cache key. */
export function exprToJs(expr: IrExpr): string {
  return printExpr(expr, EVALUATION).code;
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
  const body = `${PRELUDE}return ${exprToJs(expr)};`;
  return cached(body, () => new Function('t', 'T', 'v', body) as CompiledExpr);
}

type CompiledSeries = (out: Float64Array, T: number, vars?: Variables) => Float64Array;

/** Fills `out[t]` with the expression's value for t = 0…out.length−1: one compiled loop, no call per epoch. */
export function compileSeries(expr: IrExpr): CompiledSeries {
  const body = `${PRELUDE}for (let t = 0; t < out.length; t++) out[t] = ${exprToJs(expr)};\nreturn out;`;
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

// Schedule verification (§7, §9): λ_s(t), λ_r(t), every learning rate and every
// per-DAE weight evaluated for t = 0…T−1 at check time. Each expression is
// compiled once (expr-eval.ts) and then called per epoch.

import { compileExpr, compileSeries, dependsOnEpoch, exprToJs } from '../expr/evaluate.js';
import { lowerExpr } from '../expr/lower.js';
import type { Expr as IrExpr } from '../ir/types.js';
import type { Expr, ReconstructBlock, Span } from '../syntax/ast.js';
import type { ExperimentView } from './experiment-view.js';
import { checkExpr } from './expr-check.js';
import { asExpr } from './settings.js';
import { type ResolvedWeights, resolveWeights } from './weights.js';

export interface Series {
  readonly label: string;
  readonly span: Span;
  readonly values: Float64Array;
  /** False when the expression does not read t (every value is the same). */
  readonly varies: boolean;
}

export interface ExperimentSeries {
  readonly T: number;
  /** Undefined when the weights are unsound (other rules report why). */
  readonly weights?: ResolvedWeights;
  readonly supervised?: Series;
  readonly reconstruction?: Series;
  readonly lrs: readonly Series[];
  /** Each reconstruct block's `weight` factor (1 when not given). */
  readonly daeWeights: ReadonlyMap<ReconstructBlock, Series>;
}

export interface ScheduleProblem {
  readonly span: Span;
  readonly code: 'MTL090' | 'MTL091' | 'MTL092' | 'MTL093' | 'MTL094';
  readonly message: string;
}

export const EPOCH_SCOPE = ['t', 'T'] as const;
/** Past this many epochs the per-epoch values are not computed at check time (memory: 8 bytes per epoch per series). */
export const MAX_VERIFIED_EPOCHS = 1_000_000;
const SUM_TOLERANCE = 1e-9;

// Series by expression and T: the experiments of a file mostly share their lr
// and schedule, and the language server re-checks unchanged experiments. The
// arrays are never written after they are made.
const MAX_CACHED_SERIES = 128;
const seriesCache = new Map<string, Float64Array>();

/** The values of an expression at t = 0…T−1. Do not modify the array: it may be shared. */
export function evaluateSeries(expr: IrExpr, T: number): Float64Array {
  const key = `${T}:${exprToJs(expr)}`;
  const known = seriesCache.get(key);
  if (known) return known;
  const out = new Float64Array(T);
  if (!dependsOnEpoch(expr)) out.fill(compileExpr(expr)(0, T));
  else compileSeries(expr)(out, T);
  if (seriesCache.size >= MAX_CACHED_SERIES) seriesCache.clear();
  seriesCache.set(key, out);
  return out;
}

function series(label: string, span: Span, expr: IrExpr, T: number): Series {
  return { label, span, values: evaluateSeries(expr, T), varies: dependsOnEpoch(expr) };
}

function epochSeries(label: string, expr: Expr | undefined, T: number): Series | undefined {
  if (!expr || checkExpr(expr, { names: EPOCH_SCOPE, what: label }).length > 0) return undefined;
  const ir = lowerExpr(expr);
  return ir && series(label, expr.span, ir, T);
}

/** Everything an experiment evaluates per epoch; undefined without a sound `epochs`, or with more than MAX_VERIFIED_EPOCHS. */
export function experimentSeries(view: ExperimentView): ExperimentSeries | undefined {
  const T = view.epochs;
  if (T === undefined || T > MAX_VERIFIED_EPOCHS) return undefined;
  const weights = resolveWeights(view);
  const lrs: Series[] = [];
  const trainLr = epochSeries('lr', view.lr?.value, T);
  if (trainLr) lrs.push(trainLr);
  for (const step of view.order?.steps ?? []) {
    const s = epochSeries(`the ${step.objective.name} step's lr`, step.lr, T);
    if (s) lrs.push(s);
  }
  const daeWeights = new Map<ReconstructBlock, Series>();
  for (const block of view.reconstruct) {
    const setting = view.setting(block, 'weight');
    if (!setting) {
      daeWeights.set(block, series('weight', block.span, { op: 'num', value: 1 }, T));
      continue;
    }
    const s = epochSeries('weight', asExpr(setting.value), T);
    if (s) daeWeights.set(block, s);
  }
  return {
    T,
    weights,
    supervised: weights && series('λ_s', weights.spans.supervised, weights.supervised, T),
    reconstruction: weights && series('λ_r', weights.spans.reconstruction, weights.reconstruction, T),
    lrs,
    daeWeights,
  };
}

/** Where in training a value is taken, in both numberings: the spec's t and the epoch number t + 1. */
export function atEpoch(t: number): string {
  return `t = ${t} (epoch ${t + 1})`;
}

export function formatNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x);
}

type Bad = { readonly t: number; readonly nonFinite: boolean } | null;
const badCache = new WeakMap<Float64Array, Map<string, Bad>>();

/**
 * The first epoch at which a series is not finite or leaves [lo, hi] (lo
 * excluded when `openLo`), in one pass; remembered per (shared) array.
 */
function firstBad(values: Float64Array, lo: number, hi: number, openLo = false): Bad {
  const key = `${lo}:${hi}:${openLo}`;
  let known = badCache.get(values);
  const hit = known?.get(key);
  if (hit !== undefined) return hit;
  let bad: Bad = null;
  for (let t = 0; t < values.length; t++) {
    const x = values[t];
    if (x - x !== 0 || x < lo || x > hi || (openLo && x === lo)) {
      bad = { t, nonFinite: x - x !== 0 };
      break;
    }
  }
  if (!known) {
    known = new Map();
    badCache.set(values, known);
  }
  known.set(key, bad);
  return bad;
}

const sumCache = new WeakMap<Float64Array, WeakMap<Float64Array, number>>();

/** The first epoch at which λ_s + λ_r is not 1 within the tolerance, or −1. */
function firstUnbalanced(a: Float64Array, b: Float64Array): number {
  const known = sumCache.get(a)?.get(b);
  if (known !== undefined) return known;
  let at = -1;
  for (let t = 0; t < a.length; t++) {
    if (Math.abs(a[t] + b[t] - 1) > SUM_TOLERANCE) {
      at = t;
      break;
    }
  }
  const inner = sumCache.get(a) ?? new WeakMap<Float64Array, number>();
  sumCache.set(a, inner);
  inner.set(b, at);
  return at;
}

function nonFiniteProblem(s: Series, t: number): ScheduleProblem {
  const v = s.values[t];
  const why = Number.isNaN(v) ? 'e.g. 0/0 or log of a negative number' : 'e.g. a division by zero or log(0)';
  return { span: s.span, code: 'MTL093', message: `${s.label}(t) is ${v} at ${atEpoch(t)} (${why})` };
}

/** Every per-epoch problem of an experiment, the first epoch of each. */
export function verifySchedules(all: ExperimentSeries): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  let weightsSound = true;
  for (const s of [all.supervised, all.reconstruction]) {
    const bad = s && firstBad(s.values, 0, 1);
    if (!s || !bad) continue;
    weightsSound = false;
    problems.push(
      bad.nonFinite
        ? nonFiniteProblem(s, bad.t)
        : {
            span: s.span,
            code: 'MTL090',
            message: `${s.label}(t) = ${formatNumber(s.values[bad.t])} at ${atEpoch(bad.t)}: importance weights must lie in [0, 1]`,
          },
    );
  }
  const { supervised: sup, reconstruction: rec } = all;
  if (sup && rec && weightsSound) {
    const t = firstUnbalanced(sup.values, rec.values);
    if (t >= 0) {
      const [a, b] = [sup.values[t], rec.values[t]];
      problems.push({
        span: sup.span,
        code: 'MTL091',
        message: `λ_s(t) + λ_r(t) = ${formatNumber(a + b)} at ${atEpoch(t)} (λ_s = ${formatNumber(a)}, λ_r = ${formatNumber(b)}): the paper keeps λ_s + λ_r = 1`,
      });
    }
  }
  for (const lr of all.lrs) {
    const bad = firstBad(lr.values, 0, Number.POSITIVE_INFINITY, true);
    if (!bad) continue;
    problems.push(
      bad.nonFinite
        ? nonFiniteProblem(lr, bad.t)
        : {
            span: lr.span,
            code: 'MTL092',
            message: `${lr.label}(t) = ${formatNumber(lr.values[bad.t])} at ${atEpoch(bad.t)}: the learning rate must be positive`,
          },
    );
  }
  for (const w of all.daeWeights.values()) {
    const bad = firstBad(w.values, 0, Number.POSITIVE_INFINITY);
    if (!bad) continue;
    problems.push(
      bad.nonFinite
        ? nonFiniteProblem(w, bad.t)
        : {
            span: w.span,
            code: 'MTL094',
            message: `weight(t) = ${formatNumber(w.values[bad.t])} at ${atEpoch(bad.t)}: a reconstruct weight must be ≥ 0`,
          },
    );
  }
  return problems;
}

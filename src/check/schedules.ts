// Schedule verification (§7, §9): λ_s(t), λ_r(t), every learning rate and every
// per-DAE weight evaluated for t = 0…T−1 at check time. Each expression is
// compiled once (src/expr/evaluate.ts) and then called per epoch.

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

export const EPOCH_SCOPE = ['t', 'T'] as const;
/** Past this many epochs the per-epoch values are not computed at check time (memory: 8 bytes per epoch per series). */
export const MAX_VERIFIED_EPOCHS = 1_000_000;

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

import type { RuleContext } from '../context.js';
import { atEpoch, type ExperimentSeries, formatNumber, type Series } from '../schedules.js';
import type { Visitor } from '../walk.js';

/**
 * Evaluated at every epoch t = 0…T−1: λ_s(t) and λ_r(t) lie in [0, 1]
 * (MTL090) and sum to 1 within 1e-9 (MTL091, warning); every lr is positive
 * (MTL092); nothing is NaN or infinite (MTL093); per-DAE weights are ≥ 0
 * (MTL094). Each message names the first epoch at fault. Language reference §7, §9.
 */
export function scheduleVerificationRule(ctx: RuleContext): Visitor {
  return {
    Experiment(node) {
      const series = ctx.series(ctx.view(node));
      if (series) verifySchedules(series, ctx);
    },
  };
}

const SUM_TOLERANCE = 1e-9;

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

function nonFinite(s: Series, t: number, ctx: RuleContext): void {
  const v = s.values[t];
  const why = Number.isNaN(v) ? 'e.g. 0/0 or log of a negative number' : 'e.g. a division by zero or log(0)';
  ctx.report({ span: s.span, code: 'MTL093', message: `${s.label}(t) is ${v} at ${atEpoch(t)} (${why})` });
}

/** Reports every per-epoch problem of an experiment, at the first epoch of each. */
function verifySchedules(all: ExperimentSeries, ctx: RuleContext): void {
  let weightsSound = true;
  for (const s of [all.supervised, all.reconstruction]) {
    const bad = s && firstBad(s.values, 0, 1);
    if (!s || !bad) continue;
    weightsSound = false;
    if (bad.nonFinite) nonFinite(s, bad.t, ctx);
    else
      ctx.report({
        span: s.span,
        code: 'MTL090',
        message: `${s.label}(t) = ${formatNumber(s.values[bad.t])} at ${atEpoch(bad.t)}: importance weights must lie in [0, 1]`,
      });
  }
  const { supervised: sup, reconstruction: rec } = all;
  if (sup && rec && weightsSound) {
    const t = firstUnbalanced(sup.values, rec.values);
    if (t >= 0) {
      const [a, b] = [sup.values[t], rec.values[t]];
      ctx.report({
        span: sup.span,
        code: 'MTL091',
        message: `λ_s(t) + λ_r(t) = ${formatNumber(a + b)} at ${atEpoch(t)} (λ_s = ${formatNumber(a)}, λ_r = ${formatNumber(b)}): the paper keeps λ_s + λ_r = 1`,
      });
    }
  }
  for (const lr of all.lrs) {
    const bad = firstBad(lr.values, 0, Number.POSITIVE_INFINITY, true);
    if (!bad) continue;
    if (bad.nonFinite) nonFinite(lr, bad.t, ctx);
    else
      ctx.report({
        span: lr.span,
        code: 'MTL092',
        message: `${lr.label}(t) = ${formatNumber(lr.values[bad.t])} at ${atEpoch(bad.t)}: the learning rate must be positive`,
      });
  }
  for (const w of all.daeWeights.values()) {
    const bad = firstBad(w.values, 0, Number.POSITIVE_INFINITY);
    if (!bad) continue;
    if (bad.nonFinite) nonFinite(w, bad.t, ctx);
    else
      ctx.report({
        span: w.span,
        code: 'MTL094',
        message: `weight(t) = ${formatNumber(w.values[bad.t])} at ${atEpoch(bad.t)}: a reconstruct weight must be ≥ 0`,
      });
  }
}

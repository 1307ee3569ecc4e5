import type { ExperimentView } from '../../check/experiment-view.js';
import { checkExpr } from '../../check/expr-check.js';
import { formatNumber } from '../../check/schedules.js';
import { resolveWeights } from '../../check/weights.js';
import { evaluateExpr } from '../../expr/evaluate.js';
import { lowerExpr } from '../../expr/lower.js';
import type { Expr } from '../../syntax/ast.js';

/** The epochs a hover shows: t = 0, T/4, T/2, 3T/4 and T−1. */
function sampleEpochs(T: number): number[] {
  return [...new Set([0, Math.floor(T / 4), Math.floor(T / 2), Math.floor((3 * T) / 4), T - 1])].filter(
    (t) => t >= 0 && t < T,
  );
}

const show = (x: number) => formatNumber(Number(x.toPrecision(4)));

/** A markdown table of λ_s and λ_r over the sampled epochs; undefined when the weights or T are unsound. */
export function weightsTable(view: ExperimentView): string | undefined {
  const T = view.epochs;
  const weights = resolveWeights(view);
  if (T === undefined || !weights) return undefined;
  const rows = sampleEpochs(T).map((t) => {
    const s = evaluateExpr(weights.supervised, { t, T });
    const r = evaluateExpr(weights.reconstruction, { t, T });
    return `| ${t} | ${show(s)} | ${show(r)} |`;
  });
  return [
    `Importance weights over T = ${T} epochs:`,
    '',
    '| t | λ_s | λ_r |',
    '|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** A markdown table of a learning rate expression over the sampled epochs. */
export function lrTable(expr: Expr | undefined, T: number | undefined): string | undefined {
  if (!expr || T === undefined || checkExpr(expr, { names: ['t', 'T'], what: 'lr' }).length > 0)
    return undefined;
  const ir = lowerExpr(expr);
  if (!ir) return undefined;
  const rows = sampleEpochs(T).map((t) => `| ${t} | ${show(evaluateExpr(ir, { t, T }))} |`);
  return [`Learning rate over T = ${T} epochs:`, '', '| t | lr |', '|---:|---:|', ...rows].join('\n');
}

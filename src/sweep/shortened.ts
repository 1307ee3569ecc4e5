// The warning a shortened protocol deserves: --epochs cuts every run's T, and a
// baseline (u = 0: every batch is labeled rows) takes ⌈l / batch⌉ supervised
// steps per epoch — one at l = 100, batch 600 — so 200 epochs leave it 200
// steps where the paper's 5000 epochs gave 5000. Its error, and every cell
// measured against it, then say more about the cut than about the method.
import { compileExpr } from '../expr/evaluate.js';
import type { Experiment } from '../ir/types.js';
import type { PlannedRun, PlannedUse } from './plan-types.js';

/** Below this fraction of the spec's supervised steps, a baseline's shortening is drastic. */
const DRASTIC = 0.25;

/** Supervised steps of a run without unlabeled rows over T epochs: epochs with λ_s ≠ 0 × ⌈l / batch⌉. */
function baselineSupervisedSteps(experiment: Experiment, epochs: number): number {
  const lambda = compileExpr(experiment.weights.supervised);
  const perEpoch = Math.ceil(experiment.data.labeled / experiment.train.batch);
  let active = 0;
  for (let t = 0; t < epochs; t++) if (lambda(t, epochs) !== 0) active++;
  return active * perEpoch;
}

export function shortenedWarnings(runs: readonly PlannedRun[], uses: readonly PlannedUse[]): string[] {
  const baselines = new Set(uses.filter((u) => u.role === 'baseline').map((u) => u.runId));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const run of runs) {
    const e = run.experiment;
    if (!run.shortened || !baselines.has(run.runId) || e.data.unlabeled !== 0) continue;
    const full = baselineSupervisedSteps(e, e.train.epochs);
    const short = baselineSupervisedSteps(e, run.epochs);
    const key = `${e.data.labeled}/${e.train.batch}/${full}/${short}`;
    if (full === 0 || short / full >= DRASTIC || seen.has(key)) continue;
    seen.add(key);
    const perEpoch = Math.ceil(e.data.labeled / e.train.batch);
    out.push(
      `warning: shortened protocol: the baseline with labeled ${e.data.labeled} (batch ${e.train.batch}, ` +
        `${perEpoch} supervised step${perEpoch === 1 ? '' : 's'} per epoch) takes ${short} supervised steps ` +
        `in ${run.epochs} epochs instead of ${full} in the spec's ${e.train.epochs}; ` +
        'its error, and every difference to it, reflects the shortening',
    );
  }
  return out;
}

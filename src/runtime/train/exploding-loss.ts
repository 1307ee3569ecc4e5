// A loss can explode and stay finite (lr = 1e6 gives J_s ≈ 5·10⁷ and 84 %
// error while every number is a float): the run goes on, but the user is
// warned and result.json is flagged. Two tests, both on the epoch means:
// - J_s (softmax cross-entropy) starts near ln(C), the loss of a uniform
//   guess; a mean above 10·ln(C) means the network is confidently wrong on
//   nearly every row, which training that works never does;
// - J_r has no such bound (its scale depends on the cost), so it is compared
//   with the first epoch's: ten times more is not a plateau, it is a blow-up.
import type { CurveRow } from './state.js';

const EXPLODING_FACTOR = 10;

export interface RunWarning {
  readonly code: 'exploding-loss';
  /** The epoch number (1…T) where it was first seen. */
  readonly epoch: number;
  readonly message: string;
}

const show = (value: number) => Number(value.toPrecision(4)).toString();

/** The first epoch whose mean loss has exploded, as a warning; null when none has. */
export function explodingLoss(curves: readonly CurveRow[], classes: number): RunWarning | null {
  const bound = EXPLODING_FACTOR * Math.log(classes);
  const first = curves.find((row) => row.reconstructionLoss !== null)?.reconstructionLoss ?? null;
  for (const row of curves) {
    const js = row.supervisedLoss;
    if (js !== null && js > bound) {
      return warning(
        row.epoch,
        `J_s = ${show(js)}, more than ${EXPLODING_FACTOR} × ln(${classes}) = ${show(bound)} (a uniform guess scores ln(${classes}))`,
      );
    }
    const jr = row.reconstructionLoss;
    if (jr !== null && first !== null && first > 0 && jr > EXPLODING_FACTOR * first) {
      return warning(
        row.epoch,
        `J_r = ${show(jr)}, more than ${EXPLODING_FACTOR} × the first epoch's ${show(first)}`,
      );
    }
  }
  return null;
}

function warning(epoch: number, what: string): RunWarning {
  return {
    code: 'exploding-loss',
    epoch,
    message: `the loss exploded in epoch ${epoch}: ${what}; the results are likely meaningless, try a smaller learning rate`,
  };
}

// The report's line of steps per run, on a report built by hand: a row whose
// cells share one control (Table 1's λ_s = 1 control) names it once; a row
// whose cells each have their own (`control { reconstruct.weight 0 }`, the
// cell's λ_s kept) shows each control's steps beside its cell, so a reader sees
// that it took the cell's supervised steps and no reconstruction step.
import { describe, expect, it } from 'vitest';
import { stepLine } from '../../src/sweep/report/render-md.js';
import { at, cell, diff, report, role, row, table } from '../harness/hand-report.js';

const l100 = at('labeled', '100');

/** A cell of schedule `column` at u = `u`, with its steps and its control's. */
function counted(u: string, column: string, mtl: [number, number], control: [string, number, number]) {
  const [runId, supervised, reconstruction] = control;
  return {
    ...cell([l100, at('unlabeled', u), at('weights', column)], column, diff(-1)),
    mtl: role('mtl', [`m-${u}-${column}`], { supervised: mtl[0], reconstruction: mtl[1] }),
    control: role('control', [runId], { supervised, reconstruction }),
  };
}

describe('stepLine', () => {
  it("names a shared control once, and a control of each cell's own beside its cell", () => {
    const shared = row(
      '0',
      [counted('0', 'stairs(100)', [9, 3], ['c0', 12, 0]), counted('0', 'exp(40)', [11, 12], ['c0', 12, 0])],
      true,
    );
    const own = row(
      '1000',
      [
        counted('1000', 'stairs(100)', [18, 6], ['c1', 18, 0]),
        counted('1000', 'exp(40)', [22, 24], ['c2', 22, 0]),
      ],
      false,
    );
    const hand = report([table([l100], [shared, own])], ['labeled']);
    expect(stepLine(hand, hand.tables[0]!)).toBe(
      'Steps per run (supervised/reconstruction, mean over repeats): ' +
        'unlabeled = 0: stairs(100) 9/3, exp(40) 11/12, control 12/0 · ' +
        'unlabeled = 1000: stairs(100) 18/6 (control 18/0), exp(40) 22/24 (control 22/0).',
    );
  });
});

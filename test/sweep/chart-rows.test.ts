// The report → sweep chart adapter on a report built by hand: a point per cell
// with a number, the shared control per row, panels by network and l.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/plot/render.js';
import { CONTROL_SERIES, sweepChart } from '../../src/plot/sweep-chart.js';
import { sweepChartRows } from '../../src/sweep/report/chart-rows.js';
import type { PairedDifference } from '../../src/sweep/report/stats.js';
import { at, cell, diff, report, row, table } from '../harness/hand-report.js';
import { texts } from '../harness/plot.js';

const BASE = { network: 'nn1', labeled: 100, unlabeled: 0 };

describe('sweepChartRows', () => {
  it('gives each cell with a number a point (fractions), its interval, and each row its shared control', () => {
    const l100 = at('labeled', '100');
    const control = (runs: string, vsBaseline: PairedDifference | null) => ({ runs: [runs], vsBaseline });
    const hand = report(
      [
        table(
          [l100],
          [
            row(
              '0',
              [
                cell(
                  [l100, at('unlabeled', '0'), at('weights', 'stairs(100)')],
                  'stairs(100)',
                  diff(-1.5, -2, -1),
                  control('c0', diff(0.25, 0, 0.5)),
                ),
                cell(
                  [l100, at('unlabeled', '0'), at('weights', 'exp(40)')],
                  'exp(40)',
                  diff(0.5, -1, 2),
                  control('c0', diff(0.25, 0, 0.5)),
                ),
              ],
              true,
            ),
            row(
              '49900',
              [
                // Runs not done: no number, so no point.
                cell(
                  [l100, at('unlabeled', '49900', 1), at('weights', 'stairs(100)')],
                  'stairs(100)',
                  null,
                  control('c1', null),
                ),
                cell(
                  [l100, at('unlabeled', '49900', 1), at('weights', 'exp(40)')],
                  'exp(40)',
                  diff(-3),
                  control('c2', diff(-1)),
                ),
              ],
              // Controls that differ per cell: no control line for this row.
              false,
            ),
          ],
        ),
      ],
      ['labeled'],
    );
    expect(sweepChartRows(hand, BASE)).toEqual([
      {
        network: 'nn1',
        labeled: 100,
        unlabeled: 0,
        series: 'stairs(100)',
        diff: -0.015,
        lo: -0.02,
        hi: -0.01,
      },
      { network: 'nn1', labeled: 100, unlabeled: 0, series: 'exp(40)', diff: 0.005, lo: -0.01, hi: 0.02 },
      { network: 'nn1', labeled: 100, unlabeled: 0, series: CONTROL_SERIES, diff: 0.0025, lo: 0, hi: 0.005 },
      { network: 'nn1', labeled: 100, unlabeled: 49900, series: 'exp(40)', diff: -0.03, lo: null, hi: null },
    ]);
  });

  it('takes network, l and u from the cells when the sweep varies them, else from the base; other table settings name the panel', () => {
    const nn2 = at('network', 'nn2');
    const seed = at('seed', '8');
    const hand = report(
      [
        table(
          [nn2, seed],
          [row('', [cell([nn2, seed, at('weights', 'exp(40)')], 'exp(40)', diff(-2))], false)],
        ),
      ],
      ['network', 'seed'],
    );
    const rows = sweepChartRows(hand, { network: 'nn1', labeled: 1000, unlabeled: 49000 });
    expect(rows).toEqual([
      {
        network: 'nn2',
        labeled: 1000,
        unlabeled: 49000,
        panel: 'nn2, l = 1000, seed = 8',
        series: 'exp(40)',
        diff: -0.02,
        lo: null,
        hi: null,
      },
    ]);
  });

  it('draws a panel per table with the rows it gives', async () => {
    const tables = ['100', '1000'].map((l) => {
      const labeled = at('labeled', l);
      return table(
        [labeled],
        ['0', '1000'].map((u) =>
          row(
            u,
            [cell([labeled, at('unlabeled', u), at('weights', 'exp(40)')], 'exp(40)', diff(-1, -2, 0))],
            false,
          ),
        ),
      );
    });
    const svg = await renderSvg(sweepChart(sweepChartRows(report(tables, ['labeled']), BASE)));
    expect(texts(svg)).toEqual(expect.arrayContaining(['nn1, l = 100', 'nn1, l = 1000', 'exp(40)']));
  });
});

import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/plot/render.js';
import { CONTROL_SERIES, type SweepChartRow, sweepChart } from '../../src/plot/sweep-chart.js';
import { linePaths, markCount, pointCount, texts } from '../harness/plot.js';

/** Two panels (l = 100 with repeat intervals, l = 1000 without), three u each, two schedules and the control. */
function rows(): SweepChartRow[] {
  const out: SweepChartRow[] = [];
  for (const labeled of [100, 1000]) {
    for (const [i, unlabeled] of [0, 1000, 50000 - labeled].entries()) {
      for (const [k, series] of ['stairs(100)', 'exp(40)', CONTROL_SERIES].entries()) {
        const diff = -0.01 * (k + 1) * i;
        out.push({
          network: 'nn1',
          labeled,
          unlabeled,
          series,
          diff,
          ...(labeled === 100 ? { lo: diff - 0.002, hi: diff + 0.002 } : { lo: null, hi: null }),
        });
      }
    }
  }
  return out;
}

describe('sweepChart', () => {
  it('draws one panel per network and labeled size, a line per schedule and the control, bands where repeats give them', async () => {
    const svg = await renderSvg(sweepChart(rows()));
    const words = texts(svg);
    expect(words).toEqual(
      expect.arrayContaining([
        'nn1, l = 100',
        'nn1, l = 1000',
        'unlabeled examples u',
        'test error − baseline (points)',
        'schedule',
        'stairs(100)',
        'exp(40)',
        'control',
      ]),
    );
    // Each panel's own u values: 49900 beside l = 100, 49000 beside l = 1000.
    expect(words).toEqual(expect.arrayContaining(['49900', '49000']));
    // 2 panels × 3 series, 3 u values each; bands only in the l = 100 panel.
    expect(linePaths(svg).map(pointCount)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(markCount(svg, 'point')).toBe(18);
    expect(markCount(svg, 'area mark')).toBe(3);
    // Differences are shown in points: −4 (exp(40) at the third u: −0.02 × 2) lies on the axis.
    expect(words).toContain('−4');
  });

  it('dashes the control and leaves out a band-less chart’s areas', async () => {
    const svg = await renderSvg(sweepChart(rows().filter((r) => r.labeled === 1000)));
    expect(markCount(svg, 'area mark')).toBe(0);
    expect(svg.match(/stroke-dasharray="5,3"/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('is the same SVG for the same rows', async () => {
    expect(await renderSvg(sweepChart(rows()))).toBe(await renderSvg(sweepChart(rows())));
  });
});

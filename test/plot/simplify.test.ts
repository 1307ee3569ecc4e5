import { describe, expect, it } from 'vitest';
import { simplifyLine, simplifySeries } from '../../src/plot/simplify.js';

const series = (ys: readonly number[]) => ys.map((y, x) => ({ x, y }));

describe('simplifyLine', () => {
  it('keeps the ends of a straight line only', () => {
    expect(simplifyLine(series([0, 1, 2, 3, 4]), 1e-9)).toEqual([0, 4]);
  });

  it('keeps both edges of a step', () => {
    expect(simplifyLine(series([0, 0, 0, 1, 1, 1]), 1e-9)).toEqual([0, 2, 3, 5]);
  });

  it('keeps every point that lies off the line by more than the tolerance', () => {
    const ys = Array.from({ length: 200 }, (_, t) => 1 - Math.exp(-t / 40));
    const kept = simplifySeries(series(ys));
    expect(kept.length).toBeLessThan(200);
    expect(kept.length).toBeGreaterThan(10);
    // Every dropped point is within 1e-4 of the line through the kept points around it.
    for (let k = 0; k + 1 < kept.length; k++) {
      const a = kept[k]!;
      const b = kept[k + 1]!;
      for (let x = a.x + 1; x < b.x; x++) {
        const onLine = a.y + ((x - a.x) / (b.x - a.x)) * (b.y - a.y);
        expect(Math.abs(ys[x]! - onLine)).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('leaves short series alone', () => {
    expect(simplifyLine(series([3]), 0)).toEqual([0]);
    expect(simplifyLine([], 0)).toEqual([]);
  });
});

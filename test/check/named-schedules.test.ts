import { describe, expect, it } from 'vitest';
import { evaluateSeries } from '../../src/check/schedules.js';
import { scheduleWeights } from '../../src/check/weights.js';
import type { Schedule } from '../../src/ir/types.js';

const T = 200;
const at = (schedule: Schedule, t: number) => {
  const { supervised, reconstruction } = scheduleWeights(schedule);
  return [evaluateSeries(supervised, T)[t], evaluateSeries(reconstruction, T)[t]];
};

// The table of §7 of the language reference.
describe('named schedules', () => {
  it('supervised_only: λ_s = 1, λ_r = 0', () => {
    expect(at({ name: 'supervised_only', args: [] }, 17)).toEqual([1, 0]);
  });

  it('stairs(t1): λ_s = 0 before t1, then 1', () => {
    const s: Schedule = { name: 'stairs', args: [100] };
    expect(at(s, 99)).toEqual([0, 1]);
    expect(at(s, 100)).toEqual([1, 0]);
  });

  it('lin: λ_s = t / T', () => {
    expect(at({ name: 'lin', args: [] }, 50)).toEqual([0.25, 0.75]);
  });

  it('lin(t1): λ_s = min(1, t / t1)', () => {
    expect(at({ name: 'lin', args: [100] }, 50)).toEqual([0.5, 0.5]);
    expect(at({ name: 'lin', args: [100] }, 150)).toEqual([1, 0]);
  });

  it('exp(sigma): λ_s = 1 − exp(−t/σ), λ_r = exp(−t/σ)', () => {
    const [s, r] = at({ name: 'exp', args: [40] }, 40);
    expect(r).toBeCloseTo(Math.exp(-1), 15);
    expect(s + r).toBeCloseTo(1, 15);
  });

  it('constant(a): λ_s = a, λ_r = 1 − a', () => {
    expect(at({ name: 'constant', args: [0.25] }, 3)).toEqual([0.25, 0.75]);
  });
});

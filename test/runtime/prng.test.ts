import { describe, expect, it } from 'vitest';
import { rngFor } from '../../src/runtime/prng.js';

const draws = (domain: string, ...keys: number[]) => {
  const rng = rngFor(domain, ...keys);
  return Array.from({ length: 8 }, () => rng.nextUint32());
};

describe('keyed PRNG streams', () => {
  it('repeat for the same key and differ for other keys', () => {
    expect(draws('noise', 1, 2, 3)).toEqual(draws('noise', 1, 2, 3));
    expect(draws('noise', 1, 2, 3)).not.toEqual(draws('noise', 1, 2, 4));
    expect(draws('noise', 1, 2, 3)).not.toEqual(draws('shuffle', 1, 2, 3));
    expect(draws('x', 2 ** 40)).not.toEqual(draws('x', 0));
  });

  it('shuffles into a permutation', () => {
    const perm = rngFor('p', 5).permutation(1000);
    expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...perm.slice(0, 20)]).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('draws floats in [0, 1) and roughly standard normals', () => {
    const rng = rngFor('f', 9);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 20_000; i++) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      const g = rng.nextGaussian();
      sum += g;
      squares += g * g;
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.05);
    expect(Math.abs(squares / 20_000 - 1)).toBeLessThan(0.05);
  });
});

// The keyed element noise: rates, determinism, and the input layer's sparse
// mask equal to the dense one entry for entry.
import { describe, expect, it } from 'vitest';
import type { Noise } from '../../src/ir/types.js';
import { nonZeros } from '../../src/runtime/data/columns.js';
import {
  applyNoise,
  corruptRows,
  fillGaussian,
  fillKeep,
  noiseKey,
} from '../../src/runtime/noise/element-noise.js';

describe('element noise', () => {
  it('keeps each element with probability 1 - p, the same draws for the same key', () => {
    const key = noiseKey(7, 3, 2, 0, 0);
    const out = new Float32Array(200_000);
    fillKeep(out, key, 0.25);
    const kept = out.reduce((a, b) => a + b, 0) / out.length;
    expect(kept).toBeGreaterThan(0.745);
    expect(kept).toBeLessThan(0.755);
    const again = new Float32Array(out.length);
    fillKeep(again, noiseKey(7, 3, 2, 0, 0), 0.25);
    expect(again).toEqual(out);
    fillKeep(again, noiseKey(7, 3, 3, 0, 0), 0.25);
    expect(again).not.toEqual(out);
    fillKeep(out, key, 0);
    expect(out.every((v) => v === 1)).toBe(true);
    fillKeep(out, key, 1);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('draws roughly standard normals', () => {
    const out = new Float32Array(50_000);
    fillGaussian(out, noiseKey(1, 0, 0, 0, 0), 2);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const variance = out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 4)).toBeLessThan(0.1);
  });

  it.each<Noise>([
    { kind: 'mask', p: 0.3 },
    { kind: 'salt_pepper', p: 0.3 },
    { kind: 'gaussian', sigma: 0.5 },
  ])('corrupts gathered rows as the whole-batch draw does ($kind)', (noise) => {
    const dim = 12;
    const pool = Float32Array.from({ length: 40 * dim }, (_, i) => (i % 3 === 0 ? 0 : (i % 7) / 7));
    const rows = [5, 0, 33, 12, 12, 39];
    const key = noiseKey(2, 1, 4, 1, 0);
    const dense = new Float32Array(rows.length * dim);
    rows.forEach((row, r) => {
      dense.set(pool.subarray(row * dim, (row + 1) * dim), r * dim);
    });
    applyNoise(noise, key, dense);
    const sparse = new Float32Array(rows.length * dim).fill(9);
    corruptRows(noise, key, pool, dim, rows, sparse, nonZeros(pool, dim));
    expect(sparse).toEqual(dense);
    const changed = dense.some((v, i) => v !== pool[rows[Math.floor(i / dim)] * dim + (i % dim)]);
    expect(changed).toBe(true);
  });
});

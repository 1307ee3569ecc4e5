// The DAE corruption f of Eq. 5, element by element against its definition
// (element-noise.ts): with h' = h(key, e) >>> 1 and P = round(p·2³¹),
//   mask(p):        x̃ = x if h' ≥ P, else 0
//   salt_pepper(p): x̃ = x if h' ≥ P, else 1 if h' ≥ P/2, else 0
//   gaussian(σ):    x̃ = x + σ·√(−2 ln u)·cos(2πv), u = (h(2e) + ½)/2³², v = h(2e + 1)/2³²
// on the plain arrays (applyNoise, what onnx feeds) and on TensorFlow.js
// tensors (corrupt, the cpu/wasm path, with d x̃/dx for the backward pass).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Noise } from '../../src/ir/types.js';
import { selectBackend } from '../../src/runtime/backend.js';
import { nonZeros } from '../../src/runtime/data/columns.js';
import { Scratch } from '../../src/runtime/data/scratch.js';
import { corrupt } from '../../src/runtime/grad/noise.js';
import {
  applyNoise,
  corruptRows,
  elementHash,
  fillKeep,
  fillSalt,
  noiseKey,
} from '../../src/runtime/noise/element-noise.js';

const ROWS = 40;
const DIM = 25;
const key = noiseKey(7, 2, 5, 1, 0);
/** Inputs in (0, 1), none 0 or 1, so a replaced element is always visible. */
const x = Float32Array.from({ length: ROWS * DIM }, (_, i) => 0.05 + ((i * 37) % 90) / 100);

function expected(noise: Noise, e: number, value: number): number {
  const h = elementHash(key, e) >>> 1;
  switch (noise.kind) {
    case 'none':
      return value;
    case 'mask':
      return h >= Math.round(noise.p * 2 ** 31) ? value : 0;
    case 'salt_pepper': {
      const P = Math.round(noise.p * 2 ** 31);
      if (h >= P) return value;
      return h >= P / 2 ? 1 : 0;
    }
    case 'gaussian': {
      const u = (elementHash(key, 2 * e) + 0.5) / 2 ** 32;
      const v = elementHash(key, 2 * e + 1) / 2 ** 32;
      return value + Math.fround(noise.sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
  }
}

const NOISES: readonly Noise[] = [
  { kind: 'none' },
  { kind: 'mask', p: 0.3 },
  { kind: 'salt_pepper', p: 0.4 },
  { kind: 'gaussian', sigma: 0.2 },
];

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('the corruption of Eq. 5, element by element', () => {
  it.each(NOISES)('applyNoise follows the definition ($kind)', (noise) => {
    const out = Float32Array.from(x);
    applyNoise(noise, key, out);
    const want = Float32Array.from(x, (value, e) => expected(noise, e, value));
    expect(out).toEqual(want);
  });

  it.each(NOISES)('corrupt (TensorFlow.js) gives the same x̃, and d x̃/dx = keep ($kind)', (noise) => {
    const clean = tf.tensor2d(x, [ROWS, DIM]);
    const { noisy, keep } = corrupt(noise, clean, key, new Scratch());
    const want = Float32Array.from(x, (value, e) => expected(noise, e, value));
    const got = noisy.dataSync();
    const worst = want.reduce((max, w, e) => Math.max(max, Math.abs(got[e] - w)), 0);
    expect(worst).toBeLessThan(1e-6);
    if (noise.kind === 'mask' || noise.kind === 'salt_pepper') {
      const P = Math.round(noise.p * 2 ** 31);
      const wantKeep = Float32Array.from(x, (_, e) => (elementHash(key, e) >>> 1 >= P ? 1 : 0));
      expect(keep?.dataSync()).toEqual(wantKeep);
    } else {
      expect(keep).toBeNull();
    }
  });

  it('replaces about p of the elements; salt_pepper sets half of them to 1', () => {
    const n = 100_000;
    const keep = new Float32Array(n);
    const salt = new Float32Array(n);
    fillKeep(keep, key, 0.4);
    fillSalt(salt, key, 0.4);
    const replaced = keep.reduce((sum, k) => sum + (1 - k), 0) / n;
    const ones = salt.reduce((sum, s) => sum + s, 0) / n;
    expect(replaced).toBeGreaterThan(0.395);
    expect(replaced).toBeLessThan(0.405);
    expect(ones).toBeGreaterThan(0.195);
    expect(ones).toBeLessThan(0.205);
    // Salt only where replaced.
    expect(salt.filter((s, e) => s !== 0 && keep[e] === 1).length).toBe(0);
  });

  it('keeps everything at p = 0, replaces everything at p = 1, clamps p outside [0, 1]', () => {
    const out = new Float32Array(1000);
    for (const [p, value] of [
      [0, 1],
      [-0.5, 1],
      [1, 0],
      [1.5, 0],
    ] as const) {
      fillKeep(out, key, p);
      expect(
        out.every((k) => k === value),
        `p = ${p}`,
      ).toBe(true);
    }
  });

  it('keeps an element whose draw is exactly the threshold (h′ = P), for mask and salt_pepper', () => {
    // p chosen so that P = round(p·2³¹) is element 0's own draw h′.
    const p = (elementHash(key, 0) >>> 1) / 2 ** 31;
    for (const noise of [
      { kind: 'mask', p },
      { kind: 'salt_pepper', p },
    ] as const) {
      const out = Float32Array.from(x.subarray(0, 4));
      applyNoise(noise, key, out);
      expect(out[0], noise.kind).toBe(x[0]);
      const keep = new Float32Array(4);
      fillKeep(keep, key, p);
      expect(keep[0]).toBe(1);
      const salt = new Float32Array(4);
      fillSalt(salt, key, p);
      expect(salt[0]).toBe(0);
    }
  });

  it('salt_pepper: a replaced element whose draw is exactly P/2 becomes 1 (h′ ≥ P/2)', () => {
    // The first element with h′ < 2³⁰, and p with P = 2·h′: it is replaced (h′ < P) and h′ = P/2.
    let e = 0;
    while (elementHash(key, e) >>> 1 >= 2 ** 30) e++;
    const p = (2 * (elementHash(key, e) >>> 1)) / 2 ** 31;
    const out = Float32Array.from(x.subarray(0, e + 1));
    applyNoise({ kind: 'salt_pepper', p }, key, out);
    expect(out[e]).toBe(1);
    const salt = new Float32Array(e + 1);
    fillSalt(salt, key, p);
    expect(salt[e]).toBe(1);
  });

  it('the sparse input-layer mask keeps an element whose draw is exactly P, as the dense one does', () => {
    const p = (elementHash(key, 0) >>> 1) / 2 ** 31;
    const source = Float32Array.from(x.subarray(0, DIM));
    const out = new Float32Array(DIM);
    corruptRows({ kind: 'mask', p }, key, source, DIM, [0], out, nonZeros(source, DIM));
    expect(out[0]).toBe(source[0]);
    const dense = Float32Array.from(source);
    applyNoise({ kind: 'mask', p }, key, dense);
    expect(out).toEqual(dense);
  });

  it('finds the non-zero columns of rows wider than 65536 (Int32 column indices)', () => {
    const dim = 70_000;
    const values = new Float32Array(2 * dim);
    values[66_000] = 0.5;
    values[dim + 3] = 0.25;
    const { offsets, columns } = nonZeros(values, dim);
    expect([...offsets]).toEqual([0, 1, 2]);
    expect([...columns]).toEqual([66_000, 3]);
  });

  it('draws other noise for another seed, epoch, batch, step or DAE slot', () => {
    const base = Float32Array.from(x);
    applyNoise({ kind: 'mask', p: 0.5 }, noiseKey(7, 2, 5, 1, 0), base);
    for (const other of [
      noiseKey(8, 2, 5, 1, 0),
      noiseKey(7, 3, 5, 1, 0),
      noiseKey(7, 2, 6, 1, 0),
      noiseKey(7, 2, 5, 2, 0),
      noiseKey(7, 2, 5, 1, 1),
    ]) {
      const out = Float32Array.from(x);
      applyNoise({ kind: 'mask', p: 0.5 }, other, out);
      expect(out).not.toEqual(base);
    }
  });
});

// The DAE corruption of Eq. 5 as a pure function of (key, element): element e
// of a batch's n × d representation (row-major) draws the 32-bit hash
// h(key, e), keyed by (train.seed, epoch, batch, step, DAE slot). Nothing is
// carried from draw to draw, so every backend draws the very same noise, a
// resumed run draws what the uninterrupted run drew, and a draw can be
// skipped where it cannot matter: masking a zero pixel leaves it zero, so
// the input layer's mask is drawn only at the batch's non-zero pixels (about
// a fifth of MNIST's).
//
//   mask(p):        keep ⇔ h' ≥ P, with h' = h >>> 1 and P = round(p·2³¹)   x̃ = x·keep
//   salt_pepper(p): corrupted ⇔ h' < P, then 1 if h' ≥ P/2 else 0
// (31 bits, so the comparison stays in int32 and the loops branch-free: p is
// honoured in steps of 2⁻³¹).
//   gaussian(σ):    x̃ = x + σ·N(0, 1), Box-Muller on h(2e), h(2e + 1)
import type { Noise } from '../../ir/types.js';
import { gatherColumns, keptPlaces, type NonZeros } from '../data/columns.js';
import { loadNativeKernel } from '../native/kernels.js';
import { rngFor } from '../prng.js';

export interface NoiseKey {
  readonly a: number;
  readonly b: number;
}

const TWO_32 = 4294967296;

export function noiseKey(seed: number, epoch: number, batch: number, step: number, slot: number): NoiseKey {
  const rng = rngFor('noise', seed, epoch, batch, step, slot);
  return { a: rng.nextUint32() | 0, b: rng.nextUint32() | 0 };
}

/** lowbias32 (Wellons): a bijective 32-bit mixer with low bias. */
function mix(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h;
}

/** The element's 32-bit draw, as an unsigned integer. */
export function elementHash(key: NoiseKey, element: number): number {
  return (mix(mix((element + key.a) | 0) ^ key.b) >>> 0) as number;
}

const TWO_31 = 2147483648;
/** The bits of 1.0f: a keep mask is written as float bits through an Int32Array view. */
const FLOAT_ONE_BITS = 0x3f800000;

/** P = round(p·2³¹), the threshold h >>> 1 is compared with (p clamped to [0, 1]). */
function threshold(p: number): number {
  return Math.round(Math.min(1, Math.max(0, p)) * TWO_31);
}

/**
 * keep[e] = 1 when element e is kept, 0 when it is replaced (mask and salt_pepper).
 * The hash is inlined and the result stored as float bits through an Int32Array
 * view, branch-free (a branch on a random bit mispredicts a quarter of the time):
 * (P − 1 − h') >> 31 is −1 exactly when h' ≥ P, all within int32.
 */
export function fillKeep(out: Float32Array, key: NoiseKey, p: number): void {
  const limit = threshold(p);
  // The same loop in C, 16 elements a vector, when the native kernels are built (native/mask-noise.c).
  const native = loadNativeKernel();
  if (native) {
    native.fillKeep(out, key.a | 0, key.b | 0, limit);
    return;
  }
  const bits = new Int32Array(out.buffer, out.byteOffset, out.length);
  const a = key.a | 0;
  const b = key.b | 0;
  const n = bits.length;
  for (let e = 0; e < n; e++) {
    let h = (e + a) | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= (h >>> 16) ^ b;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    bits[e] = ((limit - 1 - (h >>> 1)) >> 31) & FLOAT_ONE_BITS;
  }
}

/** salt_pepper's replacement values: 1 or 0 where the element is replaced, 0 where kept. */
export function fillSalt(out: Float32Array, key: NoiseKey, p: number): void {
  const limit = threshold(p);
  const half = limit / 2;
  for (let e = 0; e < out.length; e++) {
    const h = elementHash(key, e) >>> 1;
    out[e] = h < limit && h >= half ? 1 : 0;
  }
}

/** σ·N(0, 1) per element. */
export function fillGaussian(out: Float32Array, key: NoiseKey, sigma: number): void {
  for (let e = 0; e < out.length; e++) {
    const u = (elementHash(key, 2 * e) + 0.5) / TWO_32;
    const v = elementHash(key, 2 * e + 1) / TWO_32;
    out[e] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/**
 * x̃ of the input layer for the rows `rows` of `source` (row-major, `dim`
 * columns): the batch's element e = r·dim + j is source row rows[r], column j.
 * Equal, entry for entry, to x ⊙ keep + salt (or x + gaussian) over the whole
 * batch; masking noise visits only the non-zero entries when `sparse` is given.
 * With `columns`, only those columns are written (out is rows × columns): the
 * draws stay those of the whole batch's elements, so the kept entries are
 * the very values of the full x̃. `firstRow`: the batch row of rows[0], when
 * `rows` are a slice of the batch's (masking noise over `sparse` rows only).
 * `gathered`: the batch's rows already gathered (batch row i at i·dim, every
 * column): masking noise over `sparse` reads the pixels there instead of in
 * `source`, the pool, whose rows lie scattered in memory (the same values).
 */
export function corruptRows(
  noise: Noise,
  key: NoiseKey,
  source: Float32Array,
  dim: number,
  rows: ArrayLike<number>,
  out: Float32Array,
  sparse: NonZeros | null,
  kept: Int32Array | null = null,
  firstRow = 0,
  gathered: Float32Array | null = null,
): void {
  if (noise.kind === 'mask' && sparse) {
    const limit = threshold(noise.p);
    const a = key.a | 0;
    const b = key.b | 0;
    const { offsets, columns } = sparse;
    // Where column j goes in an output row (j itself without `kept`).
    const width = kept ? kept.length : dim;
    const place = keptPlaces(kept, dim);
    // The same loop in C when the native kernels are built (native/mask-noise.c): the same bits.
    const native = loadNativeKernel();
    if (native && rows instanceof Int32Array) {
      native.maskRows(
        source,
        dim,
        rows,
        offsets,
        columns,
        place,
        out,
        width,
        a,
        b,
        limit,
        firstRow,
        gathered,
      );
      return;
    }
    out.fill(0);
    const pixels = gathered ?? source;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const to = (firstRow + r) * dim;
      const from = gathered ? to : row * dim;
      const at = r * width;
      for (let i = offsets[row]; i < offsets[row + 1]; i++) {
        const j = columns[i];
        // elementHash(key, to + j) >>> 1 against P, inlined and branch-free as in fillKeep.
        let h = (to + j + a) | 0;
        h ^= h >>> 16;
        h = Math.imul(h, 0x7feb352d);
        h ^= h >>> 15;
        h = Math.imul(h, 0x846ca68b);
        h ^= (h >>> 16) ^ b;
        h ^= h >>> 16;
        h = Math.imul(h, 0x7feb352d);
        h ^= h >>> 15;
        h = Math.imul(h, 0x846ca68b);
        h ^= h >>> 16;
        out[at + place[j]] = pixels[from + j] * (((limit - 1 - (h >>> 1)) >> 31) & 1);
      }
    }
    return;
  }
  if (firstRow !== 0) throw new Error(`internal: ${noise.kind} noise is drawn for the whole batch at once`);
  const full = kept ? new Float32Array(rows.length * dim) : out;
  for (let r = 0; r < rows.length; r++)
    full.set(source.subarray(rows[r] * dim, (rows[r] + 1) * dim), r * dim);
  applyNoise(noise, key, full);
  if (kept)
    gatherColumns(
      full,
      dim,
      Array.from({ length: rows.length }, (_, r) => r),
      kept,
      out,
    );
}

/** x ← x̃ in place, over a whole n × d matrix. */
export function applyNoise(noise: Noise, key: NoiseKey, x: Float32Array): void {
  switch (noise.kind) {
    case 'none':
      return;
    case 'mask': {
      const keep = new Float32Array(x.length);
      fillKeep(keep, key, noise.p);
      for (let e = 0; e < x.length; e++) x[e] *= keep[e];
      return;
    }
    case 'salt_pepper': {
      const limit = threshold(noise.p);
      const half = limit / 2;
      for (let e = 0; e < x.length; e++) {
        const h = elementHash(key, e) >>> 1;
        if (h < limit) x[e] = h >= half ? 1 : 0;
      }
      return;
    }
    case 'gaussian': {
      const { sigma } = noise;
      for (let e = 0; e < x.length; e++) {
        const u = (elementHash(key, 2 * e) + 0.5) / TWO_32;
        const v = elementHash(key, 2 * e + 1) / TWO_32;
        // The noise is rounded to float32 first, as it is when uploaded and added on a backend.
        x[e] = x[e] + Math.fround(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
      }
      return;
    }
  }
}

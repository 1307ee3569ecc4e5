// Copies chosen examples into one row-major Float32Array, pixels scaled to [0, 1].
// Done in JS: tfjs's gather on the wasm backend is slower than copying and uploading.
import type { ImageSet } from './dataset.js';

const UBYTE_SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

export function gatherPixels(set: ImageSet, examples: ArrayLike<number>, out?: Float32Array): Float32Array {
  const { dim, pixels } = set;
  const target = out ?? new Float32Array(examples.length * dim);
  if (pixels instanceof Uint8Array) {
    for (let r = 0; r < examples.length; r++) {
      const from = examples[r] * dim;
      const to = r * dim;
      for (let j = 0; j < dim; j++) target[to + j] = UBYTE_SCALE[pixels[from + j]];
    }
  } else {
    for (let r = 0; r < examples.length; r++) {
      target.set(pixels.subarray(examples[r] * dim, (examples[r] + 1) * dim), r * dim);
    }
  }
  return target;
}

/** One-hot rows for the chosen examples' labels. */
export function gatherOneHot(set: ImageSet, examples: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(examples.length * classes);
  for (let r = 0; r < examples.length; r++) out[r * classes + set.labels[examples[r]]] = 1;
  return out;
}

export function gatherLabels(set: ImageSet, examples: ArrayLike<number>): Int32Array {
  const out = new Int32Array(examples.length);
  for (let r = 0; r < examples.length; r++) out[r] = set.labels[examples[r]];
  return out;
}

/** Rows of a row-major float matrix, by row index (a memcpy per row), into `out` when given. */
export function gatherRows(
  source: Float32Array,
  dim: number,
  rows: ArrayLike<number>,
  out: Float32Array = new Float32Array(rows.length * dim),
): Float32Array {
  for (let r = 0; r < rows.length; r++) out.set(source.subarray(rows[r] * dim, (rows[r] + 1) * dim), r * dim);
  return out;
}

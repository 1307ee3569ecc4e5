// Where a pool's pixels are non-zero, and which input columns a step keeps
// (step/input-columns.ts): those where one of its rows is non-zero. Each pool
// row's non-zero columns are kept as bits once per run, so a step finds its
// columns by OR-ing its rows' words (600 rows × 25 words on MNIST), not by
// reading their pixels; the non-zero index (NonZeros) lets the input layer's
// masks and the kept rows visit only the non-zero pixels.

/** 32-bit words per row of `dim` columns. */
export const wordsPerRow = (dim: number) => Math.ceil(dim / 32);

/** Bit j of row r's words is set where pixels[r·dim + j] ≠ 0. */
export function rowBits(pixels: Float32Array, dim: number): Uint32Array {
  const words = wordsPerRow(dim);
  const rows = pixels.length / dim;
  const bits = new Uint32Array(rows * words);
  for (let r = 0; r < rows; r++) {
    const from = r * dim;
    for (let j = 0; j < dim; j++) if (pixels[from + j] !== 0) bits[r * words + (j >>> 5)] |= 1 << (j & 31);
  }
  return bits;
}

/** Kept column counts are multiples of this (or the whole input). */
export const KEEP_STEP = 16;

/**
 * Every column non-zero in one of `rows`, ascending, then rounded up to a
 * (non-zero) multiple of KEEP_STEP with the first all-zero columns: ONNX
 * Runtime plans its memory per input shape, and a few shapes serve a whole
 * run; rows that are all zero still keep a few columns, so no product is empty.
 */
export function keptColumns(bits: Uint32Array, dim: number, rows: ArrayLike<number>): Int32Array {
  const words = wordsPerRow(dim);
  const union = new Uint32Array(words);
  for (let r = 0; r < rows.length; r++) {
    const from = rows[r] * words;
    for (let w = 0; w < words; w++) union[w] |= bits[from + w];
  }
  let count = 0;
  for (let j = 0; j < dim; j++) if ((union[j >>> 5] >>> (j & 31)) & 1) count++;
  let padding = Math.min(dim, Math.max(1, Math.ceil(count / KEEP_STEP)) * KEEP_STEP) - count;
  for (let j = 0; j < dim && padding > 0; j++) {
    if ((union[j >>> 5] >>> (j & 31)) & 1) continue;
    union[j >>> 5] |= 1 << (j & 31);
    padding--;
    count++;
  }
  const columns = new Int32Array(count);
  for (let j = 0, at = 0; j < dim; j++) if ((union[j >>> 5] >>> (j & 31)) & 1) columns[at++] = j;
  return columns;
}

/**
 * Rows of a row-major matrix restricted to `columns`: out[r, p] =
 * source[rows[r], columns[p]]. With `sparse` (where the source is non-zero),
 * only the non-zero entries are visited: a fifth of MNIST's, 0.65 ms for 600
 * random rows of the pool against 0.96 ms of reads by column index.
 */
export function gatherColumns(
  source: Float32Array,
  dim: number,
  rows: ArrayLike<number>,
  columns: Int32Array,
  out: Float32Array,
  sparse: NonZeros | null = null,
): Float32Array {
  const kept = columns.length;
  if (sparse) {
    const place = keptPlaces(columns, dim);
    const { offsets, columns: nonZero } = sparse;
    out.fill(0);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const from = row * dim;
      const to = r * kept;
      for (let i = offsets[row]; i < offsets[row + 1]; i++)
        out[to + place[nonZero[i]]] = source[from + nonZero[i]];
    }
    return out;
  }
  for (let r = 0; r < rows.length; r++) {
    const from = rows[r] * dim;
    const to = r * kept;
    for (let p = 0; p < kept; p++) out[to + p] = source[from + columns[p]];
  }
  return out;
}

/** Where the non-zero entries of a row-major matrix are, row by row (built once per data set). */
export interface NonZeros {
  /** Entries of row r are columns[offsets[r]] … columns[offsets[r + 1] − 1]. */
  readonly offsets: Int32Array;
  readonly columns: Uint16Array | Int32Array;
}

export function nonZeros(values: Float32Array, dim: number): NonZeros {
  const rows = values.length / dim;
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) count++;
  const columns = dim <= 65536 ? new Uint16Array(count) : new Int32Array(count);
  const offsets = new Int32Array(rows + 1);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    offsets[r] = at;
    const base = r * dim;
    for (let j = 0; j < dim; j++) if (values[base + j] !== 0) columns[at++] = j;
  }
  offsets[rows] = at;
  return { offsets, columns };
}

/** place[j]: where column j goes in a row of the kept columns (−1: not kept); j itself without them. */
export function keptPlaces(kept: Int32Array | null, dim: number): Int32Array {
  const place = new Int32Array(dim);
  if (!kept) {
    for (let j = 0; j < dim; j++) place[j] = j;
    return place;
  }
  place.fill(-1);
  for (let p = 0; p < kept.length; p++) place[kept[p]] = p;
  return place;
}

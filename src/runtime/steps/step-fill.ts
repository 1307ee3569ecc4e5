// The rows and noise a step feeds its program, as a function of plain data
// (the pool's pixels, the step's place and rows): the main thread and the
// prefetch worker (prefetch-worker.ts) run this same code, so an input drawn
// ahead on the other core is, bit for bit, the one drawn inline.
import type { Noise } from '../../ir/types.js';
import type { Dim, Shape } from '../../step/program.js';
import { gatherColumns, keptColumns, type NonZeros } from '../data/columns.js';
import { gatherRows } from '../data/gather.js';
import { corruptRows, fillGaussian, fillKeep, fillSalt, noiseKey } from '../noise/element-noise.js';

/** The inputs filled here: the batch's rows and the DAEs' noise. */
export type FillKind = 'rows' | 'labeledRows' | 'noisyInput' | 'keep' | 'add';

export const FILL_KINDS: readonly FillKind[] = ['rows', 'labeledRows', 'noisyInput', 'keep', 'add'];

export function isFillKind(kind: string): kind is FillKind {
  return (FILL_KINDS as readonly string[]).includes(kind);
}

/** Noise inputs, for the time split; rows are gathering. */
export function isNoiseKind(kind: FillKind): boolean {
  return kind === 'noisyInput' || kind === 'keep' || kind === 'add';
}

/** What every step draws from: the pool's pixels (floats in [0, 1], one row per pool position) and the DAEs' noise. */
export interface PoolSource {
  readonly pixels: Float32Array;
  readonly dim: number;
  /** Non-zero pixels of the pool, for the input layer's masks (null: draw every element). */
  readonly sparse: NonZeros | null;
  /** Each pool row's non-zero columns as bits (data/columns.ts), when steps keep only those columns. */
  readonly rowBits: Uint32Array | null;
  /** train.seed, which keys the noise. */
  readonly seed: number;
  /** Each DAE's noise, by slot (experiment.reconstruct order). */
  readonly noises: readonly Noise[];
}

/** Where a step is and which pool rows it uses. */
export interface StepPlace {
  readonly epoch: number;
  readonly batch: number;
  readonly stepIndex: number;
  /** Pool positions of the reconstruction term's rows, of the supervised term's labeled rows. */
  readonly rows: Int32Array | null;
  readonly labeled: Int32Array | null;
  /** The input columns kept for those rows (step/input-columns.ts), when the pool has row bits. */
  readonly columns: Int32Array | null;
  readonly labeledColumns: Int32Array | null;
}

/**
 * The place with the input columns its rows keep, when the pool has row bits
 * (about 45 µs for 600 MNIST rows in cache, 0.15 ms out of it); columns the
 * place holds already are kept.
 */
export function withColumns(place: StepPlace, pool: Pick<PoolSource, 'rowBits' | 'dim'>): StepPlace {
  const bits = pool.rowBits;
  if (!bits) return place;
  const kept = (rows: Int32Array | null) => rows && keptColumns(bits, pool.dim, rows);
  return {
    ...place,
    columns: place.columns ?? kept(place.rows),
    labeledColumns: place.labeledColumns ?? kept(place.labeled),
  };
}

/** A shape's sizes at a place: its row and kept-column counts filled in. */
export function shapeDims(shape: Shape, place: StepPlace): number[] {
  const kept = (columns: Int32Array | null): number => {
    if (!columns) throw new Error('internal: a step keeps input columns its pool has no row bits for');
    return columns.length;
  };
  const count = (dim: Dim): number => {
    switch (dim) {
      case 'rows':
        return place.rows?.length ?? 0;
      case 'labeled':
        return place.labeled?.length ?? 0;
      case 'columns':
        return kept(place.columns);
      case 'labeledColumns':
        return kept(place.labeledColumns);
      default:
        return dim;
    }
  };
  return shape.map(count);
}

/**
 * Fills `out` (the input's whole size) with an input's values; `dae` is the
 * DAE slot of a noise input. `kept`: the input holds only the place's kept
 * columns (rows and the input layer's x̃). `gathered`: the step's rows as
 * already gathered, every column (its `rows` input), which the input layer's
 * masking noise then reads instead of the pool (element-noise.ts).
 */
export function fillInput(
  kind: FillKind,
  dae: number,
  pool: PoolSource,
  place: StepPlace,
  out: Float32Array,
  kept = false,
  firstRow = 0,
  gathered: Float32Array | null = null,
): Float32Array {
  // The kept columns, or null for the full layout (not kept, or every column kept: dense data).
  const keptOf = (columns: Int32Array | null) => {
    if (!kept) return null;
    if (!columns) throw new Error(`internal: ${kind} keeps columns the place has none of`);
    return columns.length === pool.dim ? null : columns;
  };
  if (kind === 'rows' || kind === 'labeledRows') {
    const rows = kind === 'rows' ? place.rows! : place.labeled!;
    const columns = keptOf(kind === 'rows' ? place.columns : place.labeledColumns);
    if (!columns) return gatherRows(pool.pixels, pool.dim, rows, out);
    return gatherColumns(pool.pixels, pool.dim, rows, columns, out, pool.sparse);
  }
  const noise = pool.noises[dae];
  const key = noiseKey(pool.seed, place.epoch, place.batch, place.stepIndex, dae);
  if (kind === 'noisyInput') {
    const columns = keptOf(place.columns);
    corruptRows(
      noise,
      key,
      pool.pixels,
      pool.dim,
      place.rows!,
      out,
      pool.sparse,
      columns,
      firstRow,
      gathered,
    );
  } else if (kind === 'keep' && (noise.kind === 'mask' || noise.kind === 'salt_pepper')) {
    fillKeep(out, key, noise.p);
  } else if (noise.kind === 'salt_pepper') {
    fillSalt(out, key, noise.p);
  } else if (noise.kind === 'gaussian') {
    fillGaussian(out, key, noise.sigma);
  } else {
    throw new Error(`internal: no ${kind} input for ${noise.kind} noise`);
  }
  return out;
}

/**
 * fillInput in slices of `chunkRows` rows, calling `between` after each but
 * the last: the prefetch worker then runs a step part the main thread waits
 * for, instead of making it wait for a whole input (up to 1.6 ms a W4 batch
 * for the input layer's x̃). The same values as fillInput (a test): rows are
 * copied row by row, and masking noise is keyed by the element's place in the
 * whole batch. An input drawn otherwise is filled whole.
 */
export function fillInputInSlices(
  kind: FillKind,
  dae: number,
  pool: PoolSource,
  place: StepPlace,
  out: Float32Array,
  kept: boolean,
  chunkRows: number,
  between: () => void,
  gathered: Float32Array | null = null,
): void {
  const labeled = kind === 'labeledRows';
  const rows = kind === 'rows' || kind === 'noisyInput' ? place.rows : labeled ? place.labeled : null;
  const sliceable =
    rows !== null && (kind !== 'noisyInput' || (pool.noises[dae].kind === 'mask' && pool.sparse !== null));
  if (!sliceable || rows.length <= chunkRows) {
    fillInput(kind, dae, pool, place, out, kept, 0, gathered);
    return;
  }
  const width = out.length / rows.length;
  for (let first = 0; first < rows.length; first += chunkRows) {
    if (first > 0) between();
    const end = Math.min(rows.length, first + chunkRows);
    const slice = rows.subarray(first, end);
    const at = labeled ? { ...place, labeled: slice } : { ...place, rows: slice };
    fillInput(kind, dae, pool, at, out.subarray(first * width, end * width), kept, first, gathered);
  }
}

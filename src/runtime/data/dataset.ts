// A labeled image set as the trainer uses it: one row of `dim` pixels per
// example, pixels kept compact (ubyte) until a batch is gathered.
import { DataError } from '../errors.js';
import type { IdxArray } from './idx.js';

export interface ImageSet {
  readonly count: number;
  /** Pixels per example (28 × 28 = 784 for MNIST). */
  readonly dim: number;
  /** ubyte pixels (scaled by 1/255 when gathered) or float pixels used as stored. */
  readonly pixels: Uint8Array | Float32Array;
  readonly labels: Int32Array;
}

export interface DataSplitSource {
  readonly train: ImageSet;
  readonly test: ImageSet;
}

/** Pairs an images file with its labels file, checking that they fit each other and the network. */
export function imageSet(images: IdxArray, labels: IdxArray, limit?: number): ImageSet {
  if (images.dims.length < 2) {
    throw new DataError(
      images.file,
      `expected images (at least 2 dimensions: count × pixels), found ${images.dims.length} dimension`,
    );
  }
  if (labels.dims.length !== 1) {
    throw new DataError(labels.file, `expected labels (1 dimension), found ${labels.dims.length} dimensions`);
  }
  if (images.dims[0] !== labels.dims[0]) {
    throw new DataError(
      labels.file,
      `holds ${labels.dims[0]} labels but ${images.file} holds ${images.dims[0]} images`,
    );
  }
  if (labels.type === 'float' || labels.type === 'double') {
    throw new DataError(labels.file, `labels must be integers, found ${labels.type} values`);
  }
  let pixels: Uint8Array | Float32Array;
  if (images.type === 'ubyte') pixels = images.values as Uint8Array;
  else if (images.type === 'float' || images.type === 'double') pixels = Float32Array.from(images.values);
  else {
    throw new DataError(
      images.file,
      `unsupported pixel type ${images.type} (expected ubyte, float or double)`,
    );
  }
  const dim = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const count = Math.min(images.dims[0], limit ?? Number.POSITIVE_INFINITY);
  return {
    count,
    dim,
    pixels: pixels.subarray(0, count * dim),
    labels: Int32Array.from(labels.values.subarray(0, count)),
  };
}

/** Labels must name one of the network's output units. */
export function checkLabels(set: ImageSet, file: string, classes: number): void {
  for (let i = 0; i < set.count; i++) {
    const label = set.labels[i];
    if (label < 0 || label >= classes) {
      throw new DataError(
        file,
        `label ${label} of example ${i} is outside 0…${classes - 1} (the output has ${classes} units)`,
      );
    }
  }
}

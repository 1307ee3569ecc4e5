// The split of the language reference §5: shuffle the training examples with
// data.seed; the last `validation` are the validation set, the rest the pool;
// the pool's first `labeled` keep their labels, the next `unlabeled` lose them.
import type { Data } from '../../ir/types.js';
import { DataError } from '../errors.js';
import { rngFor } from '../prng.js';

export interface Split {
  /** Training-file indices of the l + u examples Algorithm 1 sees; the first `labeled` are labeled. */
  readonly pool: Int32Array;
  readonly labeled: number;
  readonly unlabeled: number;
  /** Training-file indices of the validation examples. */
  readonly validation: Int32Array;
}

export function splitTraining(data: Data, trainCount: number, file: string): Split {
  if (data.validation > trainCount) {
    throw new DataError(file, `holds ${trainCount} examples, fewer than validation ${data.validation}`);
  }
  const poolSize = trainCount - data.validation;
  if (data.labeled + data.unlabeled > poolSize) {
    throw new DataError(
      file,
      `labeled ${data.labeled} + unlabeled ${data.unlabeled} exceed the ${poolSize} examples left ` +
        `after the ${data.validation} validation examples`,
    );
  }
  const order = rngFor('data-split', data.seed).permutation(trainCount);
  return {
    pool: order.slice(0, data.labeled + data.unlabeled),
    labeled: data.labeled,
    unlabeled: data.unlabeled,
    validation: order.slice(poolSize),
  };
}

// The DAE's corruption f of Eq. 5 on the TensorFlow.js backends: the keep
// mask and additive part drawn element by element from the keyed hash of
// ../noise/element-noise.ts, the same draws the onnx backend makes.
import * as tf from '@tensorflow/tfjs-core';
import type { Noise } from '../../ir/types.js';
import { type Scratch, tensorFromScratch } from '../data/scratch.js';
import { fillGaussian, fillKeep, fillSalt, type NoiseKey } from '../noise/element-noise.js';

export interface Corruption {
  readonly noisy: tf.Tensor2D;
  /** d noisy / d x where it is not the identity: 1 where an input was kept, 0 where it was replaced. */
  readonly keep: tf.Tensor2D | null;
}

export function corrupt(noise: Noise, x: tf.Tensor2D, key: NoiseKey, scratch: Scratch): Corruption {
  const shape = x.shape;
  const size = x.size;
  switch (noise.kind) {
    case 'none':
      return { noisy: x, keep: null };
    case 'mask': {
      const keepValues = scratch.array('keep', size);
      fillKeep(keepValues, key, noise.p);
      const keep = tensorFromScratch(keepValues, shape);
      return { noisy: tf.mul(x, keep), keep };
    }
    case 'salt_pepper': {
      const keepValues = scratch.array('keep', size);
      const saltValues = scratch.array('salt', size);
      fillKeep(keepValues, key, noise.p);
      fillSalt(saltValues, key, noise.p);
      const keep = tensorFromScratch(keepValues, shape);
      return { noisy: tf.add(tf.mul(x, keep), tensorFromScratch(saltValues, shape)), keep };
    }
    case 'gaussian': {
      const values = scratch.array('gaussian', size);
      fillGaussian(values, key, noise.sigma);
      return { noisy: tf.add(x, tensorFromScratch(values, shape)), keep: null };
    }
  }
}

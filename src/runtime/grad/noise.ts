// The DAE's corruption f of Eq. 5, drawn in JS from a keyed stream so a
// resumed run corrupts each batch exactly as the uninterrupted run did.
import * as tf from '@tensorflow/tfjs-core';
import type { Noise } from '../../ir/types.js';
import { type Scratch, tensorFromScratch } from '../data/scratch.js';
import type { Rng } from '../prng.js';

export interface Corruption {
  readonly noisy: tf.Tensor2D;
  /** d noisy / d x where it is not the identity: 1 where an input was kept, 0 where it was replaced. */
  readonly keep: tf.Tensor2D | null;
}

const TWO_32 = 4294967296;

export function corrupt(noise: Noise, x: tf.Tensor2D, rng: Rng, scratch: Scratch): Corruption {
  const shape = x.shape;
  const size = x.size;
  switch (noise.kind) {
    case 'none':
      return { noisy: x, keep: null };
    case 'mask': {
      const keepValues = scratch.array('keep', size);
      rng.fillKeepMask(keepValues, noise.p);
      const keep = tensorFromScratch(keepValues, shape);
      return { noisy: tf.mul(x, keep), keep };
    }
    case 'salt_pepper': {
      // One draw per input: below p it is corrupted, and which half of [0, p) it fell in picks 0 or 1.
      const threshold = noise.p * TWO_32;
      const keepValues = scratch.array('keep', size);
      const saltValues = scratch.array('salt', size);
      for (let i = 0; i < size; i++) {
        const u = rng.nextUint32();
        keepValues[i] = u >= threshold ? 1 : 0;
        saltValues[i] = u < threshold && u >= threshold / 2 ? 1 : 0;
      }
      const keep = tensorFromScratch(keepValues, shape);
      return { noisy: tf.add(tf.mul(x, keep), tensorFromScratch(saltValues, shape)), keep };
    }
    case 'gaussian': {
      const values = scratch.array('gaussian', size);
      for (let i = 0; i < size; i++) values[i] = noise.sigma * rng.nextGaussian();
      return { noisy: tf.add(x, tensorFromScratch(values, shape)), keep: null };
    }
  }
}

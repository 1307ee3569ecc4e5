// Classification error (a fraction) of the network on a set of examples.
import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/dataset.js';
import { gatherPixels } from '../data/gather.js';
import { networkForward } from '../model/forward.js';
import type { ModelSpec, ParamValues } from '../model/model.js';

const CHUNK = 2000;

export function classificationError(
  spec: ModelSpec,
  params: ParamValues,
  set: ImageSet,
  examples: ArrayLike<number>,
): number | null {
  if (examples.length === 0) return null;
  let wrong = 0;
  const buffer = new Float32Array(Math.min(CHUNK, examples.length) * set.dim);
  for (let start = 0; start < examples.length; start += CHUNK) {
    const chunk = Array.prototype.slice.call(examples, start, start + CHUNK) as number[];
    const pixels = gatherPixels(set, chunk, buffer).subarray(0, chunk.length * set.dim);
    const predicted = tf.tidy(() => {
      const { logits } = networkForward(spec, params, tf.tensor2d(pixels, [chunk.length, set.dim]));
      return tf.argMax(logits, 1);
    });
    const classes = predicted.dataSync();
    predicted.dispose();
    for (let i = 0; i < chunk.length; i++) if (classes[i] !== set.labels[chunk[i]]) wrong++;
  }
  return wrong / examples.length;
}

export function allExamples(set: ImageSet): Int32Array {
  return Int32Array.from({ length: set.count }, (_, i) => i);
}

// Reused Float32Arrays for what a step uploads (batch pixels, noise). A fresh
// 600 × 784 batch is 1.9 MB; allocating one per upload made garbage
// collection a visible share of every step.
import * as tf from '@tensorflow/tfjs-core';

export class Scratch {
  private readonly arrays = new Map<string, Float32Array>();

  /** `size` floats for `key`; the same memory is handed out again by the next call with that key. */
  array(key: string, size: number): Float32Array {
    let array = this.arrays.get(key);
    if (!array || array.length < size) {
      array = new Float32Array(size);
      this.arrays.set(key, array);
    }
    return array.subarray(0, size);
  }
}

/**
 * A tensor holding what `values` holds now, so the scratch can be refilled at
 * once. The wasm backend copies the array into its own memory; the cpu and
 * tensorflow backends keep a reference to it, so they get a copy.
 */
export function tensorFromScratch(values: Float32Array, shape: [number, number]): tf.Tensor2D {
  return tf.tensor2d(tf.getBackend() === 'wasm' ? values : values.slice(), shape);
}

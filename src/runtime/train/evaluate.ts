// Classification error (a fraction) of the network on a set of examples.
// The examples' pixels are uploaded on first use and kept for the run: with
// `evaluate every` the same sets are scored again and again, and converting
// them from bytes and uploading them took as long as the forward pass.
import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/dataset.js';
import { gatherLabels, gatherPixels } from '../data/gather.js';
import { networkForward } from '../model/forward.js';
import type { ModelSpec, ParamValues } from '../model/model.js';

/** Rows per forward pass: bounds the activations' memory, large enough for the matMul kernel. */
const CHUNK = 2000;

interface Chunk {
  readonly x: tf.Tensor2D;
  readonly labels: Int32Array;
}

export class EvaluationSet {
  private chunks: Chunk[] | null = null;

  constructor(
    private readonly set: ImageSet,
    private readonly examples: ArrayLike<number>,
  ) {}

  /** The fraction of examples the network misclassifies; null for an empty set. */
  error(model: ModelSpec, params: ParamValues): number | null {
    if (this.examples.length === 0) return null;
    let wrong = 0;
    for (const chunk of this.uploaded()) {
      const predicted = tf.tidy(() => tf.argMax(networkForward(model, params, chunk.x).logits, 1));
      const classes = predicted.dataSync();
      predicted.dispose();
      for (let i = 0; i < chunk.labels.length; i++) if (classes[i] !== chunk.labels[i]) wrong++;
    }
    return wrong / this.examples.length;
  }

  dispose(): void {
    for (const chunk of this.chunks ?? []) chunk.x.dispose();
    this.chunks = null;
  }

  private uploaded(): Chunk[] {
    if (this.chunks) return this.chunks;
    const { set, examples } = this;
    this.chunks = [];
    for (let start = 0; start < examples.length; start += CHUNK) {
      const chunk = Array.prototype.slice.call(examples, start, start + CHUNK) as number[];
      const x = tf.tensor2d(gatherPixels(set, chunk), [chunk.length, set.dim]);
      this.chunks.push({ x, labels: gatherLabels(set, chunk) });
    }
    return this.chunks;
  }
}

export function allExamples(set: ImageSet): Int32Array {
  return Int32Array.from({ length: set.count }, (_, i) => i);
}

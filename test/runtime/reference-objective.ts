// The objectives written the obvious way with TensorFlow.js ops, for tf.grads
// to differentiate: the reference the hand-written gradients are tested against.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, Dae, Noise } from '../../src/ir/types.js';
import type { ModelSpec } from '../../src/runtime/model/model.js';

export type Params = Readonly<Record<string, tf.Tensor>>;

function act(name: Activation, a: tf.Tensor2D): tf.Tensor2D {
  switch (name) {
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'tanh':
      return tf.tanh(a);
    case 'relu':
      return tf.relu(a);
    case 'linear':
      return a;
    case 'softmax':
      return tf.softmax(a);
  }
}

function dense(spec: ModelSpec, p: Params, k: number, x: tf.Tensor2D): { a: tf.Tensor2D; y: tf.Tensor2D } {
  const layer = spec.layers[k];
  const a = tf.add<tf.Tensor2D>(tf.matMul(x, p[layer.weight] as tf.Tensor2D), p[layer.bias]);
  return { a, y: act(layer.activation.name, a) };
}

/** [x_0 … x_upTo] */
export function referenceHidden(spec: ModelSpec, p: Params, x0: tf.Tensor2D, upTo: number): tf.Tensor2D[] {
  const xs = [x0];
  for (let k = 0; k < upTo; k++) xs.push(dense(spec, p, k, xs[k]).y);
  return xs;
}

/** J_s: softmax cross-entropy (softmax output) or squared error against one-hot, mean over rows. */
export function referenceSupervised(
  spec: ModelSpec,
  p: Params,
  x0: tf.Tensor2D,
  targets: tf.Tensor2D,
): tf.Scalar {
  const K = spec.layers.length - 1;
  const xs = referenceHidden(spec, p, x0, K);
  const { a, y } = dense(spec, p, K, xs[K]);
  const n = x0.shape[0];
  if (spec.layers[K].activation.name === 'softmax') {
    return tf.div(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(a)))), n);
  }
  return tf.div(tf.sum(tf.square(tf.sub(y, targets))), n);
}

export interface ReferenceCorruption {
  /** noisy = clean ⊙ keep + add (keep null: noisy = clean + add). */
  readonly keep: tf.Tensor2D | null;
  readonly add: tf.Tensor2D | null;
}

/** A fixed corruption of rows × dim inputs for a noise kind. */
export function fixedCorruption(noise: Noise, rows: number, dim: number, seed: number): ReferenceCorruption {
  const keep = tf.cast(
    tf.greaterEqual(tf.randomUniform([rows, dim], 0, 1, 'float32', seed), 0.25),
    'float32',
  ) as tf.Tensor2D;
  switch (noise.kind) {
    case 'none':
      return { keep: null, add: null };
    case 'mask':
      return { keep, add: null };
    case 'salt_pepper': {
      const salt = tf.cast(
        tf.greaterEqual(tf.randomUniform([rows, dim], 0, 1, 'float32', seed + 1), 0.5),
        'float32',
      );
      return { keep, add: tf.mul(tf.sub(1, keep), salt) as tf.Tensor2D };
    }
    case 'gaussian':
      return {
        keep: null,
        add: tf.randomNormal([rows, dim], 0, noise.sigma, 'float32', seed) as tf.Tensor2D,
      };
  }
}

export function applyCorruption(clean: tf.Tensor2D, c: ReferenceCorruption): tf.Tensor2D {
  const kept = c.keep ? tf.mul<tf.Tensor2D>(clean, c.keep) : clean;
  return c.add ? tf.add<tf.Tensor2D>(kept, c.add) : kept;
}

/**
 * J_dae,k. `input` is x_k: a constant for a local DAE (computed outside the
 * differentiated function), a function of the parameters for a through one.
 * The target is always `target` (a constant copy of x_k).
 */
export function referenceDae(
  spec: ModelSpec,
  p: Params,
  dae: Dae,
  input: tf.Tensor2D,
  target: tf.Tensor2D,
  corruption: ReferenceCorruption,
): tf.Scalar {
  const k = dae.layerIndex;
  const layer = spec.layers[k];
  const decoder = spec.decoders[k]!;
  const noisy = applyCorruption(input, corruption);
  const W = p[layer.weight] as tf.Tensor2D;
  const code = act(layer.activation.name, tf.add(tf.matMul(noisy, W), p[layer.bias]));
  const Wd = decoder.weight ? (p[decoder.weight] as tf.Tensor2D) : tf.transpose(W);
  const z = tf.add<tf.Tensor2D>(tf.matMul(code, Wd), p[decoder.bias]);
  // The per-entry costs of the batch matrix; `sum` sums them over features and averages
  // over rows, `mean` averages over every entry (tf.mean, written independently of `sum`).
  const reduce = (perEntry: tf.Tensor): tf.Scalar =>
    dae.reduction === 'mean' ? tf.mean(perEntry) : tf.div(tf.sum(perEntry), input.shape[0]);
  if (dae.cost === 'squared_error') {
    return reduce(tf.square(tf.sub(act(decoder.activation, z), target)));
  }
  if (decoder.activation === 'softmax') {
    return reduce(tf.neg(tf.mul(target, tf.logSoftmax(z))));
  }
  const y = tf.clipByValue(act(decoder.activation, z), 1e-7, 1 - 1e-7);
  const perEntry = tf.add(tf.mul(target, tf.log(y)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, y))));
  return reduce(tf.neg(perEntry));
}

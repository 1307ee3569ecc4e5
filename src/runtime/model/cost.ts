// Costs with their gradient with respect to the pre-activation z of the last
// layer, computed together so the sigmoid and softmax cross-entropies stay
// stable (from logits). A cost with reduction `sum` is a per-row sum over
// features, averaged over rows (the Theano dA convention); `mean` averages over
// rows and features (Crino's criteria, the paper's library), which is exactly
// the `sum` cost divided by the feature count. `scale` multiplies the reduced
// cost. The returned dz leaves out a constant factor (scale/n and the like): the
// caller applies it to a smaller tensor downstream, which saves a full pass over
// dz (on wasm a pass over a batch × 784 tensor costs as much as a small matMul).
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, CostKind, CostReduction } from '../../ir/types.js';
import { activationOp } from './activation.js';
import { totalSum } from './ops.js';

interface CostOutput {
  /** The unscaled, reduced cost, when asked for. */
  readonly loss: tf.Scalar | null;
  /** d(scale · cost)/dz = factor · dz */
  readonly dz: tf.Tensor2D;
  readonly factor: number;
}

interface CostInput {
  readonly kind: CostKind;
  readonly activation: Activation;
  /** Pre-activation of the output (logits). */
  readonly z: tf.Tensor2D;
  readonly target: tf.Tensor2D;
  readonly scale: number;
  /** `sum`: summed over features, averaged over rows; `mean`: averaged over both. */
  readonly reduction: CostReduction;
  readonly wantLoss: boolean;
}

/** Largest divisor of n not above limit (>= 1). */
function chunk(n: number, limit: number): number {
  for (let g = Math.min(limit, n); g > 1; g--) if (n % g === 0) return g;
  return 1;
}

/**
 * Σ -log σ(|z|) from s = σ(z): σ(|z|) = 0.5 + |s - 0.5| lies in [0.5, 1], so
 * products of up to 100 of them stay far from float32 underflow; taking the
 * log of the products calls the (slow, scalar) wasm log a hundred times less.
 */
function sumSoftplusNegAbs(s: tf.Tensor2D): tf.Scalar {
  const u = tf.add(tf.abs(tf.sub(s, 0.5)), 0.5);
  const g = chunk(u.size, 100);
  return tf.neg<tf.Scalar>(tf.sum<tf.Scalar>(tf.log(tf.prod(tf.reshape(u, [u.size / g, g]), 1))));
}

function sigmoidCrossEntropy(input: CostInput): CostOutput {
  const { z, target: x, scale } = input;
  const n = z.shape[0];
  const s = tf.sigmoid(z);
  const dz = tf.sub<tf.Tensor2D>(s, x);
  const factor = scale / n;
  if (!input.wantLoss) return { loss: null, dz, factor };
  // softplus(z) - x·z = relu(z) - x·z + softplus(-|z|)
  const linearPart = totalSum(tf.sub(tf.relu(z), tf.mul(x, z)));
  return { loss: tf.div<tf.Scalar>(tf.add(linearPart, sumSoftplusNegAbs(s)), n), dz, factor };
}

function softmaxCrossEntropy(input: CostInput): CostOutput {
  const { z, target: x, scale } = input;
  const n = z.shape[0];
  // logSoftmax is a chain of six kernels, softmax one: the log is taken only for the loss.
  const logP = input.wantLoss ? tf.logSoftmax(z) : null;
  const p = logP ? tf.exp(logP) : tf.softmax(z);
  // d/dz of -Σ x·log softmax(z) = softmax(z)·Σx - x (Σx = 1 for one-hot rows)
  const dz = tf.sub<tf.Tensor2D>(tf.mul(p, tf.sum(x, 1, true)), x);
  const factor = scale / n;
  if (!logP) return { loss: null, dz, factor };
  return { loss: tf.div<tf.Scalar>(tf.neg(tf.sum(tf.mul(x, logP))), n), dz, factor };
}

const EPSILON = 1e-7;

/** Binary cross-entropy on a decoder that is not a sigmoid: its output is clipped into (0, 1). */
function clippedCrossEntropy(input: CostInput): CostOutput {
  const { z, target: x, scale } = input;
  const n = z.shape[0];
  const op = activationOp(input.activation);
  const y = op.forward(z);
  const yc = tf.clipByValue(y, EPSILON, 1 - EPSILON);
  const inside = tf.cast(tf.logicalAnd(tf.greaterEqual(y, EPSILON), tf.lessEqual(y, 1 - EPSILON)), 'float32');
  const dy = tf.mul<tf.Tensor2D>(tf.div(tf.sub(yc, x), tf.mul(yc, tf.sub(1, yc))), inside);
  // op.backward is linear in dy, so the factor can be applied after it.
  const dz = op.backward(y, dy);
  const factor = scale / n;
  if (!input.wantLoss) return { loss: null, dz, factor };
  const perEntry = tf.add(tf.mul(x, tf.log(yc)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, yc))));
  return { loss: tf.div<tf.Scalar>(tf.neg(tf.sum(perEntry)), n), dz, factor };
}

function squaredError(input: CostInput): CostOutput {
  const { z, target: x, scale } = input;
  const n = z.shape[0];
  const op = activationOp(input.activation);
  const y = op.forward(z);
  const diff = tf.sub<tf.Tensor2D>(y, x);
  const dz = op.backward(y, diff);
  const factor = (2 * scale) / n;
  if (!input.wantLoss) return { loss: null, dz, factor };
  return { loss: tf.div<tf.Scalar>(totalSum(tf.square(diff)), n), dz, factor };
}

function summedCost(input: CostInput): CostOutput {
  if (input.kind === 'squared_error') return squaredError(input);
  if (input.activation === 'sigmoid') return sigmoidCrossEntropy(input);
  if (input.activation === 'softmax') return softmaxCrossEntropy(input);
  return clippedCrossEntropy(input);
}

export function cost(input: CostInput): CostOutput {
  const out = summedCost(input);
  if (input.reduction === 'sum') return out;
  // mean = sum / features: a scalar on the factor and the loss, no pass over dz.
  const features = input.z.shape[1];
  return {
    loss: out.loss ? tf.div<tf.Scalar>(out.loss, features) : null,
    dz: out.dz,
    factor: out.factor / features,
  };
}

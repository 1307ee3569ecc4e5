// Activations as data: a forward function and the gradient through it,
// written from the layer's output y so no pre-activation must be kept.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../ir/types.js';

/** The activations tf.fused.matMul can apply inside the matMul kernel (tanh and softmax it cannot). */
type FusedActivation = 'linear' | 'relu' | 'sigmoid';

export interface ActivationOp {
  readonly name: Activation;
  /** Set when the matMul kernel can apply it: one kernel call instead of three (matMul, bias add, activation). */
  readonly fused?: FusedActivation;
  forward(a: tf.Tensor2D): tf.Tensor2D;
  /** dL/da given the output y = f(a) and dL/dy. */
  backward(y: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D;
}

const sigmoid: ActivationOp = {
  name: 'sigmoid',
  fused: 'sigmoid',
  forward: (a) => tf.sigmoid(a),
  backward: (y, dy) => tf.mul(dy, tf.mul(y, tf.sub(1, y))),
};

const tanh: ActivationOp = {
  name: 'tanh',
  forward: (a) => tf.tanh(a),
  backward: (y, dy) => tf.mul(dy, tf.sub(1, tf.square(y))),
};

const relu: ActivationOp = {
  name: 'relu',
  fused: 'relu',
  forward: (a) => tf.relu(a),
  // y > 0 exactly where a > 0; tf.step(0) = 0 matches relu's gradient at 0.
  backward: (y, dy) => tf.mul(dy, tf.step(y)),
};

const linear: ActivationOp = {
  name: 'linear',
  fused: 'linear',
  forward: (a) => a,
  backward: (_y, dy) => dy,
};

const softmax: ActivationOp = {
  name: 'softmax',
  forward: (a) => tf.softmax(a),
  backward: (y, dy) => tf.mul(y, tf.sub(dy, tf.sum(tf.mul(dy, y), 1, true))),
};

const OPS: Readonly<Record<Activation, ActivationOp>> = { sigmoid, tanh, relu, linear, softmax };

export function activationOp(name: Activation): ActivationOp {
  return OPS[name];
}

// The kernel layer generated step code calls: one method per operation of a
// step program (src/step/program.ts), generic in the tensor type so the
// emitted functions type-check without naming a tensor library. `tfjsKernels`
// runs them on the active TensorFlow.js backend with the same operand
// arrangements as the hand-written gradients (explicit transposes, the
// large operand on the left, bias inside the matMul kernel).
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../ir/types.js';
import { activationOp } from '../model/activation.js';
import { matMulTA, matMulTB } from '../model/ops.js';

export interface MatmulOptions<T> {
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly bias?: T;
}

export interface StepKernels<T> {
  /** op(a)·op(b) (+ bias, broadcast over rows). */
  matmul(a: T, b: T, options?: MatmulOptions<T>): T;
  sigmoid(x: T): T;
  tanh(x: T): T;
  relu(x: T): T;
  /** Along each row. */
  softmax(x: T): T;
  /** dL/da of y = f(a), from y and dL/dy. */
  sigmoidGrad(y: T, dy: T): T;
  tanhGrad(y: T, dy: T): T;
  reluGrad(y: T, dy: T): T;
  softmaxGrad(y: T, dy: T): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** The larger of a and b, entry by entry. */
  max(a: T, b: T): T;
  neg(x: T): T;
  abs(x: T): T;
  log(x: T): T;
  square(x: T): T;
  softplus(x: T): T;
  logSoftmax(x: T): T;
  /** Column sums: [rows, c] → [c]. */
  sumRows(x: T): T;
  /** Row sums as a column: [rows, c] → [rows, 1]. */
  sumColumns(x: T): T;
  /** Σ of every entry, shape [1]. */
  sumAll(x: T): T;
  /** Σ |x| of every entry, shape [1]. */
  sumAbs(x: T): T;
  /** Σ log x for x in [0.5, 1], shape [1], as the log of products of `chunk` entries. */
  sumLog(x: T, chunk: number): T;
  /** A constant of shape [1]. */
  constant(value: number): T;
  clip(x: T, min: number, max: number): T;
  /** 1 where min ≤ x ≤ max, else 0. */
  inRange(x: T, min: number, max: number): T;
  /** Shape-[1] values as one vector. */
  concat(xs: readonly T[]): T;
  /** Index of each row's largest entry. */
  argmax(x: T): T;
}

/** A step compiled to TypeScript: the step program's inputs by name in, its outputs by name out. */
export type StepFunction = <T>(k: StepKernels<T>, inputs: Readonly<Record<string, T>>) => Record<string, T>;

const grad = (name: Activation) => (y: tf.Tensor, dy: tf.Tensor) =>
  activationOp(name).backward(y as tf.Tensor2D, dy as tf.Tensor2D) as tf.Tensor;

export const tfjsKernels: StepKernels<tf.Tensor> = {
  matmul(a, b, options = {}) {
    const a2 = a as tf.Tensor2D;
    const b2 = b as tf.Tensor2D;
    if (options.transA) {
      const product = matMulTA(a2, b2);
      return options.bias ? tf.add(product, options.bias) : product;
    }
    if (options.transB) {
      const product = matMulTB(a2, b2);
      return options.bias ? tf.add(product, options.bias) : product;
    }
    return tf.fused.matMul({ a: a2, b: b2, bias: options.bias });
  },
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  relu: (x) => tf.relu(x),
  softmax: (x) => tf.softmax(x),
  sigmoidGrad: grad('sigmoid'),
  tanhGrad: grad('tanh'),
  reluGrad: grad('relu'),
  softmaxGrad: grad('softmax'),
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  max: (a, b) => tf.maximum(a, b),
  neg: (x) => tf.neg(x),
  abs: (x) => tf.abs(x),
  log: (x) => tf.log(x),
  square: (x) => tf.square(x),
  softplus: (x) => tf.softplus(x),
  logSoftmax: (x) => tf.logSoftmax(x),
  sumRows: (x) => tf.sum(x, 0),
  sumColumns: (x) => tf.sum(x, 1, true),
  sumAll: (x) => tf.reshape(tf.sum(x), [1]),
  sumAbs: (x) => tf.reshape(tf.sum(tf.abs(x)), [1]),
  sumLog: (x, chunk) => tf.reshape(tf.sum(tf.log(tf.prod(tf.reshape(x, [-1, chunk]), 1))), [1]),
  constant: (value) => tf.tensor1d([value]),
  clip: (x, min, max) => tf.clipByValue(x, min, max),
  inRange: (x, min, max) => tf.cast(tf.logicalAnd(tf.greaterEqual(x, min), tf.lessEqual(x, max)), 'float32'),
  concat: (xs) => tf.concat([...xs], 0),
  argmax: (x) => tf.argMax(x, 1),
};

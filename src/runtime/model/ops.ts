// Matrix helpers for hand-written gradients, shaped by two facts measured on
// the tfjs wasm backend (XNNPACK): matMul with transposeA/transposeB is ~10x
// slower than a plain matMul, so operands are transposed explicitly; and a
// plain matMul(a, b) repacks its right operand b on every call (~11 ns per
// element, about ten times the cost of transposing it), so the large operand
// should sit on the left.
import * as tf from '@tensorflow/tfjs-core';

const PACK = 11;

/** aᵀ·b for a: n×p, b: n×q. */
export function matMulTA(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [n, p] = a.shape;
  const q = b.shape[1];
  const direct = n * p + PACK * n * q; // transpose a, pack b
  const flipped = n * q + PACK * n * p + p * q; // (bᵀ·a)ᵀ: transpose b, pack a, transpose the result
  return direct <= flipped
    ? tf.matMul<tf.Tensor2D>(tf.transpose(a), b)
    : tf.transpose(tf.matMul<tf.Tensor2D>(tf.transpose(b), a));
}

/** a·bᵀ for a: n×p, b: q×p. */
export function matMulTB(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [n, p] = a.shape;
  const q = b.shape[0];
  const direct = (PACK + 1) * q * p; // transpose b, pack bᵀ
  const flipped = (PACK + 1) * n * p + n * q; // (b·aᵀ)ᵀ: transpose a, pack aᵀ, transpose the result
  return direct <= flipped
    ? tf.matMul<tf.Tensor2D>(a, tf.transpose(b))
    : tf.transpose(tf.matMul<tf.Tensor2D>(b, tf.transpose(a)));
}

/** Row sums of m as a rows×1 column: a matMul with a ones column (tiny right operand). */
export function rowSums(m: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul<tf.Tensor2D>(m, tf.ones([m.shape[1], 1]));
}

/** Column sums of m (a bias gradient). */
export function colSum(m: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(m, 0);
}

/** The sum of every entry of m. */
export function totalSum(m: tf.Tensor2D): tf.Scalar {
  return tf.sum(rowSums(m));
}

/**
 * f·aᵀ·b and the row sums f·aᵀ·1 (a bias gradient), from aᵀ (p×n) and
 * b (n×q): the factor f rides on the small right operands, not on aᵀ.
 */
export function scaledProductAndRowSums(
  aT: tf.Tensor2D,
  b: tf.Tensor2D,
  factor: number,
): { product: tf.Tensor2D; rowSums: tf.Tensor1D } {
  const [p, n] = aT.shape;
  return {
    product: tf.matMul<tf.Tensor2D>(aT, tf.mul(b, factor)),
    rowSums: tf.reshape(tf.matMul<tf.Tensor2D>(aT, tf.fill([n, 1], factor)), [p]),
  };
}

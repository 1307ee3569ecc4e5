// SGD with optional momentum: v ← μv − lr·g; w ← w + v (plain w ← w − lr·g when μ = 0).
// The step code computes the gradient of −lr·λ·J directly (the scale rides on
// the cost's dz), so what arrives here is already −lr·g: one op per parameter
// fewer, which counts on wasm where each op costs tens of microseconds.
// Only the parameters a step has gradients for move; the others (and their velocity) stay.
import * as tf from '@tensorflow/tfjs-core';
import type { Gradients } from '../grad/gradients.js';
import type { ParamValues } from '../model/model.js';

interface SgdUpdate {
  readonly params: Map<string, tf.Tensor>;
  readonly velocity: Map<string, tf.Tensor>;
}

/** New tensors for every updated parameter (and velocity) from grads = −lr·g (already scaled); call inside tf.tidy and keep the result. */
export function sgdUpdate(
  params: ParamValues,
  velocity: ParamValues,
  grads: Gradients,
  momentum: number,
): SgdUpdate {
  const updated = new Map<string, tf.Tensor>();
  const newVelocity = new Map<string, tf.Tensor>();
  for (const [name, step] of grads.entries()) {
    const weight = params.get(name);
    if (!weight) throw new Error(`internal: gradient for unknown parameter ${name}`);
    if (momentum === 0) {
      updated.set(name, tf.add(weight, step));
    } else {
      const previous = velocity.get(name);
      const v = previous ? tf.add(tf.mul(previous, momentum), step) : step;
      newVelocity.set(name, v);
      updated.set(name, tf.add(weight, v));
    }
  }
  return { params: updated, velocity: newVelocity };
}

/** Puts new tensors in place of old ones, disposing the old. */
export function replaceTensors(
  target: ParamValues,
  names: readonly string[],
  tensors: readonly tf.Tensor[],
): void {
  names.forEach((name, i) => {
    target.get(name)?.dispose();
    target.set(name, tensors[i]);
  });
}

// The network's forward pass, keeping each layer's output for the backward pass.
import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec, ModelSpec, ParamValues } from './model.js';
import { param1d, param2d } from './model.js';

/** The pre-activation x·W + b of one dense layer. */
export function preActivation(layer: LayerSpec, values: ParamValues, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, param2d(values, layer.weight)), param1d(values, layer.bias));
}

/**
 * [x_0, x_1, …, x_upTo]: x_0 is the input, x_k the output of hidden layer k-1
 * (0-based); upTo ≤ the number of hidden layers.
 */
export function hiddenOutputs(
  spec: ModelSpec,
  values: ParamValues,
  x0: tf.Tensor2D,
  upTo: number,
): tf.Tensor2D[] {
  const outputs = [x0];
  for (let k = 0; k < upTo; k++) {
    const layer = spec.layers[k];
    outputs.push(layer.activation.forward(preActivation(layer, values, outputs[k])));
  }
  return outputs;
}

/** The output layer's pre-activation (logits for a softmax output), with every hidden output. */
export function networkForward(
  spec: ModelSpec,
  values: ParamValues,
  x0: tf.Tensor2D,
): { hidden: tf.Tensor2D[]; logits: tf.Tensor2D } {
  const hidden = hiddenOutputs(spec, values, x0, spec.layers.length - 1);
  const output = spec.layers[spec.layers.length - 1];
  return { hidden, logits: preActivation(output, values, hidden[hidden.length - 1]) };
}

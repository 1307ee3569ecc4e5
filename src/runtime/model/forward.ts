// The network's forward pass, keeping each layer's output for the backward pass.
// Dense layers run as tf.fused.matMul: the bias add (and the activation, when
// the kernel supports it) happen inside the matMul kernel instead of as
// separate ops, each a full pass over the output.
import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec, ModelSpec, ParamValues } from './model.js';
import { param1d, param2d } from './model.js';

/** x·W + b for weights W and bias b, in one kernel. */
export function affine(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: W, bias: b }) as tf.Tensor2D;
}

/** The pre-activation x·W + b of one dense layer. */
function preActivation(layer: LayerSpec, values: ParamValues, x: tf.Tensor2D): tf.Tensor2D {
  return affine(x, param2d(values, layer.weight), param1d(values, layer.bias));
}

/** f(x·W + b) of one dense layer. */
export function denseOutput(layer: LayerSpec, values: ParamValues, x: tf.Tensor2D): tf.Tensor2D {
  const fused = layer.activation.fused;
  if (!fused) return layer.activation.forward(preActivation(layer, values, x));
  const W = param2d(values, layer.weight);
  const b = param1d(values, layer.bias);
  return tf.fused.matMul({ a: x, b: W, bias: b, activation: fused }) as tf.Tensor2D;
}

/**
 * [x_0, x_1, …, x_upTo]: x_0 is the input, x_k the output of hidden layer k-1
 * (0-based); upTo ≤ the number of hidden layers.
 */
export function hiddenOutputs(
  model: ModelSpec,
  values: ParamValues,
  x0: tf.Tensor2D,
  upTo: number,
): tf.Tensor2D[] {
  const outputs = [x0];
  for (let k = 0; k < upTo; k++) outputs.push(denseOutput(model.layers[k], values, outputs[k]));
  return outputs;
}

/** The output layer's pre-activation (logits for a softmax output), with every hidden output. */
export function networkForward(
  model: ModelSpec,
  values: ParamValues,
  x0: tf.Tensor2D,
): { hidden: tf.Tensor2D[]; logits: tf.Tensor2D } {
  const hidden = hiddenOutputs(model, values, x0, model.layers.length - 1);
  const output = model.layers[model.layers.length - 1];
  return { hidden, logits: preActivation(output, values, hidden[hidden.length - 1]) };
}

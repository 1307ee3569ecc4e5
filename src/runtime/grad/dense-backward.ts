// The gradient of one dense layer y = f(x·W + b), as data: given dL/da (the
// gradient at the pre-activation), add dL/dW and dL/db and return dL/dx.
import type * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec, ParamValues } from '../model/model.js';
import { param2d } from '../model/model.js';
import { colSum, matMulTA, matMulTB } from '../model/ops.js';
import type { Gradients } from './gradients.js';

interface DenseBackward {
  readonly layer: LayerSpec;
  readonly values: ParamValues;
  /** The layer's input. */
  readonly x: tf.Tensor2D;
  /** dL/da at the layer's pre-activation. */
  readonly da: tf.Tensor2D;
  readonly grads: Gradients;
  /** Whether dL/dx is needed (false for the first layer). */
  readonly wantInput: boolean;
}

export function denseBackward(input: DenseBackward): tf.Tensor2D | null {
  const { layer, values, x, da, grads } = input;
  grads.add(layer.weight, matMulTA(x, da));
  grads.add(layer.bias, colSum(da));
  return input.wantInput ? matMulTB(da, param2d(values, layer.weight)) : null;
}

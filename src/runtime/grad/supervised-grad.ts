// Gradient of scale · J_s (Eq. 1, averaged over the step's rows): softmax
// cross-entropy for a softmax output, else squared error against one-hot targets.
// Summed over the classes: with one-hot targets the categorical cross-entropy has
// one term per row, as in Crino's NegativeLogLikelihood and PyTorch's cross_entropy;
// a mean over classes would only divide the supervised learning rate by their count.
import * as tf from '@tensorflow/tfjs-core';
import { cost } from '../model/cost.js';
import { networkForward } from '../model/forward.js';
import type { ModelSpec, ParamValues } from '../model/model.js';
import { denseBackward } from './dense-backward.js';
import type { Gradients } from './gradients.js';

interface SupervisedInput {
  readonly x: tf.Tensor2D;
  /** One-hot targets. */
  readonly targets: tf.Tensor2D;
  readonly scale: number;
  readonly wantLoss: boolean;
}

/** Adds d(scale · J_s)/dw to grads for every network parameter; returns J_s when asked. */
export function supervisedGradients(
  model: ModelSpec,
  values: ParamValues,
  input: SupervisedInput,
  grads: Gradients,
): tf.Scalar | null {
  const { hidden, logits } = networkForward(model, values, input.x);
  const output = model.layers[model.layers.length - 1];
  const outputActivation = output.activation.name;
  const { loss, dz, factor } = cost({
    kind: outputActivation === 'softmax' ? 'cross_entropy' : 'squared_error',
    activation: outputActivation,
    z: logits,
    target: input.targets,
    scale: input.scale,
    reduction: 'sum',
    wantLoss: input.wantLoss,
  });
  let da = tf.mul<tf.Tensor2D>(dz, factor);
  for (let k = model.layers.length - 1; k >= 0; k--) {
    const layer = model.layers[k];
    const dx = denseBackward({ layer, values, x: hidden[k], da, grads, wantInput: k > 0 });
    if (dx) da = model.layers[k - 1].activation.backward(hidden[k], dx);
  }
  return loss;
}

// Initial weights: Glorot uniform, zero biases. The network's layers are drawn
// from one stream keyed by train.seed alone, layer by layer in order; each
// decoder from its own stream keyed by (seed, layer). So a baseline and every
// MTL variant of one seed start from the very same w_sh and w_s.
import * as tf from '@tensorflow/tfjs-core';
import { type Rng, rngFor } from '../prng.js';
import type { ModelSpec, ParamValues } from './model.js';

function glorot(rng: Rng, rows: number, cols: number): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng.nextFloat() - 1) * limit;
  return values;
}

export function initialParams(model: ModelSpec, seed: number): ParamValues {
  const values: ParamValues = new Map();
  const network = rngFor('init-network', seed);
  for (const layer of model.layers) {
    values.set(
      layer.weight,
      tf.tensor2d(glorot(network, layer.inputs, layer.units), [layer.inputs, layer.units]),
    );
    values.set(layer.bias, tf.zeros([layer.units]));
  }
  for (const decoder of model.decoders) {
    if (!decoder) continue;
    const layer = model.layers[decoder.layerIndex];
    if (decoder.weight) {
      const rng = rngFor('init-decoder', seed, decoder.layerIndex);
      values.set(
        decoder.weight,
        tf.tensor2d(glorot(rng, layer.units, layer.inputs), [layer.units, layer.inputs]),
      );
    }
    values.set(decoder.bias, tf.zeros([layer.inputs]));
  }
  return values;
}

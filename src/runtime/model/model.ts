// The trainable state: the network's dense layers (hidden layers, then the
// output) and one decoder per reconstructed hidden layer. Parameters are plain
// tensors held by name and replaced on each update (no tf.Variable: their
// names are global to the engine and several runs share one process).
import type * as tf from '@tensorflow/tfjs-core';
import type { Activation, Dae, Network } from '../../ir/types.js';
import { type ActivationOp, activationOp } from './activation.js';

export interface LayerSpec {
  readonly name: string;
  readonly inputs: number;
  readonly units: number;
  readonly activation: ActivationOp;
  /** Parameter names of W (inputs × units) and b (units). */
  readonly weight: string;
  readonly bias: string;
}

interface DecoderSpec {
  /** Hidden layer index (0-based) whose DAE this decodes. */
  readonly layerIndex: number;
  readonly tied: boolean;
  readonly activation: Activation;
  /** W_d (units_k × inputs_k), null when tied (W_kᵀ is used). */
  readonly weight: string | null;
  readonly bias: string;
}

export interface ModelSpec {
  /** Hidden layers then the output layer. */
  readonly layers: readonly LayerSpec[];
  /** Indexed by hidden layer index; undefined where no DAE is defined. */
  readonly decoders: readonly (DecoderSpec | undefined)[];
  /** Every parameter name with its shape, in the fixed order of checkpoints. */
  readonly shapes: ReadonlyMap<string, readonly number[]>;
}

export function modelSpec(network: Network, daes: readonly Dae[]): ModelSpec {
  const shapes = new Map<string, readonly number[]>();
  const all = [...network.hidden, network.output];
  let inputs = network.input;
  const layers = all.map((layer) => {
    const spec: LayerSpec = {
      name: layer.name,
      inputs,
      units: layer.units,
      activation: activationOp(layer.activation),
      weight: `${layer.name}.W`,
      bias: `${layer.name}.b`,
    };
    shapes.set(spec.weight, [inputs, layer.units]);
    shapes.set(spec.bias, [layer.units]);
    inputs = layer.units;
    return spec;
  });
  const decoders: (DecoderSpec | undefined)[] = network.hidden.map(() => undefined);
  for (const dae of [...daes].sort((a, b) => a.layerIndex - b.layerIndex)) {
    const layer = layers[dae.layerIndex];
    const decoder: DecoderSpec = {
      layerIndex: dae.layerIndex,
      tied: dae.decoder.tied,
      activation: dae.decoder.activation,
      weight: dae.decoder.tied ? null : `${layer.name}.decoder.W`,
      bias: `${layer.name}.decoder.b`,
    };
    if (decoder.weight) shapes.set(decoder.weight, [layer.units, layer.inputs]);
    shapes.set(decoder.bias, [layer.inputs]);
    decoders[dae.layerIndex] = decoder;
  }
  return { layers, decoders, shapes };
}

/** Parameter values by name; the training loop swaps in new tensors after each step. */
export type ParamValues = Map<string, tf.Tensor>;

export function param2d(values: ParamValues, name: string): tf.Tensor2D {
  const value = values.get(name);
  if (!value) throw new Error(`internal: no parameter ${name}`);
  return value as tf.Tensor2D;
}

export function param1d(values: ParamValues, name: string): tf.Tensor1D {
  const value = values.get(name);
  if (!value) throw new Error(`internal: no parameter ${name}`);
  return value as tf.Tensor1D;
}

export function disposeParams(values: ParamValues): void {
  for (const tensor of values.values()) tensor.dispose();
  values.clear();
}

// The network's dense layers and DAE decoders as the step program sees them:
// sizes, activations and the checkpoint names of their parameters (the same
// names the runtime's model uses: `h1.W`, `h1.b`, `h1.decoder.W`, `h1.decoder.b`).
import type { Activation, CostReduction, Dae, Experiment } from '../ir/types.js';

export interface DenseLayer {
  readonly name: string;
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  readonly weight: string;
  readonly bias: string;
}

export function denseLayers(experiment: Experiment): DenseLayer[] {
  const { network } = experiment;
  let inputs = network.input;
  return [...network.hidden, network.output].map((layer) => {
    const dense = {
      name: layer.name,
      inputs,
      units: layer.units,
      activation: layer.activation,
      weight: `${layer.name}.W`,
      bias: `${layer.name}.b`,
    };
    inputs = layer.units;
    return dense;
  });
}

export function decoderParams(layer: DenseLayer, dae: Dae): { weight: string | null; bias: string } {
  return { weight: dae.decoder.tied ? null : `${layer.name}.decoder.W`, bias: `${layer.name}.decoder.b` };
}

type Reduction = CostReduction;

/**
 * How a DAE's cost is reduced over its features: `sum` (per-row sum, the Theano
 * dA convention) or `mean` (also divided by the feature count, as Crino does);
 * the IR's `reduction` field, which the language fills with `mean` when unwritten.
 */
function daeReduction(dae: Dae): Reduction {
  return dae.reduction;
}

/** The divisor the reduction applies to DAE k's per-row cost sum. */
export function featureDivisor(dae: Dae, layer: DenseLayer): number {
  return daeReduction(dae) === 'mean' ? layer.inputs : 1;
}

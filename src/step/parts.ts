// A reconstruction step as the onnx backend runs it: in two parts when its
// DAEs fall into two groups that update no parameter in common. DAE k's
// gradient (Eq. 5) reaches only its own coder, decoder and, with `through`,
// the layers below it; the input layer's DAE (its coder is the first layer)
// and `local` DAEs on hidden layers therefore update disjoint parameters, and
// both read the parameters as they were before the step. Each part is a step
// program of its own (the same lowering, a subset of the DAEs), so the two can
// run at once on the two cores; J_r is the sum of the parts' J_r.
//
// The input layer's DAE holds most of the step's products (its coder is
// 784 wide on MNIST), so it is one part and every other DAE, with the clean
// forward pass up to them, the other.
import type { Experiment } from '../ir/types.js';
import type { StepKey } from './program.js';

/** The step keys a step runs as: the key itself, or its input-layer DAEs and its other DAEs. */
export function stepParts(experiment: Experiment, key: StepKey): readonly StepKey[] {
  if (key.kind !== 'reconstruction') return [key];
  const onInput = key.daes.filter((slot) => experiment.reconstruct[slot].layerIndex === 0);
  const onHidden = key.daes.filter((slot) => experiment.reconstruct[slot].layerIndex > 0);
  // A `through` DAE sends its gradient down to the first layer, which the input layer's DAE updates.
  const disjoint = onHidden.every((slot) => experiment.reconstruct[slot].gradient === 'local');
  if (onInput.length === 0 || onHidden.length === 0 || !disjoint) return [key];
  return [
    { ...key, daes: onInput },
    { ...key, daes: onHidden },
  ];
}

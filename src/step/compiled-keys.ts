// Which step kinds a trainer program carries as code: what the code generator
// compiles to TypeScript, what a run's identity hashes (runtime/run-identity.ts)
// and what `mtl compile --emit onnx` writes as ONNX graphs.
import type { Experiment } from '../ir/types.js';
import type { StepKey } from './program.js';

/** The step keys a trainer program compiles (every DAE active, losses computed). */
export function compiledStepKeys(experiment: Experiment): StepKey[] {
  const daes = experiment.reconstruct.map((_, slot) => slot);
  const order = experiment.train.order;
  const kinds =
    order.kind === 'joint' ? (['joint'] as const) : [...new Set(order.steps.map((step) => step.objective))];
  return kinds
    .filter((kind) => kind !== 'reconstruction' || daes.length > 0)
    .map((kind) => ({ kind, daes: kind === 'supervised' ? [] : daes, losses: true }));
}

/** The compiled step keys plus evaluation: every graph a run of the experiment builds when every DAE is active. */
export function experimentStepKeys(experiment: Experiment): StepKey[] {
  return [...compiledStepKeys(experiment), { kind: 'evaluation', daes: [], losses: false }];
}

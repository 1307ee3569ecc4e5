// An experiment's step graphs by file name: one per step kind its trainer
// compiles plus the evaluation graph, `<experiment>.<step key>.onnx` (e.g.
// `w1.reconstruction.d0.loss.onnx`). The same bytes as the engine builds when
// a run starts and as the run's identity hashes (run-identity.ts).
import type { Experiment } from '../../ir/types.js';
import { experimentStepKeys } from '../../step/compiled-keys.js';
import { compactInputColumns } from '../../step/input-columns.js';
import { lowerStep } from '../../step/lower.js';
import { type StepKey, type StepProgram, stepKeyName } from '../../step/program.js';
import { emitOnnx } from './emit-onnx.js';

export interface StepGraph {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** The step program the onnx backend runs for a key: as lowered, its input layer's products over the kept columns. */
export function onnxStepProgram(experiment: Experiment, key: StepKey): StepProgram {
  return compactInputColumns(lowerStep(experiment, key), experiment);
}

/** The experiment's step graphs, in step-key order. */
export function stepGraphs(experiment: Experiment): StepGraph[] {
  return experimentStepKeys(experiment).map((key) => ({
    file: `${experiment.name}.${stepKeyName(key)}.onnx`,
    bytes: emitOnnx(onnxStepProgram(experiment, key)),
  }));
}

// An experiment's step graphs by file name: one per step kind its trainer
// compiles (two for a reconstruction step that runs in parts, step/parts.ts)
// plus the evaluation graph, `<experiment>.<step key>.onnx` (e.g.
// `w1.reconstruction.d0.loss.onnx`). The same bytes as the engine builds when
// a run starts and as the run's identity hashes (run-identity.ts).
import type { Experiment } from '../../ir/types.js';
import { experimentStepKeys } from '../../step/compiled-keys.js';
import { compactInputColumns } from '../../step/input-columns.js';
import { lowerStep } from '../../step/lower.js';
import { stepParts } from '../../step/parts.js';
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

/**
 * The step programs the onnx backend runs for a step of that key, in the
 * order their J_r add up. A part after the first (the prefetch worker runs
 * it) takes the batch's rows over every column, as the first part takes them
 * for its DAE's target: gathering their kept columns again on the worker
 * cost it 1.4–1.6 ms a W4 batch, the product's extra columns about 0.3 ms
 * (W4 1.01–1.15× as fast over six pairs of runs, median 1.11; docs/benchmarks.md).
 */
export function onnxStepParts(experiment: Experiment, key: StepKey): StepProgram[] {
  return stepParts(experiment, key).map((part, index) =>
    index === 0 ? onnxStepProgram(experiment, part) : lowerStep(experiment, part),
  );
}

/** The experiment's step graphs, in step-key order. */
export function stepGraphs(experiment: Experiment): StepGraph[] {
  return experimentStepKeys(experiment).flatMap((key) =>
    onnxStepParts(experiment, key).map((program) => ({
      file: `${experiment.name}.${stepKeyName(program.key)}.onnx`,
      bytes: emitOnnx(program),
    })),
  );
}

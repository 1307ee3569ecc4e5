// `mtl compile --emit onnx`: an experiment's step graphs as ONNX files
// (runtime/onnx/step-graphs.ts names them). Parameters, rows, noise and the
// step's scalar factors are graph inputs, so a graph holds no weights and
// opens in any ONNX tool (Netron, onnxruntime in Python).
import { join } from 'node:path';
import type { Experiment } from '../ir/types.js';
import { stepGraphs } from '../runtime/onnx/step-graphs.js';
import { writeGeneratedFile } from './write-generated.js';

/** Writes the experiment's step graphs into `dir` (each atomically); the paths written. */
export function writeStepGraphs(dir: string, experiment: Experiment): string[] {
  return stepGraphs(experiment).map(({ file, bytes }) => {
    const path = join(dir, file);
    writeGeneratedFile(path, bytes);
    return path;
  });
}

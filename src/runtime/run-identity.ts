// What actually runs, as a hash that joins the IR hash in the run folder's
// name and in the checkpoint check: the experiment's step programs and their
// ONNX graphs (so a compiler that changes the math changes the key), and the
// source of the trainer program's own functions (so a hand edit to a
// generated trainer — its step code, a schedule, the step order — never resumes the
// checkpoint of the unedited program). Function sources are compared
// modulo layout: whitespace, comments, semicolons, trailing commas, quote
// style and the spelling of numbers, which differ between the transpilers that load a generated file
// (`mtl run` uses TypeScript's, `npx tsx` esbuild's).
import { createHash } from 'node:crypto';
import { experimentStepKeys } from '../step/compiled-keys.js';
import { lowerStep } from '../step/lower.js';
import { emitOnnx } from './onnx/emit-onnx.js';
import { onnxStepParts } from './onnx/step-graphs.js';
import type { TrainerProgram } from './program.js';

/** Number literals in canonical form (`.05` and `0.05` alike): transpilers print them differently. */
const NUMBER = /(?<![\w$.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** Function source modulo layout. */
function normalizedSource(fn: (...args: never[]) => unknown): string {
  return fn
    .toString()
    .replace(NUMBER, (literal) => String(Number(literal)))
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, '')
    .replace(/"/g, "'")
    .replace(/;/g, '')
    .replace(/,([)\]}])/g, '$1');
}

/** 8 hex digits identifying the step code and trainer functions a run executes. */
export function stepCodeHash(program: TrainerProgram): string {
  const hash = createHash('sha256');
  for (const key of experimentStepKeys(program.experiment)) {
    const stepProgram = lowerStep(program.experiment, key);
    hash.update(JSON.stringify({ ...stepProgram, shapes: [...stepProgram.shapes] }));
    // The graphs the onnx backend runs (its input layer's products over the kept columns, a step in parts).
    for (const part of onnxStepParts(program.experiment, key)) hash.update(emitOnnx(part));
  }
  const functions = [
    program.trainBatch,
    program.supervisedWeight,
    program.reconstructionWeight,
    program.learningRate,
    ...program.daeWeights,
    // The generated step code, which the TensorFlow.js backends run.
    ...Object.keys(program.steps ?? {})
      .sort()
      .map((name) => program.steps![name]),
  ];
  for (const fn of functions) hash.update(normalizedSource(fn));
  return hash.digest('hex').slice(0, 8);
}

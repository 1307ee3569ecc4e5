// The step matrix (step-matrix.ts) with TensorFlow.js on cpu: the generated
// TypeScript and the hand-written gradients on the `cpu` backend's kernels,
// against autodiff and the ONNX graph, for every combination a spec can
// write. The combinations only the IR expresses (MTL053) run on wasm
// (step-matrix.test.ts): the same math, and a fifth of this file's time.
import { beforeAll, describe, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import { checkCase, languageAllows, matrixCases } from './step-matrix.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const cases = matrixCases();
const executors = { generated: true, handWritten: true };

describe('every step combination on cpu', () => {
  it.each([...cases.daes, ...cases.noises, ...cases.supervised].filter(([, c]) => languageAllows(c)))(
    '%s',
    (_name, c) => checkCase(c, executors),
  );
});

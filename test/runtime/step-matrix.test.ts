// The step matrix (step-matrix.ts) with TensorFlow.js on wasm: every
// combination of the language's step features, one step on the ONNX graph,
// the generated TypeScript and the hand-written gradients, against autodiff.
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import { checkCase, matrixCases } from './step-matrix.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const cases = matrixCases();
const executors = { generated: true, handWritten: true };

describe('one reconstruction step, every DAE combination (wasm)', () => {
  it('covers 800 combinations, 240 of which the checker rejects', () => {
    expect(cases.daes).toHaveLength(800);
    expect(cases.daes.filter(([name]) => name.endsWith('(MTL053: IR only)'))).toHaveLength(240);
  });
  it.each(cases.daes)('%s', (_name, c) => checkCase(c, executors));
});

describe('one reconstruction step, every noise (wasm)', () => {
  it.each(cases.noises)('%s', (_name, c) => checkCase(c, executors));
});

describe('one supervised or joint step, every activation (wasm)', () => {
  it('covers 500 combinations', () => expect(cases.supervised).toHaveLength(500));
  it.each(cases.supervised)('%s', (_name, c) => checkCase(c, executors));
});

// The step matrix (step-matrix.ts) with TensorFlow.js on wasm: every
// combination of the language's step features, one step on the ONNX graph,
// the generated TypeScript and the hand-written gradients, against autodiff;
// and, where the step has a sigmoid cross-entropy to cut around, the ONNX graphs
// around the native loss kernel (src/runtime/onnx/fuse-loss.ts); and the graph
// through both drivers of ONNX Runtime, bit for bit (src/runtime/onnx/ort.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import { loadNativeKernel } from '../../src/runtime/native/kernels.js';
import { loadOrt, ortThrough } from '../../src/runtime/onnx/ort.js';
import { checkCase, matrixCases } from './step-matrix.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const cases = matrixCases();
// `npm run build` compiles it (scripts/build-native.mjs); the setup step installs the C compiler.
const kernel = loadNativeKernel();
const fused = kernel ? { kernel, cut: 0 } : undefined;
// Through mtl's addon (the default), then onnxruntime-node's binding (src/runtime/onnx/ort.ts).
const binding = kernel && loadOrt()?.driver === 'mtl addon' ? ortThrough('onnxruntime-node') : null;
const otherDriver = binding ? { ort: binding, runs: 0 } : undefined;
const executors = { generated: true, handWritten: true, fused, otherDriver };

it('has the native loss kernel built, and ONNX Runtime runs through it', () => {
  expect(kernel, 'build/native/mtl-kernels.node (npm run build)').not.toBeNull();
  expect(otherDriver, "onnxruntime-node through mtl's addon and through its binding").toBeDefined();
});

afterAll(() => {
  // Every step with a DAE whose decoder is a sigmoid under cross-entropy ran cut around
  // the kernel too (a supervised sigmoid output takes the squared error: nothing to cut).
  const sigmoidCrossEntropy = [...cases.daes, ...cases.noises, ...cases.supervised].filter(
    ([, c]) =>
      c.kind !== 'supervised' &&
      c.dae !== null &&
      (c.dae.decoder?.activation ?? 'sigmoid') === 'sigmoid' &&
      (c.dae.cost ?? 'cross_entropy') === 'cross_entropy',
  );
  expect(sigmoidCrossEntropy.length).toBeGreaterThan(100);
  if (fused) expect(fused.cut).toBe(sigmoidCrossEntropy.length);
  // Every case's graph ran through both drivers (a case the checker rejects still runs its IR).
  if (otherDriver)
    expect(otherDriver.runs).toBe(cases.daes.length + cases.noises.length + cases.supervised.length);
});

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

// A reconstruction step in two parts (step/parts.ts): the input layer's DAE,
// and the `local` DAEs on hidden layers with the clean forward pass up to
// them. The parts update disjoint parameters, together every parameter the
// whole step updates, and compute the whole step's update and J_r (run here
// on ONNX Runtime, against the step as one program); a step whose DAEs could
// not be parted (a `through` DAE above the input layer, a single group, a
// supervised or joint step) stays whole.
import { describe, expect, it } from 'vitest';
import type { Dae, Experiment } from '../../src/ir/types.js';
import { emitOnnx } from '../../src/runtime/onnx/emit-onnx.js';
import { loadOrt, type OrtTensor } from '../../src/runtime/onnx/ort.js';
import { onnxStepParts, stepGraphs } from '../../src/runtime/onnx/step-graphs.js';
import { rngFor } from '../../src/runtime/prng.js';
import { lowerStep } from '../../src/step/lower.js';
import { stepParts } from '../../src/step/parts.js';
import { type ProgramInput, type StepKey, type StepProgram, stepKeyName } from '../../src/step/program.js';
import { makeExperiment } from '../harness/runtime.js';

const HIDDEN = [
  { name: 'h1', units: 12, activation: 'sigmoid' },
  { name: 'h2', units: 9, activation: 'tanh' },
  { name: 'h3', units: 7, activation: 'relu' },
] as const;

function experiment(reconstruct: readonly Partial<Dae>[], momentum = 0): Experiment {
  return makeExperiment({ name: 'parts', input: 30, hidden: HIDDEN, reconstruct, momentum });
}

const ALL_LOCAL: Partial<Dae>[] = [
  { layerIndex: 0, noise: { kind: 'mask', p: 0.25 } },
  { layerIndex: 1, noise: { kind: 'mask', p: 0.25 }, decoder: { tied: true, activation: 'sigmoid' } },
  { layerIndex: 2, noise: { kind: 'gaussian', sigma: 0.2 }, cost: 'squared_error' },
];

const reconstruction = (daes: number[]): StepKey => ({ kind: 'reconstruction', daes, losses: true });

describe('a reconstruction step in parts', () => {
  it('parts the input-layer DAE from the local DAEs above it, with disjoint updates that cover the step', () => {
    const exp = experiment(ALL_LOCAL);
    const key = reconstruction([0, 1, 2]);
    const parts = stepParts(exp, key);
    expect(parts.map(stepKeyName)).toEqual(['reconstruction.d0.loss', 'reconstruction.d1-2.loss']);
    const whole = lowerStep(exp, key);
    const updates = parts.map((part) => lowerStep(exp, part).updates);
    expect([...updates[0]].sort()).toEqual(['h1.W', 'h1.b', 'h1.decoder.W', 'h1.decoder.b'].sort());
    expect(updates[0].filter((name) => updates[1].includes(name))).toEqual([]);
    expect([...updates[0], ...updates[1]].sort()).toEqual([...whole.updates].sort());
    // On the onnx backend the first part's input-layer products run over the kept columns;
    // the second part (the prefetch worker's) takes the rows whole, as the first does for its target.
    const [first, second] = onnxStepParts(exp, key);
    expect(first.inputs.filter((input) => input.role.kind === 'columns')).toHaveLength(1);
    expect(second.inputs.filter((input) => input.role.kind === 'columns')).toHaveLength(0);
    const rows = (program: StepProgram) => program.inputs.filter((input) => input.role.kind === 'rows');
    expect(rows(first).map((input) => input.shape)).toEqual([['rows', 30]]);
    expect(rows(second).map((input) => input.shape)).toEqual([['rows', 30]]);
    // The onnx backend builds, writes and hashes both parts' graphs.
    expect(stepGraphs(exp).map((graph) => graph.file)).toEqual([
      'parts.reconstruction.d0.loss.onnx',
      'parts.reconstruction.d1-2.loss.onnx',
      'parts.supervised.loss.onnx',
      'parts.evaluation.onnx',
    ]);
  });

  it('keeps a step whole when its DAEs cannot be parted', () => {
    const through = ALL_LOCAL.map((dae, slot) =>
      slot === 2 ? { ...dae, gradient: 'through' as const } : dae,
    );
    // A `through` DAE above the input layer updates the first layer too.
    expect(stepParts(experiment(through), reconstruction([0, 1, 2]))).toHaveLength(1);
    // …but not once its weight is 0 (the step key leaves it out).
    expect(stepParts(experiment(through), reconstruction([0, 1]))).toHaveLength(2);
    // One group only: the input layer's DAE alone, or hidden DAEs alone.
    expect(stepParts(experiment(ALL_LOCAL), reconstruction([0]))).toHaveLength(1);
    expect(stepParts(experiment(ALL_LOCAL), reconstruction([1, 2]))).toHaveLength(1);
    // The supervised term reaches every layer.
    for (const kind of ['supervised', 'joint'] as const) {
      const key = { kind, daes: kind === 'joint' ? [0, 1, 2] : [], losses: true };
      expect(stepParts(experiment(ALL_LOCAL), key)).toEqual([key]);
    }
  });

  const THROUGH = ALL_LOCAL.map((dae, slot) => (slot === 2 ? { ...dae, gradient: 'through' as const } : dae));
  const cases = [
    { label: '', daes: ALL_LOCAL, momentum: 0, parts: 2 },
    { label: ', with momentum', daes: ALL_LOCAL, momentum: 0.9, parts: 2 },
    // Run whole: its `through` DAE on h3 updates h1 and h2 too (in parts, one would overwrite the other).
    { label: ' of a `through` DAE, whole', daes: THROUGH, momentum: 0, parts: 1 },
  ];
  for (const c of cases) {
    it(`computes the whole step's update and J_r${c.label} (ONNX Runtime)`, () => {
      const exp = experiment(c.daes, c.momentum);
      const key = reconstruction([0, 1, 2]);
      const whole = run(lowerStep(exp, key));
      const parts = onnxStepParts(exp, key).map((program) => run(program));
      expect(parts).toHaveLength(c.parts);
      let compared = 0;
      for (const [name, value] of whole.outputs) {
        if (name === 'check') continue;
        const owners = parts.filter((part) => part.outputs.has(name));
        expect(owners, name).toHaveLength(1);
        const got = owners[0].outputs.get(name)!;
        const before = name.startsWith('param:') ? whole.fed.get(name.slice('param:'.length)) : undefined;
        let moved = 0;
        for (let i = 0; i < value.length; i++) {
          expect(Math.abs(got[i] - value[i]), `${name}[${i}]`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(value[i])),
          );
          if (before) moved = Math.max(moved, Math.abs(value[i] - before[i]));
        }
        if (before) expect(moved, `${name} moves`).toBeGreaterThan(1e-6);
        compared++;
      }
      expect(compared).toBe(c.momentum ? 2 * whole.program.updates.length : whole.program.updates.length);
      const wholeJr = whole.outputs.get('check')![1];
      const partsJr = parts.reduce((sum, part) => sum + part.outputs.get('check')![1], 0);
      expect(Math.abs(wholeJr)).toBeGreaterThan(0.1);
      expect(Math.abs(partsJr - wholeJr)).toBeLessThan(1e-5 * Math.abs(wholeJr));
    });
  }
});

const ROWS = 8;

/** The same value for an input of the same name in every program: rows, noise, parameters, factors. */
function value(input: ProgramInput, dims: readonly number[]): Float32Array | Int32Array {
  const size = dims.reduce((a, b) => a * b, 1);
  const role = input.role;
  if (role.kind === 'columns') return Int32Array.from({ length: size }, (_, i) => i);
  // Keyed by what the input holds, not by its name: the batch's rows may come as `x` and `x_kept`.
  const what =
    role.kind === 'param' || role.kind === 'velocity'
      ? `${role.kind}:${role.param}`
      : role.kind === 'factor'
        ? input.name
        : `${role.kind}:${'slot' in role ? role.slot : ''}`;
  const rng = rngFor(
    'step-parts',
    [...what].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7),
  );
  return Float32Array.from({ length: size }, () => {
    if (role.kind === 'factor') return -0.05;
    if (role.kind === 'keep') return rng.nextFloat() < 0.25 ? 0 : 1;
    if (role.kind === 'param' || role.kind === 'velocity') return (rng.nextFloat() * 2 - 1) * 0.5;
    if (role.kind === 'add') return (rng.nextFloat() * 2 - 1) * 0.2;
    return rng.nextFloat() < 0.3 ? 0 : rng.nextFloat();
  });
}

/** Runs a step program's graph on ONNX Runtime; its outputs by role (`param:h1.W`, …) and its fed parameters by name. */
function run(program: StepProgram) {
  const ort = loadOrt()!;
  const session = ort.session(emitOnnx(program));
  const feeds: Record<string, OrtTensor> = {};
  const fed = new Map<string, Float32Array>();
  for (const input of program.inputs) {
    const dims = input.shape.map((d) => (typeof d === 'number' ? d : d === 'columns' ? 30 : ROWS));
    const data = value(input, dims);
    feeds[input.name] = data instanceof Int32Array ? ort.int32(data, dims) : ort.float32(data, dims);
    if (input.role.kind === 'param' && data instanceof Float32Array) fed.set(input.role.param, data);
  }
  const result = session.run(feeds);
  session.dispose();
  const outputs = new Map<string, Float32Array>();
  for (const output of program.outputs) {
    const role = output.role;
    const name = role.kind === 'param' || role.kind === 'velocity' ? `${role.kind}:${role.param}` : role.kind;
    outputs.set(name, result[output.name].data as Float32Array);
  }
  return { program, outputs, fed };
}

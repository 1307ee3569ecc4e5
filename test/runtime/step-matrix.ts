// Every combination of the language's step features, one step each, on the
// three executors of the math: a step program's ONNX graph (ONNX Runtime, the
// `onnx` backend), its emitted TypeScript (the generated trainer's step code
// on TensorFlow.js, what `wasm` and `cpu` run) and the runtime's hand-written
// gradients (src/runtime/grad, what they run for a step the trainer did not
// compile). Each must move every parameter as w ← w + μ·v − lr·∇J does with
// ∇J from TensorFlow.js autodiff of the objective written the obvious way
// (reference-objective.ts), to 1e-4 of the largest update, and agree with the
// ONNX graph to 1e-5 (1e-4 for the combinations only the IR can express: see
// languageAllows). The combinations (matrixCases):
// - a DAE: decoder activation × own or tied decoder × cost × reduction ×
//   gradient mode × input or hidden layer × coder activation (800), with momentum;
// - its noise: none, mask, salt-and-pepper, gaussian × layer × gradient × tied (32);
// - the supervised and joint steps: output activation × both hidden activations
//   × supervised or joint × momentum 0 or 0.9 (500).
// step-matrix.test.ts runs them with TensorFlow.js on wasm, step-matrix-cpu.test.ts
// on cpu. Whole runs on the three backends are compared in backends-agree.test.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import ts from 'typescript';
import { expect } from 'vitest';
import { stepSources } from '../../src/codegen/step-to-ts.js';
import type {
  Activation,
  CostKind,
  CostReduction,
  Dae,
  Experiment,
  Noise,
  Order,
} from '../../src/ir/types.js';
import { Gradients } from '../../src/runtime/grad/gradients.js';
import { reconstructionGradients } from '../../src/runtime/grad/reconstruction-grad.js';
import { supervisedGradients } from '../../src/runtime/grad/supervised-grad.js';
import { type StepFunction, tfjsKernels } from '../../src/runtime/kernels/step-kernels.js';
import { initialParams } from '../../src/runtime/model/init.js';
import { type ModelSpec, modelSpec, type ParamValues } from '../../src/runtime/model/model.js';
import type { NativeKernel } from '../../src/runtime/native/kernels.js';
import { emitOnnx } from '../../src/runtime/onnx/emit-onnx.js';
import { cutAtSigmoidCrossEntropy } from '../../src/runtime/onnx/fuse-loss.js';
import { FusedStep } from '../../src/runtime/onnx/fused-step.js';
import { loadOrt, type Ort, type OrtTensor } from '../../src/runtime/onnx/ort.js';
import { onnxStepProgram } from '../../src/runtime/onnx/step-graphs.js';
import { sgdUpdate } from '../../src/runtime/train/sgd.js';
import { compiledStepKeys } from '../../src/step/compiled-keys.js';
import { lowerStep } from '../../src/step/lower.js';
import type { ProgramInput, ScalarFactor, StepProgram } from '../../src/step/program.js';
import { makeExperiment, num } from '../harness/runtime.js';
import {
  applyCorruption,
  fixedCorruption,
  type Params,
  type ReferenceCorruption,
  referenceDae,
  referenceHidden,
  referenceSupervised,
} from './reference-objective.js';

const ROWS = 7;
const LABELED = 4;
const INPUT = 6;
const LR = 0.3;
const LAMBDA_S = 0.7;
const LAMBDA_R = 0.4;
const DAE_WEIGHT = 0.6;
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu', 'linear', 'softmax'];

export interface Case {
  readonly hidden: readonly [Activation, Activation];
  readonly output: Activation;
  readonly dae: Partial<Dae> | null;
  readonly kind: 'reconstruction' | 'supervised' | 'joint';
  readonly momentum: number;
}

/** The case as an experiment whose order takes the case's step kind. */
export function experimentOf(c: Case): Experiment {
  const order: Order =
    c.kind === 'joint'
      ? { kind: 'joint' }
      : {
          kind: 'alternate',
          steps: [{ objective: c.kind, rows: c.kind === 'supervised' ? 'labeled' : 'batch', lr: null }],
        };
  return makeExperiment({
    input: INPUT,
    hidden: [
      { name: 'h1', units: 5, activation: c.hidden[0] },
      { name: 'h2', units: 4, activation: c.hidden[1] },
    ],
    output: { name: 'y', units: 3, activation: c.output },
    reconstruct: c.dae ? [{ weight: num(DAE_WEIGHT), ...c.dae }] : [],
    momentum: c.momentum,
    order,
  });
}

/** Deterministic values in [lo, hi) (a small LCG: the cases must not depend on tfjs's random state). */
function values(size: number, seed: number, lo: number, hi: number): Float32Array {
  let state = (seed * 2654435761) >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((state >>> 8) / 2 ** 24) * (hi - lo);
  }
  return out;
}

interface Prepared {
  readonly experiment: Experiment;
  readonly spec: ModelSpec;
  readonly params: Map<string, Float32Array>;
  readonly velocity: Map<string, Float32Array>;
  readonly x: tf.Tensor2D;
  readonly targets: tf.Tensor2D;
  readonly corruption: ReferenceCorruption | null;
}

function prepare(c: Case): Prepared {
  const experiment = experimentOf(c);
  const spec = modelSpec(experiment.network, experiment.reconstruct);
  const init = initialParams(spec, 3);
  const params = new Map<string, Float32Array>();
  const velocity = new Map<string, Float32Array>();
  let seed = 10;
  for (const [name, shape] of spec.shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    // Non-zero biases, so their paths are exercised too; velocities as after earlier steps.
    const value =
      shape.length === 1
        ? values(size, seed++, -0.3, 0.3)
        : (init.get(name)!.dataSync() as Float32Array).slice();
    params.set(name, value);
    velocity.set(name, values(size, seed++, -0.05, 0.05));
    init.get(name)!.dispose();
  }
  // Column 2 is zero in every row and column 4 in the labeled rows (the first
  // LABELED), so the onnx engine's products over the kept input columns
  // (step/input-columns.ts) leave columns out.
  const pixels = values(ROWS * INPUT, 1, 0.05, 0.95);
  for (let r = 0; r < ROWS; r++) pixels[r * INPUT + 2] = 0;
  for (let r = 0; r < LABELED; r++) pixels[r * INPUT + 4] = 0;
  const x = tf.tensor2d(pixels, [ROWS, INPUT]);
  const targets = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: LABELED }, (_, i) => (i * 2) % 3),
      'int32',
    ),
    3,
  );
  const dae = experiment.reconstruct[0];
  const dims = [INPUT, 5, 4];
  return {
    experiment,
    spec,
    params,
    velocity,
    x,
    targets: tf.cast(targets, 'float32') as tf.Tensor2D,
    corruption: dae ? fixedCorruption(dae.noise, ROWS, dims[dae.layerIndex], 100) : null,
  };
}

/** J = λ_s·J_s (labeled rows) + λ_r·w·J_dae (all rows), as the step's kind takes them. */
function objective(c: Case, p: Prepared): (params: Params) => tf.Scalar {
  const dae = p.experiment.reconstruct[0];
  const constant = Object.fromEntries(
    [...p.params].map(([name, v]) => [name, tf.tensor(v, [...p.spec.shapes.get(name)!])]),
  );
  const xl = tf.slice(p.x, [0, 0], [LABELED, INPUT]);
  const top = dae?.layerIndex ?? 0;
  const fixed = referenceHidden(p.spec, constant, p.x, top);
  return (params) => {
    let total: tf.Scalar = tf.scalar(0);
    if (c.kind !== 'reconstruction') {
      total = tf.add(total, tf.mul(LAMBDA_S, referenceSupervised(p.spec, params, xl, p.targets)));
    }
    if (c.kind !== 'supervised' && dae) {
      const k = dae.layerIndex;
      const input = dae.gradient === 'through' ? referenceHidden(p.spec, params, p.x, top)[k] : fixed[k];
      const j = referenceDae(p.spec, params, dae, input, fixed[k], p.corruption!);
      total = tf.add(total, tf.mul(LAMBDA_R * DAE_WEIGHT, j));
    }
    return total;
  };
}

/**
 * w + μ·v − lr·∇J, autodiff's ∇J, for the parameters the step updates; the
 * others keep their value, and autodiff must find no gradient for them.
 */
function expected(c: Case, p: Prepared, updates: readonly string[]): Map<string, Float32Array> {
  const names = [...p.spec.shapes.keys()];
  const tensors = names.map((name) => tf.tensor(p.params.get(name)!, [...p.spec.shapes.get(name)!]));
  const j = objective(c, p);
  const grads = tf.grads((...ts: tf.Tensor[]) => {
    const params = Object.fromEntries(names.map((name, i) => [name, ts[i]!]));
    // 0·Σp connects every parameter, so an untouched one gets a zero gradient.
    return tf.add(j(params), tf.mul(0, tf.addN(ts.map((t) => tf.sum(t))))) as tf.Scalar;
  })(tensors);
  return new Map(
    names.map((name, i) => {
      const w = p.params.get(name)!;
      const v = p.velocity.get(name)!;
      const g = grads[i]!.dataSync();
      if (!updates.includes(name)) {
        expect(Math.max(...Array.from(g, Math.abs)), `${name} is not updated: no gradient`).toBe(0);
        return [name, w];
      }
      return [name, Float32Array.from(w, (wi, e) => wi + c.momentum * v[e]! - LR * g[e]!)];
    }),
  );
}

function factor(f: ScalarFactor, dae: Dae | undefined): number {
  const n = ROWS;
  const nl = LABELED;
  switch (f.kind) {
    case 'supervised':
      return (f.costMultiplier * -LR * LAMBDA_S) / nl;
    case 'perLabeledRow':
      return 1 / nl;
    case 'dae':
      return (f.costMultiplier * -LR * LAMBDA_R * DAE_WEIGHT) / n / f.featureDivisor;
    case 'daeLoss':
      expect(dae).toBeDefined();
      return DAE_WEIGHT / n / f.featureDivisor;
  }
}

/** The input columns where one of the first `rows` rows of x is non-zero (no padding, unlike the runtime's). */
function nonZeroColumns(p: Prepared, rows: number): Int32Array {
  const x = p.x.dataSync();
  const columns: number[] = [];
  for (let j = 0; j < INPUT; j++) {
    if (Array.from({ length: rows }, (_, r) => x[r * INPUT + j]).some((v) => v !== 0)) columns.push(j);
  }
  return Int32Array.from(columns);
}

type Feed = { data: Float32Array | Int32Array; dims: number[] };

/** Each program input's values and sizes. */
function feeds(program: StepProgram, p: Prepared): Map<string, Feed> {
  const kept = { columns: nonZeroColumns(p, ROWS), labeledColumns: nonZeroColumns(p, LABELED) };
  const out = new Map<string, Feed>();
  for (const input of program.inputs) {
    const role = input.role;
    const columns = input.shape[1];
    if (role.kind === 'columns') {
      const index = role.of === 'rows' ? kept.columns : kept.labeledColumns;
      out.set(input.name, { data: index, dims: [index.length] });
    } else if (columns === 'columns' || columns === 'labeledColumns') {
      // Only the kept columns of the input's rows (step/input-columns.ts).
      out.set(input.name, copyOf(tf.gather(inputTensor(input, p), kept[columns], 1)));
    } else {
      out.set(input.name, feed(input, p));
    }
  }
  return out;
}

/** A copy: tfjs's cpu backend may hold a cast tensor's values in another typed array. */
const copyOf = (t: tf.Tensor): Feed => ({ data: Float32Array.from(t.dataSync()), dims: t.shape });

/** The whole rows (or x̃) an input holds. */
function inputTensor(input: ProgramInput, p: Prepared): tf.Tensor {
  switch (input.role.kind) {
    case 'rows':
      return p.x;
    case 'labeledRows':
      return tf.slice(p.x, [0, 0], [LABELED, INPUT]);
    case 'noisyInput':
      return applyCorruption(p.x, p.corruption!);
    default:
      throw new Error(`${input.name} holds no input rows`);
  }
}

function feed(input: ProgramInput, p: Prepared): Feed {
  const role = input.role;
  switch (role.kind) {
    case 'param':
      return { data: p.params.get(role.param)!, dims: dimsOf(input) };
    case 'velocity':
      return { data: p.velocity.get(role.param)!, dims: dimsOf(input) };
    case 'rows':
    case 'labeledRows':
    case 'noisyInput':
      return copyOf(inputTensor(input, p));
    case 'targets':
      return copyOf(p.targets);
    case 'keep':
      return copyOf(p.corruption!.keep!);
    case 'add':
      return copyOf(p.corruption!.add!);
    case 'factor':
      return { data: Float32Array.of(factor(role.factor, p.experiment.reconstruct[0])), dims: [1] };
    case 'columns':
      throw new Error(`${input.name}: columns are fed by feeds()`);
    case 'computed':
      throw new Error(`${input.name}: a lowered step program has no computed input`);
  }
}

function dimsOf(input: ProgramInput): number[] {
  return input.shape.map((d) => {
    if (typeof d === 'number') return d;
    if (d === 'rows') return ROWS;
    if (d === 'labeled') return LABELED;
    throw new Error(`${input.name}: ${d} is sized by the feed`);
  });
}

/** The updated parameters by name, from a program's outputs. */
function updated(program: StepProgram, outputs: Record<string, Float32Array>): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const output of program.outputs) {
    if (output.role.kind === 'param') out.set(output.role.param, outputs[output.name]!);
  }
  return out;
}

function onnxFeeds(
  program: StepProgram,
  p: Prepared,
  ort: Ort | null = loadOrt(),
): Record<string, OrtTensor> {
  expect(ort, 'onnxruntime-node loads').not.toBeNull();
  return Object.fromEntries(
    [...feeds(program, p)].map(([name, { data, dims }]) => [
      name,
      data instanceof Int32Array ? ort!.int32(data, dims) : ort!.float32(data, dims),
    ]),
  );
}

/** A float array's bit patterns (so NaN equals NaN, and -0 differs from 0). */
const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);

const arrays = (outputs: Record<string, OrtTensor>) =>
  Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, t.data as Float32Array]));

function onnxStep(program: StepProgram, p: Prepared, ort = loadOrt()!): Record<string, Float32Array> {
  const session = ort.session(emitOnnx(program));
  try {
    return arrays(session.run(onnxFeeds(program, p, ort)));
  } finally {
    session.dispose();
  }
}

/**
 * The step as the onnx engine runs it with the native loss kernel: cut around
 * its sigmoid cross-entropy (any width here), or null when it has none to cut.
 */
function fusedStep(
  program: StepProgram,
  p: Prepared,
  kernel: NativeKernel,
): Record<string, Float32Array> | null {
  const cut = cutAtSigmoidCrossEntropy(program, { min: 1, max: kernel.maxColumns });
  if (!cut) return null;
  const fused = new FusedStep(loadOrt()!, kernel, cut);
  try {
    return arrays(fused.run(onnxFeeds(program, p)));
  } finally {
    fused.dispose();
  }
}

/** The generated trainer's step function for the case's step kind, transpiled and loaded. */
function generatedStep(experiment: Experiment): StepFunction {
  const sources = stepSources(experiment);
  expect(sources.functions).toHaveLength(1);
  const js = ts.transpileModule(sources.functions[0]!, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  }).outputText;
  const exports: Record<string, StepFunction> = {};
  new Function('exports', js)(exports);
  const fn = Object.values(exports)[0];
  expect(fn, 'the emitted step function').toBeTypeOf('function');
  return fn!;
}

function tsStep(program: StepProgram, p: Prepared): Record<string, Float32Array> {
  const fn = generatedStep(p.experiment);
  const inputs = Object.fromEntries(
    [...feeds(program, p)].map(([name, { data, dims }]) => [name, tf.tensor(data, dims)]),
  );
  const outputs = fn(tfjsKernels, inputs);
  return Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, t.dataSync() as Float32Array]));
}

/** The runtime's hand-written gradients of the step's terms, then its SGD update. */
function handWrittenStep(c: Case, p: Prepared): Map<string, Float32Array> {
  const values: ParamValues = new Map(
    [...p.params].map(([name, v]) => [name, tf.tensor(v, [...p.spec.shapes.get(name)!])]),
  );
  const velocity: ParamValues = new Map(
    [...p.velocity].map(([name, v]) => [name, tf.tensor(v, [...p.spec.shapes.get(name)!])]),
  );
  const grads = new Gradients();
  if (c.kind !== 'reconstruction') {
    const x = tf.slice(p.x, [0, 0], [LABELED, INPUT]);
    supervisedGradients(
      p.spec,
      values,
      { x, targets: p.targets, scale: -LR * LAMBDA_S, wantLoss: true },
      grads,
    );
  }
  const dae = p.experiment.reconstruct[0];
  if (c.kind !== 'supervised' && dae) {
    const corruption = p.corruption!;
    reconstructionGradients(
      p.spec,
      values,
      {
        x: p.x,
        terms: [{ dae, slot: 0, factor: -LR * LAMBDA_R * DAE_WEIGHT, lossFactor: DAE_WEIGHT }],
        corrupt: (_slot, clean) => ({ noisy: applyCorruption(clean, corruption), keep: corruption.keep }),
        wantLoss: true,
      },
      grads,
    );
  }
  const update = sgdUpdate(values, velocity, grads, c.momentum);
  return new Map([...update.params].map(([name, t]) => [name, t.dataSync() as Float32Array]));
}

/** max |a − b| over every entry of every parameter, over the largest update |w_expected − w|. */
/** One unit in the last place of a float32 value: the resolution of a stored weight. */
function ulp32(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/**
 * The largest difference between two updated parameter sets, relative to the
 * largest update. A difference of one ulp of the weight is float32's own
 * resolution (each side rounds w + Δw once), not a difference in the math.
 */
function gap(p: Prepared, expectedParams: Map<string, Float32Array>, actual: Map<string, Float32Array>) {
  let update = 0;
  let diff = 0;
  const worst = { name: '', diff: 0 };
  for (const [name, want] of expectedParams) {
    const w = p.params.get(name)!;
    const got = actual.get(name) ?? w;
    for (let e = 0; e < want.length; e++) {
      update = Math.max(update, Math.abs(want[e]! - w[e]!));
      const d = Math.max(0, Math.abs(got[e]! - want[e]!) - ulp32(want[e]!));
      if (d > diff) {
        diff = d;
        worst.name = name;
      }
    }
  }
  return { relative: diff / Math.max(update, 1e-12), update, worst: worst.name };
}

/**
 * Whether a user can write the case: cross_entropy needs a sigmoid or softmax
 * decoder and targets in [0, 1] (the input, or a sigmoid or softmax layer);
 * the checker rejects the rest (MTL053). Those the IR still expresses are
 * held to autodiff's 1e-4 only: dividing by y(1 − y) of a decoder output near
 * its clip bound amplifies the kernels' last-bit differences.
 */
export function languageAllows(c: Case): boolean {
  const dae = c.dae;
  if (!dae || (dae.cost ?? 'cross_entropy') !== 'cross_entropy') return true;
  const decoder = dae.decoder?.activation ?? 'sigmoid';
  const inRange = (a: Activation) => a === 'sigmoid' || a === 'softmax';
  const layer = dae.layerIndex ?? 0;
  return inRange(decoder) && (layer === 0 || inRange(c.hidden[layer - 1]!));
}

/** Which executors a test file runs besides the ONNX graph (the reference between executors). */
export interface Executors {
  readonly generated: boolean;
  readonly handWritten: boolean;
  /** The ONNX graph cut around the native loss kernel, for a step it cuts (counted in `cut`). */
  readonly fused?: { readonly kernel: NativeKernel; cut: number };
  /**
   * The ONNX graph again through another driver of ONNX Runtime (ort.ts: onnxruntime-node's
   * binding, where the graph ran through mtl's addon): the same bits (counted in `runs`).
   */
  readonly otherDriver?: { readonly ort: Ort; runs: number };
}

export function checkCase(c: Case, executors: Executors): void {
  tf.tidy(() => {
    const p = prepare(c);
    const [key] = compiledStepKeys(p.experiment);
    expect(key!.kind).toBe(c.kind);
    const program = lowerStep(p.experiment, key!);
    const want = expected(c, p, program.updates);
    // The graph the onnx engine runs: the input layer's products over the kept columns.
    const onnxProgram = onnxStepProgram(p.experiment, key!);
    const onnx = onnxStep(onnxProgram, p);
    if (executors.otherDriver) {
      const other = onnxStep(onnxProgram, p, executors.otherDriver.ort);
      executors.otherDriver.runs++;
      expect(Object.keys(other).sort()).toEqual(Object.keys(onnx).sort());
      for (const [name, values] of Object.entries(onnx))
        expect(bits(other[name]!), `${name} through ${executors.otherDriver.ort.driver}`).toEqual(
          bits(values),
        );
    }
    const onnxParams = updated(program, onnx);
    const onnxGap = gap(p, want, onnxParams);
    expect(onnxGap.update, 'the step moves the parameters').toBeGreaterThan(1e-6);
    expect(onnxGap.relative, `onnx vs autodiff (worst: ${onnxGap.worst})`).toBeLessThan(1e-4);
    const tolerance = languageAllows(c) ? 1e-5 : 1e-4;
    const against = (name: string, params: Map<string, Float32Array>) => {
      const vsAutodiff = gap(p, want, params);
      expect(vsAutodiff.relative, `${name} vs autodiff (worst: ${vsAutodiff.worst})`).toBeLessThan(1e-4);
      const vsOnnx = gap(p, onnxParams, params);
      expect(vsOnnx.relative, `${name} vs onnx (worst: ${vsOnnx.worst})`).toBeLessThan(tolerance);
    };
    if (executors.generated) {
      const generated = tsStep(program, p);
      against('generated TypeScript', updated(program, generated));
      // The losses the check vector reports: J_s, then J_r = Σ w_k·J_dae,k.
      expect(onnx.check![0]).toBeCloseTo(generated.check![0]!, 4);
      expect(onnx.check![1]).toBeCloseTo(generated.check![1]!, 4);
    }
    if (executors.handWritten) against('hand-written gradients', handWrittenStep(c, p));
    const fused = executors.fused && fusedStep(onnxProgram, p, executors.fused.kernel);
    if (executors.fused && fused) {
      executors.fused.cut++;
      against('the graphs around the native kernel', updated(program, fused));
      expect(fused.check![0]).toBeCloseTo(onnx.check![0]!, 4);
      expect(fused.check![1]).toBeCloseTo(onnx.check![1]!, 4);
    }
  });
}

/** The matrix, by group: [test name, case]. */
export function matrixCases(): Record<'daes' | 'noises' | 'supervised', [string, Case][]> {
  return { daes: daeCases(), noises: noiseCases(), supervised: supervisedCases() };
}

/** A DAE: every decoder, cost, reduction, gradient mode, layer and coder activation. */
function daeCases(): [string, Case][] {
  const cases: [string, Case][] = [];
  const combinations: [Activation, boolean, CostKind, CostReduction, Dae['gradient'], number, Activation][] =
    [];
  for (const decoder of ACTIVATIONS)
    for (const tied of [false, true])
      for (const cost of ['cross_entropy', 'squared_error'] as const)
        for (const reduction of ['mean', 'sum'] as const)
          for (const gradient of ['local', 'through'] as const)
            for (const layer of [0, 1])
              for (const coder of ACTIVATIONS)
                combinations.push([decoder, tied, cost, reduction, gradient, layer, coder]);
  for (const [decoder, tied, cost, reduction, gradient, layer, coder] of combinations) {
    // A DAE on h2 reconstructs h1: sigmoid under cross_entropy (targets in [0, 1]), else tanh (negative targets).
    const below: Activation = cost === 'cross_entropy' ? 'sigmoid' : 'tanh';
    const hidden: [Activation, Activation] = layer === 0 ? [coder, 'sigmoid'] : [below, coder];
    const c: Case = {
      hidden,
      output: 'softmax',
      dae: { layerIndex: layer, decoder: { tied, activation: decoder }, cost, reduction, gradient },
      kind: 'reconstruction',
      momentum: 0.9,
    };
    const rejected = languageAllows(c) ? '' : ' (MTL053: IR only)';
    cases.push([
      `${decoder} ${tied ? 'tied' : 'own'} decoder, ${cost} ${reduction}, ${gradient}, DAE on h${layer + 1} (${coder})${rejected}`,
      c,
    ]);
  }
  return cases;
}

/** Every noise on either layer, local or through, own or tied decoder. */
function noiseCases(): [string, Case][] {
  const noises: Noise[] = [
    { kind: 'none' },
    { kind: 'mask', p: 0.25 },
    { kind: 'salt_pepper', p: 0.25 },
    { kind: 'gaussian', sigma: 0.2 },
  ];
  const cases: [string, Case][] = [];
  const combinations: [Noise, number, Dae['gradient'], boolean][] = [];
  for (const noise of noises)
    for (const layer of [0, 1])
      for (const gradient of ['local', 'through'] as const)
        for (const tied of [false, true]) combinations.push([noise, layer, gradient, tied]);
  for (const [noise, layer, gradient, tied] of combinations) {
    cases.push([
      `${noise.kind}, DAE on h${layer + 1}, ${gradient}, ${tied ? 'tied' : 'own'} decoder`,
      {
        hidden: ['sigmoid', 'relu'],
        output: 'softmax',
        dae: { layerIndex: layer, noise, gradient, decoder: { tied, activation: 'sigmoid' } },
        kind: 'reconstruction',
        momentum: 0,
      },
    ]);
  }
  return cases;
}

/** Supervised and joint steps: every output and hidden activation, with and without momentum. */
function supervisedCases(): [string, Case][] {
  const cases: [string, Case][] = [];
  const combinations: [Activation, Activation, Activation, 'supervised' | 'joint', number][] = [];
  for (const output of ACTIVATIONS)
    for (const a1 of ACTIVATIONS)
      for (const a2 of ACTIVATIONS)
        for (const kind of ['supervised', 'joint'] as const)
          for (const momentum of [0, 0.9]) combinations.push([output, a1, a2, kind, momentum]);
  for (const [output, a1, a2, kind, momentum] of combinations) {
    cases.push([
      `${kind}, hidden ${a1}, ${a2}, output ${output}, momentum ${momentum}`,
      {
        hidden: [a1, a2],
        output,
        // Cross-entropy where h1's values allow it (MTL053), else squared error.
        dae:
          kind === 'joint'
            ? {
                layerIndex: 1,
                gradient: 'through',
                cost: a1 === 'sigmoid' || a1 === 'softmax' ? 'cross_entropy' : 'squared_error',
              }
            : null,
        kind,
        momentum,
      },
    ]);
  }
  return cases;
}

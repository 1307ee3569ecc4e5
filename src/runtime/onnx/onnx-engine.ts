// The onnx backend's step engine: each step kind the spec takes is lowered to
// a step program, emitted as an ONNX graph and loaded into an ONNX Runtime
// session once; a step then gathers its rows, draws its noise, computes its
// scalar factors, feeds the parameters and runs the graph, which returns the
// updated parameters, velocities and the check vector. Parameters stay
// TensorFlow.js tensors on its cpu backend (a reference to the same
// Float32Array, no copy), so checkpoints, results and resume are shared with
// the other backends.
import * as tf from '@tensorflow/tfjs-core';
import { emitOnnx } from '../../codegen/onnx/emit-onnx.js';
import { lowerStep } from '../../step/lower.js';
import type { ProgramInput, ScalarFactor, StepKey, StepProgram } from '../../step/program.js';
import { stepKeyName } from '../../step/program.js';
import type { ImageSet } from '../data/dataset.js';
import { gatherLabels, gatherOneHot, gatherPixels, gatherRows } from '../data/gather.js';
import { TrainingDivergedError } from '../errors.js';
import type { DaeTerm } from '../grad/reconstruction-grad.js';
import type { ParamValues } from '../model/model.js';
import {
  corruptRows,
  fillGaussian,
  fillKeep,
  fillSalt,
  type NonZeros,
  noiseKey,
  nonZeros,
} from '../noise/element-noise.js';
import type { TrainingSetup, TrainingState } from '../train/state.js';
import type { BatchView, Scorer, StepEngine, StepRequest, StepTiming } from '../train/step-engine.js';
import type { StepResult } from '../train/take-step.js';
import type { Ort, OrtSession, OrtTensor } from './ort.js';

interface Compiled {
  readonly program: StepProgram;
  readonly session: OrtSession;
}

/** Rows per evaluation run: bounds the activations' memory. */
const EVALUATION_CHUNK = 2000;

/** What one step's inputs are computed from. */
interface StepData {
  readonly setup: TrainingSetup;
  readonly state: TrainingState;
  readonly batch: BatchView;
  readonly request: StepRequest;
  readonly rows: Int32Array | null;
  readonly labeled: Int32Array | null;
}

export class OnnxEngine implements StepEngine {
  private readonly compiled = new Map<string, Compiled>();
  private readonly zeros = new Map<string, Float32Array>();
  private sparse: NonZeros | null = null;
  /** Where the steps' time went (milliseconds), for the bench. */
  readonly timing: StepTiming = { steps: 0, graphMs: 0, noiseMs: 0, gatherMs: 0, bookkeepingMs: 0 };

  constructor(private readonly ort: Ort) {}

  /** The step program and session of a step key (built on first use). */
  program(setup: TrainingSetup, key: StepKey): Compiled {
    const name = stepKeyName(key);
    let compiled = this.compiled.get(name);
    if (!compiled) {
      const program = lowerStep(setup.experiment, key);
      compiled = { program, session: this.ort.session(emitOnnx(program)) };
      this.compiled.set(name, compiled);
    }
    return compiled;
  }

  step(setup: TrainingSetup, state: TrainingState, batch: BatchView, request: StepRequest): StepResult {
    const { supervised, reconstruction } = request;
    const kind = supervised && reconstruction ? 'joint' : supervised ? 'supervised' : 'reconstruction';
    const terms = reconstruction?.terms ?? [];
    const key: StepKey = { kind, daes: terms.map((term) => term.slot), losses: setup.computeLosses };
    // Built once per step key; not part of the step's time.
    const { program, session } = this.program(setup, key);
    const started = performance.now();
    const data: StepData = {
      setup,
      state,
      batch,
      request,
      rows: reconstruction ? batch.rowsFor(reconstruction.rows) : null,
      labeled: supervised ? batch.rowsFor('labeled') : null,
    };
    const feeds: Record<string, OrtTensor> = {};
    const fed = { noise: 0, gather: 0 };
    for (const input of program.inputs) feeds[input.name] = this.feed(input, data, terms, fed);
    const ran = performance.now();
    const outputs = session.run(feeds);
    const done = performance.now();

    const check = outputs.check.data as Float32Array;
    const bad = check.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      const what =
        bad === 0
          ? 'the supervised loss'
          : bad === 1
            ? 'the reconstruction loss'
            : `weight ${program.updates[bad - 2]}`;
      throw new TrainingDivergedError(request.position, what, state.lastCheckpoint);
    }
    for (const output of program.outputs) {
      const role = output.role;
      if (role.kind !== 'param' && role.kind !== 'velocity') continue;
      const target = role.kind === 'param' ? state.params : state.velocity;
      const tensor = outputs[output.name];
      target.get(role.param)?.dispose();
      target.set(role.param, tf.tensor(tensor.data as Float32Array, tensor.dims as number[]));
    }
    state.stepsTaken++;
    const { timing } = this;
    timing.steps++;
    timing.graphMs += done - ran;
    timing.noiseMs += fed.noise;
    timing.gatherMs += fed.gather;
    timing.bookkeepingMs += ran - started - fed.noise - fed.gather + (performance.now() - done);
    if (!setup.computeLosses) return { supervisedLoss: null, reconstructionLoss: null };
    return { supervisedLoss: check[0], reconstructionLoss: check[1] };
  }

  private feed(
    input: ProgramInput,
    data: StepData,
    terms: readonly DaeTerm[],
    fed: { noise: number; gather: number },
  ): OrtTensor {
    const started = performance.now();
    const tensor = this.feedTensor(input, data, terms);
    const kind = input.role.kind;
    const part = kind === 'noisyInput' || kind === 'keep' || kind === 'add' ? 'noise' : 'gather';
    if (kind !== 'param' && kind !== 'velocity' && kind !== 'factor')
      fed[part] += performance.now() - started;
    return tensor;
  }

  private feedTensor(input: ProgramInput, data: StepData, terms: readonly DaeTerm[]): OrtTensor {
    const { setup, state } = data;
    const dim = setup.data.train.dim;
    const n = data.rows?.length ?? 0;
    const nl = data.labeled?.length ?? 0;
    const dims = input.shape.map((d) => (d === 'rows' ? n : d === 'labeled' ? nl : d));
    const size = dims.reduce((a, b) => a * b, 1);
    const role = input.role;
    switch (role.kind) {
      case 'param':
        return this.ort.float32(param(state.params, role.param), dims);
      case 'velocity': {
        const velocity = state.velocity.get(role.param);
        return this.ort.float32(
          velocity ? (velocity.dataSync() as Float32Array) : this.zerosFor(role.param, size),
          dims,
        );
      }
      case 'rows':
        return this.ort.float32(
          gatherRows(setup.poolPixels, dim, data.rows!, setup.scratch.array('onnx:rows', size)),
          dims,
        );
      case 'labeledRows':
        return this.ort.float32(
          gatherRows(setup.poolPixels, dim, data.labeled!, setup.scratch.array('onnx:labeled', size)),
          dims,
        );
      case 'targets': {
        const examples = data.labeled!.map((row) => setup.split.pool[row]);
        return this.ort.float32(gatherOneHot(setup.data.train, examples, setup.classes), dims);
      }
      case 'noisyInput':
      case 'keep':
      case 'add':
        return this.ort.float32(this.noise(role, data, size), dims);
      case 'factor':
        return this.ort.float32(Float32Array.of(factorValue(role.factor, data, terms)), dims);
    }
  }

  private noise(
    role: Extract<ProgramInput['role'], { kind: 'noisyInput' | 'keep' | 'add' }>,
    data: StepData,
    size: number,
  ): Float32Array {
    const { setup, batch, request } = data;
    const dae = setup.experiment.reconstruct[role.slot];
    const key = noiseKey(setup.experiment.train.seed, batch.epoch, batch.index, request.stepIndex, role.slot);
    const out = setup.scratch.array(`onnx:${role.kind}:${role.slot}`, size);
    const noise = dae.noise;
    if (role.kind === 'noisyInput') {
      corruptRows(noise, key, setup.poolPixels, setup.data.train.dim, data.rows!, out, this.sparse ?? null);
    } else if (role.kind === 'keep' && (noise.kind === 'mask' || noise.kind === 'salt_pepper')) {
      fillKeep(out, key, noise.p);
    } else if (noise.kind === 'salt_pepper') {
      fillSalt(out, key, noise.p);
    } else if (noise.kind === 'gaussian') {
      fillGaussian(out, key, noise.sigma);
    } else {
      throw new Error(`internal: no ${role.kind} input for ${noise.kind} noise`);
    }
    return out;
  }

  private zerosFor(name: string, size: number): Float32Array {
    let zeros = this.zeros.get(name);
    if (!zeros) {
      zeros = new Float32Array(size);
      this.zeros.set(name, zeros);
    }
    return zeros;
  }

  scorer(set: ImageSet, examples: ArrayLike<number>): Scorer {
    return new OnnxScorer(this, set, examples);
  }

  /** Runs the evaluation graph on rows of pixels; the predicted classes. */
  classify(params: ParamValues, x: Float32Array, rows: number): BigInt64Array {
    if (!this.setup) throw new Error('internal: the onnx engine is not attached to a run');
    const { program, session } = this.program(this.setup, { kind: 'evaluation', daes: [], losses: false });
    const feeds: Record<string, OrtTensor> = {};
    for (const input of program.inputs) {
      const dims = input.shape.map((d) => (typeof d === 'number' ? d : rows));
      if (input.role.kind === 'rows') feeds[input.name] = this.ort.float32(x, dims);
      else if (input.role.kind === 'param')
        feeds[input.name] = this.ort.float32(param(params, input.role.param), dims);
    }
    return session.run(feeds).classes.data as BigInt64Array;
  }

  /** The run's setup, once it exists (the scorers are part of it, and evaluation needs its experiment). */
  attach(setup: TrainingSetup): void {
    this.setup = setup;
    // Where the pool's pixels are non-zero, for the input layer's masks: found once, before training.
    const masksInput = setup.experiment.reconstruct.some(
      (dae) => dae.layerIndex === 0 && dae.noise.kind === 'mask',
    );
    if (masksInput) this.sparse = nonZeros(setup.poolPixels, setup.data.train.dim);
  }

  private setup: TrainingSetup | null = null;

  dispose(): void {
    for (const { session } of this.compiled.values()) session.dispose();
    this.compiled.clear();
  }
}

function param(values: ParamValues, name: string): Float32Array {
  const tensor = values.get(name);
  if (!tensor) throw new Error(`internal: no parameter ${name}`);
  return tensor.dataSync() as Float32Array;
}

/** The scalar factors, computed exactly as the TensorFlow.js step code computes them. */
function factorValue(factor: ScalarFactor, data: StepData, terms: readonly DaeTerm[]): number {
  const n = data.rows?.length ?? 0;
  const nl = data.labeled?.length ?? 0;
  switch (factor.kind) {
    case 'supervised': {
      const { weight, lr } = data.request.supervised!;
      return (factor.costMultiplier * (-lr * weight)) / nl;
    }
    case 'perLabeledRow':
      return 1 / nl;
    case 'dae': {
      const term = terms.find((t) => t.slot === factor.slot)!;
      return (factor.costMultiplier * term.factor) / n / factor.featureDivisor;
    }
    case 'daeLoss': {
      const term = terms.find((t) => t.slot === factor.slot)!;
      return term.lossFactor / n / factor.featureDivisor;
    }
  }
}

class OnnxScorer implements Scorer {
  private chunks: { x: Float32Array; rows: number; labels: Int32Array }[] | null = null;

  constructor(
    private readonly engine: OnnxEngine,
    private readonly set: ImageSet,
    private readonly examples: ArrayLike<number>,
  ) {}

  error(_spec: unknown, params: ParamValues): number | null {
    if (this.examples.length === 0) return null;
    let wrong = 0;
    for (const chunk of this.gathered()) {
      const classes = this.engine.classify(params, chunk.x, chunk.rows);
      for (let i = 0; i < chunk.rows; i++) if (Number(classes[i]) !== chunk.labels[i]) wrong++;
    }
    return wrong / this.examples.length;
  }

  dispose(): void {
    this.chunks = null;
  }

  private gathered() {
    if (this.chunks) return this.chunks;
    const { set, examples } = this;
    this.chunks = [];
    for (let start = 0; start < examples.length; start += EVALUATION_CHUNK) {
      const chunk = Array.prototype.slice.call(examples, start, start + EVALUATION_CHUNK) as number[];
      this.chunks.push({ x: gatherPixels(set, chunk), rows: chunk.length, labels: gatherLabels(set, chunk) });
    }
    return this.chunks;
  }
}

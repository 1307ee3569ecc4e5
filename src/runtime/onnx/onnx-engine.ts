// The onnx backend's step engine: each step kind the spec takes is lowered to
// a step program, emitted as an ONNX graph and loaded into an ONNX Runtime
// session once; a step then gathers its rows, draws its noise, computes its
// scalar factors, feeds the parameters and runs the graph, which returns the
// updated parameters, velocities and the check vector. Parameters stay
// TensorFlow.js tensors on its cpu backend (a reference to the same
// Float32Array, no copy), so checkpoints, results and resume are shared with
// the other backends. With prefetch, a worker thread draws the next step's
// noise and gathers its rows while this step's graph runs (step-lookahead.ts),
// and runs the second part of a step split in two (step/parts.ts) while this
// thread runs the first; without it, this thread runs both parts in turn, on
// the same graphs, so the bits do not depend on the worker.
import * as tf from '@tensorflow/tfjs-core';
import { compiledStepKeys } from '../../step/compiled-keys.js';
import type { ProgramInput, ProgramOutput, StepKey, StepProgram } from '../../step/program.js';
import { stepKeyName } from '../../step/program.js';
import { nonZeros, rowBits } from '../data/columns.js';
import type { ImageSet } from '../data/dataset.js';
import { gatherLabels, gatherPixels } from '../data/gather.js';
import { TrainingDivergedError } from '../errors.js';
import type { ParamValues } from '../model/model.js';
import type { NativeKernel } from '../native/kernels.js';
import type { GraphFeed, GraphOutputs } from '../steps/prefetch.js';
import { isFillKind, type PoolSource } from '../steps/step-fill.js';
import {
  columnsInput,
  divergence,
  inputDims,
  inputValues,
  isNoise,
  poolSource,
  preparedName,
  type StepData,
  stepData,
  stepKeyOf,
  stepPlace,
} from '../steps/step-inputs.js';
import { StepAhead } from '../steps/step-lookahead.js';
import type { TrainingSetup, TrainingState } from '../train/state.js';
import type { BatchView, Scorer, StepEngine, StepRequest, StepTiming } from '../train/step-engine.js';
import type { StepResult } from '../train/take-step.js';
import { emitOnnx } from './emit-onnx.js';
import { cutAtSigmoidCrossEntropy, type LossCut } from './fuse-loss.js';
import { FusedStep } from './fused-step.js';
import type { Ort, OrtSession, OrtTensor } from './ort.js';
import { OutputBuffers } from './output-buffers.js';
import { onnxStepParts } from './step-graphs.js';

interface Compiled {
  readonly program: StepProgram;
  readonly session: OrtSession;
  /** The graph's bytes (sent to the prefetch worker when it runs this part). */
  readonly model: Uint8Array;
  /** The part cut around its loss for the native kernel (fuse-loss.ts), when it runs so on this thread. */
  readonly fused: FusedStep | null;
}

/**
 * The narrowest z a step is cut around: a DAE's decoder (784 columns on
 * MNIST's input layer; 50–80 on the peer workloads' hidden layers, whose
 * steps have several and are not cut), not a classifier's few outputs.
 * The step matrix cuts every width (min 1), so the math is tested at all.
 */
const FUSED_MIN_COLUMNS = 64;

/** A step part's outputs, by output name, wherever it ran. */
type Outputs = Readonly<Record<string, { readonly data: unknown; readonly dims: readonly number[] }>>;

/** Rows per evaluation run: bounds the activations' memory. */
const EVALUATION_CHUNK = 2000;

export class OnnxEngine implements StepEngine {
  private readonly compiled = new Map<string, readonly Compiled[]>();
  private readonly zeros = new Map<string, Float32Array>();
  private pool: PoolSource | null = null;
  /** The prefetch worker, once start() started it. */
  private ahead: StepAhead | null = null;
  /** Where the steps' time went (milliseconds), for the bench. */
  readonly timing: StepTiming = { steps: 0, graphMs: 0, noiseMs: 0, gatherMs: 0, bookkeepingMs: 0 };
  /** Where the graphs this thread runs write the parameters and velocities they update. */
  private readonly outputs: OutputBuffers;

  /**
   * `prefetch`: draw each next step's inputs on a worker thread while the current step runs.
   * `native`: the native loss kernel, to run a part's sigmoid cross-entropy with (fuse-loss.ts).
   */
  constructor(
    private readonly ort: Ort,
    private readonly options: { readonly prefetch: boolean; readonly native?: NativeKernel | null } = {
      prefetch: false,
    },
  ) {
    this.outputs = new OutputBuffers(ort);
  }

  /** What the run's header says beside the backend's name: whether a step's loss runs in native code. */
  note: string | undefined = undefined;

  /** The cut of a step part around its loss for the native kernel, when there is one to take. */
  private cutOf(program: StepProgram): LossCut | null {
    const native = this.options.native;
    if (!native || !program.key.losses) return null;
    return cutAtSigmoidCrossEntropy(program, { min: FUSED_MIN_COLUMNS, max: native.maxColumns });
  }

  /**
   * The step programs and sessions a step of that key runs as, in order (one,
   * or the parts of step/parts.ts): built on first use, the graphs stepGraphs
   * writes and the run's identity hashes.
   */
  parts(setup: TrainingSetup, key: StepKey): readonly Compiled[] {
    const name = stepKeyName(key);
    let parts = this.compiled.get(name);
    if (!parts) {
      parts = onnxStepParts(setup.experiment, key).map((program, index) => {
        const model = emitOnnx(program);
        // Only the first part runs on this thread; a later one may run on the prefetch worker.
        const cut = index === 0 ? this.cutOf(program) : null;
        const fused = cut && this.options.native ? new FusedStep(this.ort, this.options.native, cut) : null;
        return { program, session: this.ort.session(model), model, fused };
      });
      this.compiled.set(name, parts);
    }
    return parts;
  }

  step(setup: TrainingSetup, state: TrainingState, batch: BatchView, request: StepRequest): StepResult {
    // Built once per step key; not part of the step's time.
    const [first, ...later] = this.parts(setup, stepKeyOf(request, setup.computeLosses));
    const ahead = this.ahead;
    const started = performance.now();
    const place = stepPlace(batch, request);
    // Prefetching's own share of the split (the wait for the worker, posting the next step): not bookkeeping.
    const aside = () => (ahead ? ahead.timing.waitMs + ahead.timing.postMs : 0);
    const asideBefore = aside();
    const ready = ahead?.take(request, place) ?? null;
    const data = stepData(setup, request, this.pool!, { ...place, ...ready?.kept });
    // A second part goes to the worker, which kept its rows and noise, before the next steps are asked for.
    const onWorker = later.length === 1 ? later[0] : null;
    const ticket =
      ahead && ready && onWorker
        ? ahead.runGraph(
            ready,
            stepKeyName(onWorker.program.key),
            () => onWorker.model,
            this.workerFeeds(onWorker.program, state, data),
          )
        : null;
    ahead?.askAhead(setup, state, batch, request);
    const waited = aside() - asideBefore;
    const fed = { noise: 0, gather: 0 };
    const prepared = ready?.inputs ?? null;
    const feeds = this.feeds(first.program, state, data, prepared, fed);
    let graphMs = 0;
    const run = (part: Compiled, partFeeds: Record<string, OrtTensor>): Outputs => {
      const before = performance.now();
      const into = this.outputs.into(part.program.outputs, (output) => held(state, output));
      const outputs = part.fused ? part.fused.run(partFeeds, into) : part.session.run(partFeeds, into);
      graphMs += performance.now() - before;
      return outputs;
    };
    const results: { program: StepProgram; outputs: Outputs }[] = [];
    let fromWorker: GraphOutputs | null = null;
    try {
      results.push({ program: first.program, outputs: run(first, feeds) });
    } finally {
      // Always collected: a worker must not be ended inside its graph run.
      if (ticket !== null) {
        const before = performance.now();
        fromWorker = ahead!.graphResult(ticket);
        graphMs += performance.now() - before;
      }
    }
    later.forEach((part, index) => {
      const outputs =
        index === 0 && fromWorker
          ? fromWorker
          : run(part, this.feeds(part.program, state, data, prepared, fed));
      results.push({ program: part.program, outputs });
    });
    const done = performance.now();
    ahead?.release();
    const losses = apply(results, state, request);
    state.stepsTaken++;
    const { timing } = this;
    timing.steps++;
    timing.graphMs += graphMs;
    timing.noiseMs += fed.noise;
    timing.gatherMs += fed.gather;
    timing.bookkeepingMs +=
      done - started - waited - fed.noise - fed.gather - graphMs + (performance.now() - done);
    if (!setup.computeLosses) return { supervisedLoss: null, reconstructionLoss: null };
    return losses;
  }

  /** A part's feeds for the worker: its rows and noise are the copies the worker kept (null data); the rest, copied. */
  private workerFeeds(program: StepProgram, state: TrainingState, data: StepData): Record<string, GraphFeed> {
    const feeds: Record<string, GraphFeed> = {};
    for (const input of program.inputs) {
      const dims = inputDims(input, data);
      feeds[input.name] = isFillKind(input.role.kind)
        ? { data: null, dims, kept: preparedName(input) }
        : { data: this.values(input, state, data, null).slice(), dims };
    }
    return feeds;
  }

  /** Feeds of a step part: parameters from the state, rows and noise as prepared or drawn here. */
  private feeds(
    program: StepProgram,
    state: TrainingState,
    data: StepData,
    prepared: ReadonlyMap<string, Float32Array> | null,
    fed: { noise: number; gather: number },
  ): Record<string, OrtTensor> {
    const feeds: Record<string, OrtTensor> = {};
    for (const input of program.inputs) {
      const dims = inputDims(input, data);
      const role = input.role;
      // Only rows, noise and targets are timed: the split's noise and gather (parameters are a reference).
      const timed = isFillKind(role.kind) || role.kind === 'targets';
      const before = timed ? performance.now() : 0;
      const values = this.values(input, state, data, prepared);
      feeds[input.name] =
        values instanceof Int32Array ? this.ort.int32(values, dims) : this.ort.float32(values, dims);
      if (timed) fed[isNoise(input) ? 'noise' : 'gather'] += performance.now() - before;
    }
    return feeds;
  }

  /** An input's values for one step (valid until the next step: scratch arrays, the state's arrays). */
  private values(
    input: ProgramInput,
    state: TrainingState,
    data: StepData,
    prepared: ReadonlyMap<string, Float32Array> | null,
  ): Float32Array | Int32Array {
    const role = input.role;
    if (role.kind === 'param') return param(state.params, role.param);
    if (role.kind === 'velocity') {
      const velocity = state.velocity.get(role.param);
      return velocity
        ? (velocity.dataSync() as Float32Array)
        : this.zerosFor(role.param, inputDims(input, data));
    }
    if (role.kind === 'columns') return columnsInput(input, data);
    return prepared?.get(preparedName(input)) ?? inputValues(input, data, 'onnx');
  }

  private zerosFor(name: string, dims: readonly number[]): Float32Array {
    let zeros = this.zeros.get(name);
    if (!zeros) {
      zeros = new Float32Array(dims.reduce((a, b) => a * b, 1));
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
    const [{ program, session }] = this.parts(this.setup, { kind: 'evaluation', daes: [], losses: false });
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
    const cuts =
      setup.computeLosses &&
      compiledStepKeys(setup.experiment).some(
        (key) => this.cutOf(onnxStepParts(setup.experiment, { ...key, losses: true })[0]) !== null,
      );
    this.note = cuts ? 'the loss in native code' : undefined;
    // Where the pool's pixels are non-zero, found once before training: the
    // columns each step keeps (step/input-columns.ts), and the entries the
    // input layer's masks and kept rows visit (unless most are non-zero).
    const { dim } = setup.data.train;
    const index = nonZeros(setup.poolPixels, dim);
    const sparse = index.columns.length * 2 < setup.poolPixels.length ? index : null;
    this.pool = poolSource(setup, sparse, rowBits(setup.poolPixels, dim));
  }

  private setup: TrainingSetup | null = null;

  /** Starts the prefetch worker when asked for, before the first batch (a run that never trains starts none). */
  async start(): Promise<void> {
    const setup = this.setup;
    if (this.ahead || !this.options.prefetch || !setup) return;
    const keyOf = (request: StepRequest) => stepKeyOf(request, setup.computeLosses);
    this.ahead = StepAhead.start(this.pool!, keyOf, (key) =>
      this.parts(setup, key).map((part) => part.program),
    );
    if (!this.ahead) return;
    this.timing.prefetch = this.ahead.timing;
    await this.ahead.started;
  }

  dispose(): void {
    this.ahead?.stop();
    for (const parts of this.compiled.values())
      for (const { session, fused } of parts) {
        session.dispose();
        fused?.dispose();
      }
    this.compiled.clear();
  }
}

/**
 * Takes a step's updated parameters and velocities from its parts' outputs
 * into the state, once every part's check vector is finite (else nothing is
 * applied); J_s and J_r are the sums of the parts' (each part has its DAEs' J_r).
 */
function apply(
  results: readonly { readonly program: StepProgram; readonly outputs: Outputs }[],
  state: TrainingState,
  request: StepRequest,
): { supervisedLoss: number; reconstructionLoss: number } {
  for (const { program, outputs } of results) {
    const what = divergence(program, outputs.check.data as Float32Array);
    if (what) throw new TrainingDivergedError(request.position, what, state.lastCheckpoint);
  }
  let supervisedLoss = 0;
  let reconstructionLoss = 0;
  for (const { program, outputs } of results) {
    const check = outputs.check.data as Float32Array;
    supervisedLoss += check[0];
    reconstructionLoss += check[1];
    for (const output of program.outputs) {
      const role = output.role;
      if (role.kind !== 'param' && role.kind !== 'velocity') continue;
      const target = role.kind === 'param' ? state.params : state.velocity;
      const { data: values, dims } = outputs[output.name];
      target.get(role.param)?.dispose();
      target.set(role.param, tf.tensor(values as Float32Array, dims as number[]));
    }
  }
  return { supervisedLoss, reconstructionLoss };
}

/** The array the state holds for a parameter or velocity output (null for another output, or none yet). */
function held(state: TrainingState, output: ProgramOutput): Float32Array | null {
  const role = output.role;
  if (role.kind !== 'param' && role.kind !== 'velocity') return null;
  const tensor = (role.kind === 'param' ? state.params : state.velocity).get(role.param);
  return tensor ? (tensor.dataSync() as Float32Array) : null;
}

function param(values: ParamValues, name: string): Float32Array {
  const tensor = values.get(name);
  if (!tensor) throw new Error(`internal: no parameter ${name}`);
  return tensor.dataSync() as Float32Array;
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

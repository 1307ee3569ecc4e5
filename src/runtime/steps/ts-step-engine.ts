// The TensorFlow.js backends' step engine for generated trainers: a step whose
// kind the trainer compiled (program.steps) runs that TypeScript on the
// kernel layer — the code a researcher reads in generated/ is the code that
// runs, and an edit to it changes the run. Steps it does not hold (a DAE
// whose weight is 0 this epoch) fall back to the runtime's hand-written
// gradients, the same math. With prefetch, a worker thread draws the next
// step's noise and gathers its rows while this step runs (step-lookahead.ts),
// as on the onnx backend.
import * as tf from '@tensorflow/tfjs-core';
import { lowerStep } from '../../step/lower.js';
import type { StepKey, StepProgram } from '../../step/program.js';
import { stepKeyName } from '../../step/program.js';
import { nonZeros } from '../data/columns.js';
import type { ImageSet } from '../data/dataset.js';
import { TrainingDivergedError } from '../errors.js';
import { type StepFunction, tfjsKernels } from '../kernels/step-kernels.js';
import { EvaluationSet } from '../train/evaluate.js';
import type { TrainingSetup, TrainingState } from '../train/state.js';
import type { BatchView, Scorer, StepEngine, StepRequest, StepTiming } from '../train/step-engine.js';
import type { StepResult } from '../train/take-step.js';
import type { PoolSource } from './step-fill.js';
import {
  divergence,
  inputDims,
  inputValues,
  isNoise,
  masksInput,
  poolSource,
  preparedName,
  stepData,
  stepKeyOf,
  stepPlace,
} from './step-inputs.js';
import { StepAhead } from './step-lookahead.js';

export class TsStepEngine implements StepEngine {
  private readonly programs = new Map<string, StepProgram>();
  private pool: PoolSource | null = null;
  readonly timing: StepTiming = { steps: 0, graphMs: 0, noiseMs: 0, gatherMs: 0, bookkeepingMs: 0 };

  /** The prefetch worker, once start() started it. */
  private ahead: StepAhead | null = null;
  private setup: TrainingSetup | null = null;

  /** `prefetch`: draw each next step's inputs on a worker thread while the current step runs. */
  constructor(
    private readonly steps: Readonly<Record<string, StepFunction>>,
    private readonly options: { readonly prefetch: boolean } = { prefetch: false },
  ) {}

  attach(setup: TrainingSetup): void {
    this.setup = setup;
    const sparse = masksInput(setup) ? nonZeros(setup.poolPixels, setup.data.train.dim) : null;
    this.pool = poolSource(setup, sparse);
  }

  /** The step program of a key (built on first use). */
  private program(setup: TrainingSetup, key: StepKey): StepProgram {
    const name = stepKeyName(key);
    let program = this.programs.get(name);
    if (!program) {
      program = lowerStep(setup.experiment, key);
      this.programs.set(name, program);
    }
    return program;
  }

  /** Starts the prefetch worker when asked for, before the first batch. */
  async start(): Promise<void> {
    const setup = this.setup;
    if (this.ahead || !this.options.prefetch || !setup) return;
    // Only the steps this engine takes (those the trainer compiled) are worth preparing.
    const keyOf = (request: StepRequest) => stepKeyOf(request, true);
    this.ahead = StepAhead.start(
      this.pool!,
      keyOf,
      (key) => [this.program(setup, key)],
      (key) => Boolean(this.steps[stepKeyName(key)]),
    );
    if (!this.ahead) return;
    this.timing.prefetch = this.ahead.timing;
    await this.ahead.started;
  }

  step(
    setup: TrainingSetup,
    state: TrainingState,
    batch: BatchView,
    request: StepRequest,
  ): StepResult | null {
    // The compiled steps compute the losses; they are dropped when not wanted.
    const key = stepKeyOf(request, true);
    const name = stepKeyName(key);
    const fn = this.steps[name];
    if (!fn) return null;
    const program = this.program(setup, key);
    const ahead = this.ahead;
    const started = performance.now();
    const place = stepPlace(batch, request);
    // Prefetching's own share of the split (the wait for the worker, posting the next step): not bookkeeping.
    const aside = () => (ahead ? ahead.timing.waitMs + ahead.timing.postMs : 0);
    const asideBefore = aside();
    const ready = ahead?.inputs(setup, state, batch, request, place);
    const waited = aside() - asideBefore;
    const prepared = ready?.inputs ?? null;
    const data = stepData(setup, request, this.pool!, { ...place, ...ready?.kept });
    const created: tf.Tensor[] = [];
    const inputs: Record<string, tf.Tensor> = {};
    const fed = { noise: 0, gather: 0 };
    for (const input of program.inputs) {
      const role = input.role;
      const dims = inputDims(input, data);
      if (role.kind === 'param') {
        inputs[input.name] = state.params.get(role.param)!;
        continue;
      }
      if (role.kind === 'velocity') {
        const velocity = state.velocity.get(role.param);
        inputs[input.name] = velocity ?? created[created.push(tf.zeros(dims)) - 1];
        continue;
      }
      const before = performance.now();
      // The values sit in reused scratch arrays, or in the worker's buffer until release():
      // the cpu backend would keep a reference, so it gets a copy.
      const values = prepared?.get(preparedName(input)) ?? inputValues(input, data, 'ts');
      const tensor = tf.tensor(tf.getBackend() === 'wasm' ? values : values.slice(), dims);
      created.push(tensor);
      inputs[input.name] = tensor;
      if (role.kind !== 'factor') fed[isNoise(input) ? 'noise' : 'gather'] += performance.now() - before;
    }
    const ran = performance.now();
    const outputs = tf.tidy(() => fn(tfjsKernels, inputs));
    for (const tensor of created) tensor.dispose();
    const check = outputs.check.dataSync();
    const done = performance.now();
    // The step has read its inputs: the worker may fill their buffer again.
    ahead?.release();
    const what = divergence(program, check);
    if (what) {
      for (const tensor of Object.values(outputs)) tensor.dispose();
      throw new TrainingDivergedError(request.position, what, state.lastCheckpoint);
    }
    for (const output of program.outputs) {
      const role = output.role;
      const tensor = outputs[output.name];
      if (role.kind !== 'param' && role.kind !== 'velocity') {
        tensor.dispose();
        continue;
      }
      const target = role.kind === 'param' ? state.params : state.velocity;
      target.get(role.param)?.dispose();
      target.set(role.param, tensor);
    }
    state.stepsTaken++;
    const { timing } = this;
    timing.steps++;
    timing.graphMs += done - ran;
    timing.noiseMs += fed.noise;
    timing.gatherMs += fed.gather;
    timing.bookkeepingMs += ran - started - waited - fed.noise - fed.gather + (performance.now() - done);
    if (!setup.computeLosses) return { supervisedLoss: null, reconstructionLoss: null };
    return { supervisedLoss: check[0], reconstructionLoss: check[1] };
  }

  scorer(set: ImageSet, examples: ArrayLike<number>): Scorer {
    return new EvaluationSet(set, examples);
  }

  dispose(): void {
    this.ahead?.stop();
    this.programs.clear();
  }
}

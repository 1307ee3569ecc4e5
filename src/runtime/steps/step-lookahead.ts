// Prefetching for a step engine: before the current step's graph runs, ask
// the prefetch worker for the rows, noise and kept columns of the next three
// steps (in Algorithm 1, the batch's supervised step and the next batch's two
// steps, so the worker has more than a batch's time for the larger one). The
// steps ahead are planned from the schedules (planBatch: the rest of this
// batch, then the batches the loop trains next), never from the parameters,
// so they are known ahead. A prepared step is used only by the request it was
// planned for (same place, step key and rows); any other request draws its
// inputs inline, with the same code and so the same bits. A step that runs in
// parts (step/parts.ts) has the inputs of all its parts prepared: those only
// a later part uses stay on the worker, which runs that part (runGraph).

import { type StepKey, type StepProgram, stepKeyName } from '../../step/program.js';
import type { Rows } from '../program.js';
import { planBatch, rowsOf } from '../train/batch-steps.js';
import type { TrainingSetup, TrainingState } from '../train/state.js';
import type { BatchInfo, BatchView, PrefetchTiming, StepRequest } from '../train/step-engine.js';
import {
  type GraphFeed,
  type GraphOutputs,
  Prefetcher,
  type PrefetchInput,
  type PrefetchJob,
  type Prepared,
} from './prefetch.js';
import { isFillKind, type PoolSource, type StepPlace } from './step-fill.js';
import { keepsColumns, preparedName, stepPlace } from './step-inputs.js';

/** How many batches ahead the next steps to prepare are looked for. */
const LOOK_AHEAD_BATCHES = 3;
/**
 * How many steps are asked for ahead. Every step that gathers rows is worth
 * it: 60 labeled rows gathered inline took 0.27 ms a batch on W1 (their
 * pixels are out of cache after a graph run), more than a job costs. Three
 * rather than two: when the worker also runs the second part of each step
 * (W4), it is busy most of a batch, and a step more in its queue keeps it
 * ahead (the main thread's wait for its inputs fell from 55–101 to 38–57 ms
 * a 6-epoch W4 run; docs/benchmarks.md).
 */
const AHEAD = 3;

export class StepAhead {
  /** Plans of the current batch and the next few, by `epoch/batch`. */
  private readonly plans = new Map<string, StepRequest[]>();
  /** The inputs each step key has prepared, by its name (inputsOf). */
  private readonly inputsByKey = new Map<string, readonly PrefetchInput[]>();

  private constructor(
    private readonly prefetcher: Prefetcher,
    private readonly keyOf: (request: StepRequest) => StepKey,
    private readonly partsOf: (key: StepKey) => readonly StepProgram[],
    private readonly takes: (key: StepKey) => boolean,
  ) {}

  /**
   * Null when the worker cannot start. `takes`: whether the engine takes a
   * step of that key itself (a step it leaves to the hand-written gradients
   * draws its own inputs, and is not prepared). `partsOf`: the step programs
   * a step of that key runs as, in order.
   */
  static start(
    pool: PoolSource,
    keyOf: (request: StepRequest) => StepKey,
    partsOf: (key: StepKey) => readonly StepProgram[],
    takes: (key: StepKey) => boolean = () => true,
  ): StepAhead | null {
    const prefetcher = Prefetcher.start(pool);
    return prefetcher && new StepAhead(prefetcher, keyOf, partsOf, takes);
  }

  /** Settles once the worker is up (or will not be). */
  get started(): Promise<void> {
    return this.prefetcher.started;
  }

  get timing(): PrefetchTiming {
    return this.prefetcher.timing;
  }

  /**
   * The current step's inputs as the worker prepared them, by input name, and
   * the kept columns it found (null: not prepared, draw them inline). Valid
   * until release().
   */
  take(request: StepRequest, place: StepPlace): Prepared | null {
    return this.prefetcher.take(tag(place, request, this.keyOf(request)));
  }

  /** take(), then askAhead(): for a step that runs as one program. */
  inputs(
    setup: TrainingSetup,
    state: TrainingState,
    batch: BatchView,
    request: StepRequest,
    place: StepPlace,
  ): Prepared | null {
    const prepared = this.take(request, place);
    this.askAhead(setup, state, batch, request);
    return prepared;
  }

  /** Has the worker run a later part of the current step (see Prefetcher.runGraph); null: run it here. */
  runGraph(
    prepared: Prepared,
    name: string,
    model: () => Uint8Array,
    feeds: Readonly<Record<string, GraphFeed>>,
  ): number | null {
    const started = performance.now();
    const ticket = this.prefetcher.runGraph(prepared, name, model, feeds);
    this.prefetcher.timing.postMs += performance.now() - started;
    return ticket;
  }

  graphResult(ticket: number): GraphOutputs | null {
    return this.prefetcher.graphResult(ticket);
  }

  /** Asks for the steps after `request` that are not asked for already. */
  askAhead(setup: TrainingSetup, state: TrainingState, batch: BatchView, request: StepRequest): void {
    const started = performance.now();
    let ahead = 0;
    for (const next of this.upcoming(setup, state, batch, request)) {
      const key = this.keyOf(next.request);
      if (!this.takes(key)) continue;
      const rowsFor = (rows: Rows) => rowsOf(setup, next.batch.rows, rows);
      const planned = stepPlace({ epoch: next.batch.epoch, index: next.batch.index, rowsFor }, next.request);
      const name = tag(planned, next.request, key);
      // Asked for already (at the step before): its job need not be built again.
      if (!this.prefetcher.pending(name)) {
        const job = this.job(key, planned, name);
        if (job.inputs.length === 0) continue;
        this.prefetcher.post(job);
      }
      if (++ahead >= AHEAD) break;
    }
    this.prefetcher.timing.postMs += performance.now() - started;
  }

  /** The current step has run. */
  release(): void {
    this.prefetcher.release();
  }

  stop(): void {
    this.prefetcher.stop();
  }

  private job(key: StepKey, planned: StepPlace, name: string): PrefetchJob {
    // Copies: a subarray would send the whole epoch's order to the worker.
    const place = {
      ...planned,
      rows: planned.rows?.slice() ?? null,
      labeled: planned.labeled?.slice() ?? null,
    };
    return { tag: name, place, inputs: this.inputsOf(key) };
  }

  /** The inputs a step of that key has prepared, worked out once per key (a job per step asks for them). */
  private inputsOf(key: StepKey): readonly PrefetchInput[] {
    const keyName = stepKeyName(key);
    const known = this.inputsByKey.get(keyName);
    if (known) return known;
    const inputs: PrefetchInput[] = [];
    this.partsOf(key).forEach((part, index) => {
      for (const input of part.inputs) {
        const role = input.role;
        if (!isFillKind(role.kind)) continue;
        // An input of a later part stays on the worker, which runs that part.
        const user = index === 0 ? 'main' : 'worker';
        const name = preparedName(input);
        const known = inputs.findIndex((other) => other.name === name);
        if (known >= 0) {
          if (inputs[known].user !== user) inputs[known] = { ...inputs[known], user: 'both' };
          continue;
        }
        const dae = 'slot' in role ? role.slot : -1;
        const kept = keepsColumns(input);
        inputs.push({ name, kind: role.kind, dae, shape: input.shape, kept, user });
      }
    });
    this.inputsByKey.set(keyName, inputs);
    return inputs;
  }

  /** The steps after `request`, as planned: the rest of this batch, then those of the next few batches. */
  private *upcoming(
    setup: TrainingSetup,
    state: TrainingState,
    batch: BatchView,
    request: StepRequest,
  ): Generator<{ readonly batch: BatchInfo; readonly request: StepRequest }> {
    const current = { epoch: batch.epoch, index: batch.index, rows: batch.rowsFor('batch') };
    for (const later of this.plan(setup, state, current)) {
      if (later.stepIndex > request.stepIndex) yield { batch: current, request: later };
    }
    // A batch may take no step (no labeled rows, every weight 0 or skipped): look a little further.
    let following = batch.batchAfter(current);
    for (let looked = 0; following && looked < LOOK_AHEAD_BATCHES; looked++) {
      for (const step of this.plan(setup, state, following)) yield { batch: following, request: step };
      following = batch.batchAfter(following);
    }
  }

  private plan(setup: TrainingSetup, state: TrainingState, batch: BatchInfo): StepRequest[] {
    const name = `${batch.epoch}/${batch.index}`;
    let plan = this.plans.get(name);
    if (!plan) {
      plan = planBatch(setup, state, batch);
      this.plans.set(name, plan);
      // Only the current batch and those just after it are asked for again.
      if (this.plans.size > LOOK_AHEAD_BATCHES + 2) this.plans.delete(this.plans.keys().next().value!);
    }
    return plan;
  }
}

/** Names a step: its place, step key and rows (what its prepared inputs depend on). */
function tag(place: StepPlace, request: StepRequest, key: StepKey): string {
  const rows = request.reconstruction?.rows ?? '-';
  return `${place.epoch}/${place.batch}/${place.stepIndex}/${stepKeyName(key)}/${rows}/${place.rows?.length ?? -1}/${place.labeled?.length ?? -1}`;
}

// Prefetching for a step engine: before the current step's graph runs, ask
// the prefetch worker for the next step's rows and noise. The next step is
// planned from the schedules (planBatch: the rest of this batch, else the
// first step of the batch the loop trains next), never from the parameters,
// so it is known ahead. A prepared step is used only by the request it was
// planned for (same place, step key and rows); any other request draws its
// inputs inline, with the same code and so the same bits.

import { type StepKey, type StepProgram, stepKeyName } from '../../step/program.js';
import type { Rows } from '../program.js';
import { planBatch, rowsOf } from '../train/batch-steps.js';
import type { TrainingSetup, TrainingState } from '../train/state.js';
import type { BatchInfo, BatchView, PrefetchTiming, StepRequest } from '../train/step-engine.js';
import { Prefetcher, type PrefetchInput } from './prefetch.js';
import { isFillKind, type PoolSource, type StepPlace } from './step-fill.js';
import { inputDims, stepPlace } from './step-inputs.js';

/** How many batches without a step the planner looks past for the next step. */
const LOOK_AHEAD_BATCHES = 16;

export class StepAhead {
  /** Plans of the current batch and the next few, by `epoch/batch`. */
  private readonly plans = new Map<string, StepRequest[]>();

  private constructor(
    private readonly prefetcher: Prefetcher,
    private readonly keyOf: (request: StepRequest) => StepKey,
    private readonly programOf: (key: StepKey) => StepProgram,
  ) {}

  /** Null when the worker cannot start. */
  static start(
    pool: PoolSource,
    keyOf: (request: StepRequest) => StepKey,
    programOf: (key: StepKey) => StepProgram,
  ): StepAhead | null {
    const prefetcher = Prefetcher.start(pool);
    return prefetcher && new StepAhead(prefetcher, keyOf, programOf);
  }

  /** Settles once the worker is up (or will not be). */
  get started(): Promise<void> {
    return this.prefetcher.started;
  }

  get timing(): PrefetchTiming {
    return this.prefetcher.timing;
  }

  /**
   * The current step's inputs as the worker prepared them, by input name
   * (null: not prepared, draw them inline); then asks for the next step's.
   * Valid until release().
   */
  inputs(
    setup: TrainingSetup,
    state: TrainingState,
    batch: BatchView,
    request: StepRequest,
    place: StepPlace,
  ): ReadonlyMap<string, Float32Array> | null {
    const prepared = this.prefetcher.take(tag(place, request, this.keyOf(request)));
    const started = performance.now();
    const next = this.next(setup, state, batch, request);
    if (next) this.post(setup, next.batch, next.request);
    this.prefetcher.timing.postMs += performance.now() - started;
    return prepared;
  }

  /** The current step has run. */
  release(): void {
    this.prefetcher.release();
  }

  stop(): void {
    this.prefetcher.stop();
  }

  private post(setup: TrainingSetup, batch: BatchInfo, request: StepRequest): void {
    const key = this.keyOf(request);
    const rowsFor = (rows: Rows) => rowsOf(setup, batch.rows, rows);
    const planned = stepPlace({ epoch: batch.epoch, index: batch.index, rowsFor }, request);
    // Copies: a subarray would send the whole epoch's order to the worker.
    const place = {
      ...planned,
      rows: planned.rows?.slice() ?? null,
      labeled: planned.labeled?.slice() ?? null,
    };
    const inputs: PrefetchInput[] = [];
    for (const input of this.programOf(key).inputs) {
      const role = input.role;
      if (!isFillKind(role.kind)) continue;
      const size = inputDims(input, place).reduce((a, b) => a * b, 1);
      inputs.push({ name: input.name, kind: role.kind, dae: 'slot' in role ? role.slot : -1, size });
    }
    if (inputs.length > 0) this.prefetcher.post({ tag: tag(place, request, key), place, inputs });
  }

  /** The step after `request`: later in this batch, else the first of the next batch that takes one. */
  private next(
    setup: TrainingSetup,
    state: TrainingState,
    batch: BatchView,
    request: StepRequest,
  ): { readonly batch: BatchInfo; readonly request: StepRequest } | null {
    const current = { epoch: batch.epoch, index: batch.index, rows: batch.rowsFor('batch') };
    const later = this.plan(setup, state, current).find((step) => step.stepIndex > request.stepIndex);
    if (later) return { batch: current, request: later };
    // The next batch that takes a step (one may take none: no labeled rows, every weight 0 or skipped).
    let following = batch.batchAfter(current);
    for (let looked = 0; following && looked < LOOK_AHEAD_BATCHES; looked++) {
      const first = this.plan(setup, state, following)[0];
      if (first) return { batch: following, request: first };
      following = batch.batchAfter(following);
    }
    return null;
  }

  private plan(setup: TrainingSetup, state: TrainingState, batch: BatchInfo): StepRequest[] {
    const name = `${batch.epoch}/${batch.index}`;
    let plan = this.plans.get(name);
    if (!plan) {
      plan = planBatch(setup, state, batch);
      this.plans.set(name, plan);
      // Only the current batch and those just after it are asked for again.
      if (this.plans.size > 4) this.plans.delete(this.plans.keys().next().value!);
    }
    return plan;
  }
}

/** Names a step: its place, step key and rows (what its prepared inputs depend on). */
function tag(place: StepPlace, request: StepRequest, key: StepKey): string {
  const rows = request.reconstruction?.rows ?? '-';
  return `${place.epoch}/${place.batch}/${place.stepIndex}/${stepKeyName(key)}/${rows}/${place.rows?.length ?? -1}/${place.labeled?.length ?? -1}`;
}

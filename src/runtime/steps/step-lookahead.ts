// Prefetching for a step engine: before the current step's graph runs, ask
// the prefetch worker for the rows and noise of the next step worth it (one
// that draws noise or gathers many rows; usually the next batch's
// reconstruction step, so the worker has a whole batch's time). The steps
// ahead are planned from the schedules (planBatch: the rest of this batch,
// then the batches the loop trains next), never from the parameters, so they
// are known ahead. A prepared step is used only by the request it was
// planned for (same place, step key and rows); any other request draws its
// inputs inline, with the same code and so the same bits.

import { type StepKey, type StepProgram, stepKeyName } from '../../step/program.js';
import type { Rows } from '../program.js';
import { planBatch, rowsOf } from '../train/batch-steps.js';
import type { TrainingSetup, TrainingState } from '../train/state.js';
import type { BatchInfo, BatchView, PrefetchTiming, StepRequest } from '../train/step-engine.js';
import { Prefetcher, type PrefetchInput, type PrefetchJob } from './prefetch.js';
import { isFillKind, isNoiseKind, type PoolSource, type StepPlace } from './step-fill.js';
import { inputDims, keepsColumns, stepPlace, withColumns } from './step-inputs.js';

/** How many batches ahead the next step worth preparing is looked for. */
const LOOK_AHEAD_BATCHES = 3;
/**
 * A step is prepared ahead when it draws noise, or gathers at least this many
 * floats (256 KB): a few labeled rows gather inline in microseconds, less
 * than it costs to wake the worker for them.
 */
const WORTH_FLOATS = 65_536;

/** How many asked-for steps' kept columns are held (one or two are pending at a time). */
const KEPT_ASIDE = 4;

type KeptColumns = Pick<StepPlace, 'columns' | 'labeledColumns'>;

/** What a step takes from the worker: its prepared inputs and its kept columns (each null when absent). */
export interface PreparedStep {
  readonly inputs: ReadonlyMap<string, Float32Array> | null;
  readonly kept: KeptColumns | null;
}

/** Whether a step's inputs are worth a job for the worker. */
function worthPreparing(job: PrefetchJob): boolean {
  const floats = job.inputs.reduce((sum, input) => sum + input.size, 0);
  return job.inputs.some((input) => isNoiseKind(input.kind)) || floats >= WORTH_FLOATS;
}

export class StepAhead {
  /** Plans of the current batch and the next few, by `epoch/batch`. */
  private readonly plans = new Map<string, StepRequest[]>();
  /** The kept columns of the steps asked for, by tag: the step takes them rather than find them again. */
  private readonly kept = new Map<string, KeptColumns>();

  private constructor(
    private readonly prefetcher: Prefetcher,
    private readonly pool: PoolSource,
    private readonly keyOf: (request: StepRequest) => StepKey,
    private readonly programOf: (key: StepKey) => StepProgram,
    private readonly takes: (key: StepKey) => boolean,
  ) {}

  /**
   * Null when the worker cannot start. `takes`: whether the engine takes a
   * step of that key itself (a step it leaves to the hand-written gradients
   * draws its own inputs, and is not prepared).
   */
  static start(
    pool: PoolSource,
    keyOf: (request: StepRequest) => StepKey,
    programOf: (key: StepKey) => StepProgram,
    takes: (key: StepKey) => boolean = () => true,
  ): StepAhead | null {
    const prefetcher = Prefetcher.start(pool);
    return prefetcher && new StepAhead(prefetcher, pool, keyOf, programOf, takes);
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
   * (null: not prepared, draw them inline), and the kept columns found when
   * the step was asked for (null: find them); then asks for the next step
   * worth preparing, unless it is asked for already. Valid until release().
   */
  inputs(
    setup: TrainingSetup,
    state: TrainingState,
    batch: BatchView,
    request: StepRequest,
    place: StepPlace,
  ): PreparedStep {
    const current = tag(place, request, this.keyOf(request));
    const prepared = { inputs: this.prefetcher.take(current), kept: this.kept.get(current) ?? null };
    this.kept.delete(current);
    const started = performance.now();
    for (const next of this.upcoming(setup, state, batch, request)) {
      const key = this.keyOf(next.request);
      if (!this.takes(key)) continue;
      const rowsFor = (rows: Rows) => rowsOf(setup, next.batch.rows, rows);
      const planned = stepPlace({ epoch: next.batch.epoch, index: next.batch.index, rowsFor }, next.request);
      const name = tag(planned, next.request, key);
      // Asked for already, so worth preparing: its job (and kept columns) need not be built again.
      if (this.prefetcher.pending(name)) break;
      const job = this.job(key, planned, name);
      if (!worthPreparing(job)) continue;
      this.prefetcher.post(job);
      this.kept.set(name, { columns: job.place.columns, labeledColumns: job.place.labeledColumns });
      // Steps asked for and never taken (the plan missed them) leave their columns behind: keep a few.
      if (this.kept.size > KEPT_ASIDE) this.kept.delete(this.kept.keys().next().value!);
      break;
    }
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

  private job(key: StepKey, planned: StepPlace, name: string): PrefetchJob {
    // Copies: a subarray would send the whole epoch's order to the worker.
    const place = withColumns(
      { ...planned, rows: planned.rows?.slice() ?? null, labeled: planned.labeled?.slice() ?? null },
      this.pool,
    );
    const inputs: PrefetchInput[] = [];
    for (const input of this.programOf(key).inputs) {
      const role = input.role;
      if (!isFillKind(role.kind)) continue;
      const size = inputDims(input, place).reduce((a, b) => a * b, 1);
      const dae = 'slot' in role ? role.slot : -1;
      inputs.push({ name: input.name, kind: role.kind, dae, size, kept: keepsColumns(input) });
    }
    return { tag: name, place, inputs };
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

// Runs a planned sweep through an executor, with the store as the single
// source of truth: each run is claimed before it starts (so two sweeps on one
// store never train a shared run twice), recorded when it ends, and skipped
// when it is already finished — which is what makes a second `mtl sweep` resume.
import type { BackendName } from '../runtime/backend.js';
import type { RunExecutor } from './executor.js';
import type { PlannedRun, SweepPlan } from './plan-types.js';
import { payloadOf, type RunRecord } from './run-payload.js';
import { newOwner, type Owner, type ResultStore } from './store/result-store.js';

export type SweepEvent =
  | { readonly kind: 'plan'; readonly total: number; readonly samples: number }
  | { readonly kind: 'skip'; readonly run: PlannedRun; readonly status: 'done' | 'failed' }
  | { readonly kind: 'start'; readonly run: PlannedRun }
  | { readonly kind: 'wait'; readonly run: PlannedRun }
  | { readonly kind: 'epoch'; readonly run: PlannedRun; readonly epoch: number; readonly epochs: number }
  | { readonly kind: 'end'; readonly run: PlannedRun; readonly record: RunRecord }
  | { readonly kind: 'elsewhere'; readonly run: PlannedRun; readonly status: 'done' | 'failed' };

export interface SweepRunOptions {
  readonly store: ResultStore;
  readonly executor: RunExecutor;
  readonly backend?: BackendName;
  readonly owner?: Owner;
  /** Train again runs recorded as failed. */
  readonly retryFailed?: boolean;
  /** Stops the sweep: running runs checkpoint and are recorded `interrupted`. */
  readonly signal?: AbortSignal;
  /** How often to look at runs another process is training (ms). */
  readonly pollMs?: number;
  readonly onEvent?: (event: SweepEvent) => void;
}

export interface SweepOutcome {
  readonly status: 'completed' | 'interrupted';
  /** Runs trained to the end by this call. */
  readonly done: number;
  readonly failed: number;
  readonly interrupted: number;
  /** Runs found finished (by an earlier call or another process). */
  readonly alreadyDone: number;
  readonly alreadyFailed: number;
}

const HEARTBEAT_MS = 15_000;

export async function runSweep(plan: SweepPlan, options: SweepRunOptions): Promise<SweepOutcome> {
  const { store, executor, signal } = options;
  const owner = options.owner ?? newOwner();
  const emit = options.onEvent ?? (() => {});
  const pollMs = options.pollMs ?? 2000;
  store.registerPlan(plan);
  emit({ kind: 'plan', total: plan.runs.length, samples: plan.runs.reduce((n, r) => n + r.samples, 0) });

  const counts = { done: 0, failed: 0, interrupted: 0, alreadyDone: 0, alreadyFailed: 0 };
  const queue = [...plan.runs];
  let waiting: PlannedRun[] = [];
  const inflight = new Map<string, Promise<void>>();
  let stopping = signal?.aborted === true;
  let wake = () => {};
  const onAbort = () => {
    stopping = true;
    executor.stop();
    wake();
  };
  signal?.addEventListener('abort', onAbort);

  const start = (run: PlannedRun) => {
    emit({ kind: 'start', run });
    let lastBeat = Date.now();
    const onEpoch = ({ epoch, epochs }: { epoch: number; epochs: number }) => {
      emit({ kind: 'epoch', run, epoch, epochs });
      if (Date.now() - lastBeat > HEARTBEAT_MS) {
        lastBeat = Date.now();
        store.heartbeat(run.runId, owner);
      }
    };
    const payload = payloadOf(run, { source: plan.source, backend: options.backend ?? null });
    const task = executor.execute(payload, { onEpoch }).then((record) => {
      try {
        store.recordRun(record);
        counts[record.status]++;
        emit({ kind: 'end', run, record });
      } finally {
        inflight.delete(run.runId);
        wake();
      }
    });
    inflight.set(run.runId, task);
  };

  const claimNext = () => {
    while (!stopping && inflight.size < executor.capacity && queue.length > 0) {
      const run = queue.shift()!;
      const claim = store.claimRun(run.runId, owner, { retryFailed: options.retryFailed });
      if (claim === 'claimed') start(run);
      else if (claim === 'busy') {
        waiting.push(run);
        emit({ kind: 'wait', run });
      } else {
        counts[claim === 'done' ? 'alreadyDone' : 'alreadyFailed']++;
        emit({ kind: 'skip', run, status: claim });
      }
    }
  };

  try {
    let lastPoll = Date.now();
    for (;;) {
      claimNext();
      const idle = queue.length === 0 || stopping || inflight.size >= executor.capacity;
      if (inflight.size === 0 && idle && (waiting.length === 0 || stopping)) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (waiting.length > 0 && !stopping) setTimeout(resolve, pollMs).unref();
      });
      if (waiting.length > 0 && Date.now() - lastPoll >= pollMs) {
        lastPoll = Date.now();
        const still: PlannedRun[] = [];
        for (const run of waiting) {
          const status = store.runStatus(run.runId);
          if (status === 'done' || status === 'failed') {
            counts[status === 'done' ? 'alreadyDone' : 'alreadyFailed']++;
            emit({ kind: 'elsewhere', run, status });
          } else if (status === 'running' && inflight.size >= executor.capacity) still.push(run);
          else queue.unshift(run); // claimed again below: taken over when its owner is gone
        }
        waiting = still;
      }
    }
    await Promise.all(inflight.values());
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { status: stopping ? 'interrupted' : 'completed', ...counts };
}

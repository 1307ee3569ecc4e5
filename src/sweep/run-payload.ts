// What a worker needs to train one planned run, as self-contained JSON: the
// effective experiment IR and the run's options — never a path on the
// submitting machine (the spec path travels only as the name results carry,
// and for `data idx` as the folder its file paths are relative to).
import { experimentHash } from '../ir/hash.js';
import type { Experiment } from '../ir/types.js';
import type { BackendName } from '../runtime/backend.js';
import type { Evaluation } from '../runtime/train/state.js';
import { runIdOf } from './plan.js';
import type { PlannedRun } from './plan-types.js';

export interface RunPayload {
  readonly format: 'mtl-run';
  readonly version: 1;
  readonly runId: string;
  /** The spec path as checked (relative to the submitter's working folder). */
  readonly source: string;
  readonly experiment: Experiment;
  /** T. */
  readonly epochs: number;
  readonly limit: number | null;
  /** Force a backend; null: the fastest that loads on the worker. */
  readonly backend: BackendName | null;
}

export type RunOutcome = 'done' | 'failed' | 'interrupted';

/** What a finished (or failed, or interrupted) run reports; the store records it by runId. */
export interface RunRecord {
  readonly runId: string;
  readonly status: RunOutcome;
  /** Why it failed or stopped (diverged, crashed, bad data), else null. */
  readonly message: string | null;
  readonly backend: string | null;
  readonly epochs: number;
  readonly epochsCompleted: number;
  /** ISO 8601 times of this session. */
  readonly startedAt: string;
  readonly endedAt: string;
  /** Training wall time over every session of the run. */
  readonly seconds: number | null;
  readonly samplesPerSecond: number | null;
  readonly validationError: number | null;
  readonly testError: number | null;
  readonly evaluations: readonly Evaluation[];
  readonly supervisedSteps: number | null;
  readonly reconstructionSteps: number | null;
  /** The run folder on the machine that trained it. */
  readonly runDir: string | null;
  /** host:pid of the process that trained it. */
  readonly worker: string | null;
}

export function payloadOf(
  run: PlannedRun,
  options: { readonly source: string; readonly backend?: BackendName | null },
): RunPayload {
  return {
    format: 'mtl-run',
    version: 1,
    runId: run.runId,
    source: options.source,
    experiment: run.experiment,
    epochs: run.epochs,
    limit: run.limit,
    backend: options.backend ?? null,
  };
}

/** Why a payload cannot be trained (wrong format, an id or hash that does not match its content), or null. */
export function payloadProblem(payload: RunPayload): string | null {
  if (payload?.format !== 'mtl-run' || payload.version !== 1)
    return 'not an mtl run payload (format mtl-run, version 1)';
  const hash = experimentHash(payload.experiment);
  if (hash !== payload.experiment.hash)
    return `the experiment's hash ${payload.experiment.hash} does not match its content (${hash})`;
  const id = runIdOf(payload.experiment, payload.epochs, payload.limit);
  if (id !== payload.runId) return `run id ${payload.runId} does not match its content (${id})`;
  return null;
}

/** The record of a run that ended without a result (failed, or stopped before it trained). */
export function recordWithoutResult(
  payload: Pick<RunPayload, 'runId' | 'epochs'>,
  outcome: {
    readonly status: 'failed' | 'interrupted';
    readonly message: string;
    readonly startedAt: string;
    readonly runDir?: string | null;
    readonly worker?: string | null;
  },
): RunRecord {
  return {
    runId: payload.runId,
    status: outcome.status,
    message: outcome.message,
    backend: null,
    epochs: payload.epochs,
    epochsCompleted: 0,
    startedAt: outcome.startedAt,
    endedAt: new Date().toISOString(),
    seconds: null,
    samplesPerSecond: null,
    validationError: null,
    testError: null,
    evaluations: [],
    supervisedSteps: null,
    reconstructionSteps: null,
    runDir: outcome.runDir ?? null,
    worker: outcome.worker ?? null,
  };
}

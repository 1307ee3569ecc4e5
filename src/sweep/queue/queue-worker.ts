// A queue worker: takes runs from every sweep's BullMQ queue (the sweeps
// listed in Redis's `mtl:sweeps` set, found again every few seconds so a sweep
// submitted later is served too, at once when the sweep announces its jobs on
// the `mtl:work` channel; or only the sweeps it was told) and trains
// them on one local pool of child processes (the same trainer as `mtl run` and
// the local pool), so this process's event loop stays free to renew job locks
// and report progress while a run computes. It takes a job only when a
// process is free, from the queues in turn. A run folder is written where the
// worker runs; a finished job returns the run's record and its result.json.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { CHECKPOINT_FILE, type CheckpointFile } from '../../runtime/io/checkpoint.js';
import { RESULT_FILE, type ResultFile } from '../../runtime/io/results.js';
import { runDirOf } from '../execute-run.js';
import { LocalPool } from '../local-pool.js';
import type { RunPayload, RunRecord } from '../run-payload.js';
import { jobPayloadProblem } from './job-guard.js';
import {
  QUEUE_PREFIX,
  type QueueProgress,
  type QueueResult,
  queueNameOf,
  SWEEPS_KEY,
  WORK_CHANNEL,
} from './names.js';
import type { QueueAddress } from './queue-url.js';
import { SlotWorker } from './slot-worker.js';

export interface QueueWorkerOptions {
  readonly address: QueueAddress;
  /** Runs trained at once (child processes), over all sweeps. */
  readonly concurrency: number;
  /** Base of runsDir and of the specs' relative data paths. */
  readonly cwd: string;
  readonly runsDir: string;
  /** Serve only these sweeps (their queues, even before they are submitted); default: every listed sweep. */
  readonly sweeps?: readonly string[];
  /**
   * How long a job's lock lasts without renewal (ms): a worker that dies loses
   * its jobs to the others after about this long. Default 30 s.
   */
  readonly lockMs?: number;
  /** How often an idle worker looks for a job (ms). Default 250. */
  readonly pollMs?: number;
  /** How often it looks for sweeps submitted since (ms). Default 2000. */
  readonly discoverMs?: number;
  /** One line per event (start, end, refusal, retry, a new sweep), without a newline. */
  readonly log?: (line: string) => void;
}

const DEFAULT_LOCK_MS = 30_000;
/** At most one progress message per job this often (each is a Redis round trip). */
const PROGRESS_MS = 250;

export interface QueueWorker {
  /** Resolves when the worker is connected, has found the sweeps there are, and is taking jobs. */
  readonly ready: Promise<void>;
  /** The queues it serves so far. */
  queues(): readonly string[];
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Job ids and names are the sender's: no control characters into the log. */
const printable = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]/gu, '?');

export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const log = options.log ?? (() => {});
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const pool = new LocalPool({ workers: options.concurrency, cwd: options.cwd, runsDir: options.runsDir });

  const processor = async (job: Job, token?: string): Promise<QueueResult> => {
    const problem = jobPayloadProblem(job.data);
    const refusal = problem ?? (job.id === job.data.runId ? null : `job id ${job.id} is not its run id`);
    if (refusal) {
      // The job's id and field names are the sender's: no control characters into the log.
      log(printable(`refused  job ${job.id} of sweep ${job.queueName}: ${refusal}`));
      throw new UnrecoverableError(`refused by the worker: ${refusal}`);
    }
    const payload = job.data as RunPayload;
    const attempts = job.opts.attempts ?? 1;
    log(
      `start    ${payload.runId} (${payload.experiment.name}) of sweep ${job.queueName}, attempt ${job.attemptsMade + 1} of ${attempts}${resumeNote(payload, options)}`,
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

  const connection = options.address.connection;
  const workerName = `${hostname()}:${process.pid}`;
  const served = new Map<string, SlotWorker>();
  const opening = new Set<string>();
  const running = new Set<Promise<void>>();
  let closing = false;
  let lastError = '';
  const onError = (error: unknown) => {
    // ioredis errors name the host and port, never the password; say each once, not per retry.
    const message = String((error as Error)?.message ?? error);
    if (message !== lastError && !closing) log(`queue error: ${message}`);
    lastError = message;
  };

  /** Starts serving a sweep's queue: its stalled jobs are recovered from now on, its jobs taken in turn. */
  const serve = async (queue: string): Promise<void> => {
    if (served.has(queue) || opening.has(queue) || closing) return;
    opening.add(queue);
    const worker = new SlotWorker(queue, processor, {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency: options.concurrency,
      name: workerName,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      // A run whose workers died under it a third time is failed rather than handed out forever.
      maxStalledCount: 2,
    });
    worker.on('error', onError);
    try {
      await worker.waitUntilReady();
      await worker.begin();
    } catch (error) {
      opening.delete(queue);
      await worker.close().catch(() => {});
      throw error;
    }
    served.set(queue, worker);
    log(`serving  sweep ${printable(queue)}`);
  };

  // Whose turn it is: the queues are asked in turn, one job each per round, so two sweeps share the fleet.
  let turn = 0;
  let tokens = 0;
  let filling = false;
  let again = false;
  /** Takes jobs while a process is free and some queue has one. */
  const fill = async (): Promise<void> => {
    if (filling) {
      again = true;
      return;
    }
    filling = true;
    try {
      do {
        again = false;
        let took = true;
        while (took && running.size < options.concurrency && !closing) {
          took = false;
          const queues = [...served.values()];
          for (let i = 0; i < queues.length && running.size < options.concurrency && !closing; i++) {
            const worker = queues[(turn + i) % queues.length]!;
            const token = `${worker.id}:${tokens++}`;
            const job = await worker.take(token);
            if (!job) continue;
            took = true;
            const training: Promise<void> = worker
              .finish(job, token)
              .catch(onError)
              .finally(() => {
                running.delete(training);
                void fill();
              });
            running.add(training);
          }
          turn++;
        }
      } while (again && !closing);
    } catch (error) {
      onError(error);
    } finally {
      filling = false;
    }
  };

  const registry = options.sweeps
    ? null
    : new Redis({ ...connection, connectionName: `mtl-worker:${workerName}` });
  registry?.on('error', onError);
  /** The queues to serve: the ones named, or every sweep's queue listed in Redis. */
  const discover = async (): Promise<void> => {
    const names = registry ? await registry.smembers(SWEEPS_KEY) : (options.sweeps ?? []).map(queueNameOf);
    // Names come from Redis: only ones a sweep could have produced (queueNameOf keeps them as they are).
    for (const name of names.sort()) if (queueNameOf(name) === name) await serve(name);
  };

  const loops: Promise<void>[] = [];
  const every = (ms: number, step: () => Promise<void>) =>
    loops.push(
      (async () => {
        while (!closing) {
          await sleep(ms);
          if (!closing) await step().catch(onError);
        }
      })(),
    );
  // A sweep's word that it added jobs: take them now (serving its queue first if it is new here).
  const subscriber = new Redis({ ...connection, connectionName: `mtl-worker-wake:${workerName}` });
  subscriber.on('error', onError);
  subscriber.on('message', (_channel: string, name: string) => {
    if (closing || queueNameOf(name) !== name) return;
    const wanted = options.sweeps ? options.sweeps.map(queueNameOf).includes(name) : true;
    if (!wanted) return;
    void serve(name).then(fill).catch(onError);
  });
  const ready = Promise.all([discover(), subscriber.subscribe(WORK_CHANNEL)]).then(() => {
    every(options.pollMs ?? 250, fill);
    if (registry) every(options.discoverMs ?? 2000, discover);
    void fill();
  });

  return {
    ready,
    queues: () => [...served.keys()],
    close: async () => {
      closing = true;
      pool.stop();
      await Promise.allSettled([...running]);
      await Promise.allSettled([...loops, ...[...served.values()].map((w) => w.close())]);
      registry?.disconnect();
      subscriber.disconnect();
      await pool.close();
    },
  };
}

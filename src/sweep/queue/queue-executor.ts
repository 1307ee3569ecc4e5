// The submitting side of a queued sweep: a RunExecutor that puts each run on
// the sweep's BullMQ queue (named after it, and listed in the `mtl:sweeps`
// set where workers look for work) as a job whose id is the run id (so a run already queued,
// running or finished is never added twice) and resolves with the record the
// worker returns. Completion is seen from the queue's events and, in case an
// event was missed (a reconnect), by asking for the job's state every pollMs;
// a job that vanished (Redis restarted without persistence) is added again.
import { Job, type JobState, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { EpochProgress, RunExecutor } from '../executor.js';
import { type RunPayload, type RunRecord, recordWithoutResult } from '../run-payload.js';
import {
  QUEUE_PREFIX,
  type QueueProgress,
  type QueueResult,
  queueNameOf,
  SWEEPS_KEY,
  WORK_CHANNEL,
} from './names.js';
import { probeQueue } from './probe-queue.js';
import type { QueueAddress } from './queue-url.js';

export interface QueueExecutorOptions {
  readonly address: QueueAddress;
  /** The sweep: its queue is named after it (queueNameOf), and so are its jobs. */
  readonly sweep: string;
  /** Tries per run before it is recorded failed (a diverged run is not tried again). Default 3. */
  readonly attempts?: number;
  /** First retry's delay (ms), doubled on each retry. Default 10 s. */
  readonly backoffMs?: number;
  /** Train again runs whose job failed (or finished as failed). */
  readonly retryFailed?: boolean;
  /** How often to ask for the state of unfinished jobs (ms). Default 2 s. */
  readonly pollMs?: number;
  /** Gives up connecting after this long (ms). Default 5 s. */
  readonly connectTimeoutMs?: number;
}

interface Pending {
  readonly payload: RunPayload;
  readonly onEpoch?: (event: EpochProgress) => void;
  readonly resolve: (record: RunRecord) => void;
  readonly startedAt: string;
  busy: boolean;
}

/** Thrown when the queue cannot be reached; the message names the redacted URL. */
export class QueueConnectError extends Error {
  override readonly name = 'QueueConnectError';
}

export class QueueExecutor implements RunExecutor {
  /** Every planned run goes on the queue at once; the workers decide how many train together. */
  readonly capacity = Number.MAX_SAFE_INTEGER;
  private readonly pending = new Map<string, Pending>();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly options: QueueExecutorOptions,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    /** Where the sweep's queue is listed for workers (SWEEPS_KEY). */
    private readonly registry: Redis,
  ) {
    events.on('progress', ({ jobId, data }) => {
      const progress = data as Partial<QueueProgress>;
      if (typeof progress?.epoch === 'number' && typeof progress.epochs === 'number')
        this.pending.get(jobId)?.onEpoch?.({ epoch: progress.epoch, epochs: progress.epochs });
    });
    events.on('completed', ({ jobId }) => void this.check(jobId));
    events.on('failed', ({ jobId }) => void this.check(jobId));
    this.timer = setInterval(() => {
      for (const id of this.pending.keys()) void this.check(id);
    }, options.pollMs ?? 2000);
  }

  /** Connects to the queue; throws QueueConnectError when Redis cannot be reached in time. */
  static async open(options: QueueExecutorOptions): Promise<QueueExecutor> {
    const problem = await probeQueue(options.address, options.connectTimeoutMs);
    if (problem)
      throw new QueueConnectError(`cannot reach the queue at ${options.address.display}: ${problem}`);
    const connection = options.address.connection;
    const name = queueNameOf(options.sweep);
    const queue = new Queue(name, { connection, prefix: QUEUE_PREFIX });
    const events = new QueueEvents(name, { connection, prefix: QUEUE_PREFIX });
    // Connection trouble during the sweep (Redis restarting) is retried by ioredis; the polls carry on after it.
    const registry = new Redis(connection);
    queue.on('error', () => {});
    events.on('error', () => {});
    registry.on('error', () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueExecutor(options, queue, events, registry);
  }

  execute(payload: RunPayload, hooks: { readonly onEpoch?: (event: EpochProgress) => void } = {}) {
    return new Promise<RunRecord>((resolve) => {
      const entry: Pending = {
        payload,
        ...(hooks.onEpoch ? { onEpoch: hooks.onEpoch } : {}),
        resolve,
        startedAt: new Date().toISOString(),
        busy: false,
      };
      this.pending.set(payload.runId, entry);
      void this.guard(entry, () => this.submit(entry));
    });
  }

  /** Leaves the jobs on the queue (workers go on training them) and resolves every waiting run as interrupted. */
  stop(): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.resolve(
        this.record(entry, 'interrupted', 'left on the queue; run the sweep again to collect its result'),
      );
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stop();
    this.registry.disconnect();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }

  /** Runs one step for an entry at a time; a Redis error leaves it for the next poll. */
  private async guard(entry: Pending, step: () => Promise<void>): Promise<void> {
    if (entry.busy) return;
    entry.busy = true;
    try {
      await step();
    } catch {
      // Redis unreachable or restarting: the next poll looks again.
    } finally {
      entry.busy = false;
    }
  }

  private async submit(entry: Pending): Promise<void> {
    const id = entry.payload.runId;
    const state = await this.queue.getJobState(id);
    if (state === 'unknown') return void (await this.add(entry));
    if (this.options.retryFailed && (state === 'failed' || state === 'completed')) {
      const job = await Job.fromId<RunPayload, QueueResult>(this.queue, id);
      if (state === 'failed' && job) return void (await job.retry('failed', { resetAttemptsMade: true }));
      if (state === 'completed' && job?.returnvalue?.record?.status === 'failed') {
        await job.remove();
        return void (await this.add(entry));
      }
    }
    await this.settleFrom(entry, state);
  }

  /** The queue's name, as workers' `--sweep` and Redis keys (`mtl:NAME:…`) know it. */
  get queueName(): string {
    return this.queue.name;
  }

  private async add(entry: Pending) {
    // Listed before the job exists, so a worker that sees the job can find its queue; again on every
    // add because a Redis restarted without persistence forgot the list too.
    await this.registry.sadd(SWEEPS_KEY, this.queue.name);
    const job = await this.queue.add(this.options.sweep, entry.payload, {
      jobId: entry.payload.runId,
      attempts: this.options.attempts ?? 3,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 10_000 },
      // Finished jobs stay: a sweep re-run (or another store's sweep) collects their results.
      removeOnComplete: false,
      removeOnFail: false,
    });
    // Wakes idle workers now (else they find it at their next look).
    await this.registry.publish(WORK_CHANNEL, this.queue.name);
    return job;
  }

  private async check(id: string): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry) return;
    await this.guard(entry, async () => {
      const state = await this.queue.getJobState(id);
      if (state === 'unknown') await this.add(entry);
      else await this.settleFrom(entry, state);
    });
  }

  /** Resolves the run when its job is finished; leaves it waiting otherwise. */
  private async settleFrom(entry: Pending, state: JobState | 'unknown'): Promise<void> {
    if (state !== 'completed' && state !== 'failed') return;
    const id = entry.payload.runId;
    // The job is read after its state says it finished, never before: a job read while it
    // ran has no return value yet, and the 'completed' event that would have looked again
    // is skipped while this look is busy.
    const job = await Job.fromId<RunPayload, QueueResult>(this.queue, id);
    if (!job) return; // Removed since (Redis restarted): the next look adds it again.
    if (state === 'completed') {
      const record = job.returnvalue?.record;
      if (record?.runId !== id)
        return this.settle(
          entry,
          this.record(entry, 'failed', 'the worker returned no record of this run', job),
        );
      return this.settle(entry, record);
    }
    const tries = job.attemptsMade <= 1 ? '' : ` (after ${job.attemptsMade} attempts)`;
    return this.settle(entry, this.record(entry, 'failed', `${job.failedReason}${tries}`, job));
  }

  private settle(entry: Pending, record: RunRecord): void {
    if (this.pending.get(entry.payload.runId) !== entry) return;
    this.pending.delete(entry.payload.runId);
    entry.resolve(record);
  }

  private record(entry: Pending, status: 'failed' | 'interrupted', message: string, job?: Job): RunRecord {
    return recordWithoutResult(entry.payload, {
      status,
      message,
      startedAt: entry.startedAt,
      worker: job?.processedBy ?? null,
    });
  }
}

// A BullMQ Worker for one sweep's queue that takes a job only when asked: an
// `mtl worker` serves every sweep's queue from one pool of child processes,
// so it must not let each queue's Worker fetch on its own (each would take
// up to --concurrency jobs and hold them locked while they wait for a free
// process, away from idle machines). The scheduler (queue-worker.ts) asks a
// queue for a job when a process is free; everything after that — lock
// renewal, completion, retries with backoff, stalled-job recovery — is
// BullMQ's own, as in its documented manual-fetching pattern.
import { type Job, type Processor, Worker, type WorkerOptions } from 'bullmq';
import type { RunPayload } from '../run-payload.js';
import type { QueueResult } from './names.js';

type RunJob = Job<RunPayload, QueueResult>;

export class SlotWorker extends Worker<RunPayload, QueueResult> {
  constructor(queue: string, processor: Processor<RunPayload, QueueResult>, options: WorkerOptions) {
    super(queue, processor, { ...options, autorun: false });
  }

  /** Starts what `run()` would start apart from its fetch loop: the stalled-job checker and lock renewal. */
  async begin(): Promise<void> {
    await this.startStalledCheckTimer();
    this.lockManager.start();
  }

  /** This queue's next job when one is waiting (or due after its backoff), taken under `token`; else undefined. */
  take(token: string): Promise<RunJob | undefined> {
    return this.getNextJob(token, { block: false });
  }

  /** Trains a taken job to its end, then completes, retries or fails it on the queue; fetches nothing more. */
  async finish(job: RunJob, token: string): Promise<void> {
    await this.processJob(job, token, () => false);
  }
}

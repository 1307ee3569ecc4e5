// The sweep's side of a queue (QueueExecutor) on a real redis-server, with a
// worker played by hand (BullMQ's manual fetching: take a job, then complete
// or fail it), so each case sets the exact state a job is in:
// - a run whose job finishes while the sweep is looking at it (between
//   reading the job and asking its state) is collected with the worker's
//   record. Before the fix the sweep read a job that was still running, then
//   saw the state "completed", and recorded the run failed with "the worker
//   returned no record of this run" (a CI flake of the queued sweeps);
// - a run whose job failed, or finished with a failed record, is recorded
//   failed with the worker's reason, or trained again with --retry-failed.
import { Job, Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUEUE_PREFIX, type QueueResult, queueNameOf } from '../../src/sweep/queue/names.js';
import { QueueExecutor } from '../../src/sweep/queue/queue-executor.js';
import { parseQueueUrl, type QueueAddress } from '../../src/sweep/queue/queue-url.js';
import { payloadOf, type RunPayload, type RunRecord } from '../../src/sweep/run-payload.js';
import { startRedis, type TestRedis } from '../harness/redis.js';
import { planOf, tinySweepFolder } from '../harness/sweep.js';

function addressOf(url: string): QueueAddress {
  const address = parseQueueUrl(url);
  if (typeof address === 'string') throw new Error(address);
  return address;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The payload of a one-run sweep named `sweep`. */
function payloadFor(sweep: string): RunPayload {
  const dir = tinySweepFolder(`sweep ${sweep} {\n  base tiny\n  vary train.seed [7]\n}\n`);
  return payloadOf(planOf(dir, 'tiny.mtl').runs[0]!, { source: 'tiny.mtl', backend: 'cpu' });
}

/** What a worker returns for a run (the fields a real one fills, with made-up figures). */
function recordOf(payload: RunPayload, status: 'done' | 'failed', testError: number): RunRecord {
  return {
    runId: payload.runId,
    status,
    message: status === 'failed' ? 'diverged at epoch 1' : null,
    backend: 'cpu',
    epochs: payload.epochs,
    epochsCompleted: status === 'done' ? payload.epochs : 1,
    startedAt: '2026-11-30T00:00:00.000Z',
    endedAt: '2026-11-30T00:00:01.000Z',
    seconds: 1,
    samplesPerSecond: 100,
    validationError: testError - 0.05,
    testError,
    evaluations: [],
    supervisedSteps: 10,
    reconstructionSteps: 0,
    runDir: null,
    worker: 'by-hand:1',
  };
}

describe('QueueExecutor', () => {
  let redis: TestRedis;
  let address: QueueAddress;
  const closing: { close(): Promise<unknown> }[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    address = addressOf(redis.url);
  });
  afterAll(async () => {
    for (const thing of closing.reverse()) await thing.close();
    await redis?.stop();
  });

  /** A worker played by hand on a sweep's queue: it takes a job only when told. */
  function handWorker(sweep: string) {
    const worker = new Worker<RunPayload, QueueResult>(queueNameOf(sweep), null, {
      connection: address.connection,
      prefix: QUEUE_PREFIX,
      autorun: false,
    });
    closing.push(worker);
    let tokens = 0;
    return {
      /** The next job, taken under a fresh token (waits until the sweep has added one). */
      async take(): Promise<{ job: Job<RunPayload, QueueResult>; token: string }> {
        const token = `hand-${tokens++}`;
        for (let i = 0; i < 400; i++) {
          const job = await worker.getNextJob(token, { block: false });
          if (job) return { job, token };
          await sleep(25);
        }
        throw new Error(`no job came on queue ${sweep}`);
      },
    };
  }

  async function executor(sweep: string, options: { pollMs?: number; retryFailed?: boolean } = {}) {
    const opened = await QueueExecutor.open({ address, sweep, ...options });
    closing.push(opened);
    return opened;
  }

  it("collects the worker's record of a run that finishes while the sweep reads its job", async () => {
    const payload = payloadFor('race');
    // A fast poll, so the sweep reads the job while it runs.
    const sweep = await executor('race', { pollMs: 20 });
    const hand = handWorker('race');
    const record = recordOf(payload, 'done', 0.3);
    const fromId = Job.fromId.bind(Job);
    let finished = false;
    try {
      const collected = sweep.execute(payload);
      // The hand worker takes the job: it is active, with no return value yet.
      const { job, token } = await hand.take();
      expect(job.id).toBe(payload.runId);
      const finish = async () => {
        if (finished) return;
        finished = true;
        await job.moveToCompleted({ record, result: null }, token, false);
      };
      // The worst moment: the job finishes right after the sweep has read it as running.
      vi.spyOn(Job, 'fromId').mockImplementation(async (queue, id) => {
        const read = await fromId(queue, id);
        if (id === payload.runId && !finished) await finish();
        return read as never;
      });
      // A sweep that never reads a running job sees it finish after a few of its polls.
      await sleep(200);
      await finish();
      expect(await collected).toEqual(record);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('records a failed job with its reason, and with retryFailed trains it again', async () => {
    const payload = payloadFor('again');
    const hand = handWorker('again');
    // The job as an earlier sweep left it: failed on its last attempt.
    const queue = new Queue(queueNameOf('again'), { connection: address.connection, prefix: QUEUE_PREFIX });
    closing.push(queue);
    await queue.add('again', payload, { jobId: payload.runId, attempts: 1 });
    const first = await hand.take();
    await first.job.moveToFailed(new Error('the worker process died (SIGKILL)'), first.token, false);
    expect(await queue.getJobState(payload.runId)).toBe('failed');

    const plain = await executor('again');
    const failed = await plain.execute(payload);
    expect(failed).toMatchObject({ runId: payload.runId, status: 'failed' });
    expect(failed.message).toBe('the worker process died (SIGKILL)');
    await plain.close();

    const retrying = await executor('again', { retryFailed: true });
    const collected = retrying.execute(payload);
    const second = await hand.take();
    expect(second.job.id).toBe(payload.runId);
    expect(second.job.attemptsMade).toBe(0);
    const record = recordOf(payload, 'done', 0.2);
    await second.job.moveToCompleted({ record, result: null }, second.token, false);
    expect(await collected).toEqual(record);
  });

  it('takes a finished failed record as final, and with retryFailed queues the run again', async () => {
    const payload = payloadFor('redo');
    const hand = handWorker('redo');
    const first = executorRun(await executor('redo'), payload);
    const taken = await hand.take();
    const diverged = recordOf(payload, 'failed', 0.9);
    await taken.job.moveToCompleted({ record: diverged, result: null }, taken.token, false);
    expect(await first).toEqual(diverged);

    // Run again without retryFailed: the finished record is collected, nothing is queued.
    expect(await executorRun(await executor('redo'), payload)).toEqual(diverged);
    const queue = new Queue(queueNameOf('redo'), { connection: address.connection, prefix: QUEUE_PREFIX });
    closing.push(queue);
    expect(await queue.getJobCounts('wait', 'completed')).toEqual({ wait: 0, completed: 1 });

    // With retryFailed the old job is removed and the run is queued again.
    const again = executorRun(await executor('redo', { retryFailed: true }), payload);
    const retaken = await hand.take();
    const record = recordOf(payload, 'done', 0.25);
    await retaken.job.moveToCompleted({ record, result: null }, retaken.token, false);
    expect(await again).toEqual(record);
  });
});

/** One run through a sweep's executor, which is closed once the run resolves. */
async function executorRun(executor: QueueExecutor, payload: RunPayload): Promise<RunRecord> {
  try {
    return await executor.execute(payload);
  } finally {
    await executor.close();
  }
}

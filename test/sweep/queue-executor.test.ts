// The sweep's side of a queue on a real redis-server: a run whose job finishes
// while the sweep is looking at it (between reading the job and asking its
// state) is collected with the worker's record. Before the fix the sweep read a
// job that was still running, then saw the state "completed", and recorded the
// run failed with "the worker returned no record of this run" (a CI flake of
// the queued sweeps under load).
import { Job, Worker } from 'bullmq';
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

describe('QueueExecutor', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("collects the worker's record of a run that finishes while the sweep reads its job", async () => {
    const dir = tinySweepFolder('sweep race {\n  base tiny\n  vary train.seed [7]\n}\n');
    const payload = payloadOf(planOf(dir, 'tiny.mtl').runs[0]!, { source: 'tiny.mtl', backend: 'cpu' });
    const address = addressOf(redis.url);
    // A fast poll, so the sweep reads the job while it runs.
    const executor = await QueueExecutor.open({ address, sweep: 'race', pollMs: 20 });
    const worker = new Worker<RunPayload, QueueResult>(queueNameOf('race'), null, {
      connection: address.connection,
      prefix: QUEUE_PREFIX,
      autorun: false,
    });
    const record: RunRecord = {
      runId: payload.runId,
      status: 'done',
      message: null,
      backend: 'cpu',
      epochs: payload.epochs,
      epochsCompleted: payload.epochs,
      startedAt: '2026-11-30T00:00:00.000Z',
      endedAt: '2026-11-30T00:00:01.000Z',
      seconds: 1,
      samplesPerSecond: 100,
      validationError: 0.25,
      testError: 0.3,
      evaluations: [],
      supervisedSteps: 10,
      reconstructionSteps: 0,
      runDir: null,
      worker: 'by-hand:1',
    };
    const fromId = Job.fromId.bind(Job);
    let finished = false;
    try {
      const collected = executor.execute(payload);
      // A worker takes the job by hand: it is active, with no return value yet.
      let job: Job<RunPayload, QueueResult> | undefined;
      for (let i = 0; !job && i < 200; i++) {
        job = await worker.getNextJob('token', { block: false });
        if (!job) await sleep(25);
      }
      expect(job?.id).toBe(payload.runId);
      const finish = async () => {
        if (finished) return;
        finished = true;
        await job!.moveToCompleted({ record, result: null }, 'token', false);
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
      await worker.close();
      await executor.close();
    }
  });
});

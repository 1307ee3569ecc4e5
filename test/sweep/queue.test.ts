// Queued sweeps on a real redis-server (started here on a free loopback port):
// `mtl sweep --queue` fills the sweep's queue, real `mtl worker` processes
// train the runs, one is SIGKILLed mid-run; two sweeps in flight at once on
// one Redis, served by the same workers; a password in the URL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../src/cli/sweep.js';
import { QUEUE_PREFIX, queueNameOf, SWEEPS_KEY } from '../../src/sweep/queue/names.js';
import { parseQueueUrl } from '../../src/sweep/queue/queue-url.js';
import { ResultStore, type StoredRun } from '../../src/sweep/store/result-store.js';
import { captureIo } from '../harness/codegen.js';
import { startRedis, type TestRedis } from '../harness/redis.js';
import { type Finished, mtlProcess, planOf, tinySweepFolder } from '../harness/sweep.js';

const PASSWORD = 'pw-9f3a1c7e';
// Real worker processes on a shared 2-core machine: a generous limit against a hang, not a timing check.
const PROCESS_TEST_MS = 180_000;

async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A real `mtl worker` process in cwd, with its log so far. */
function startWorker(url: string, cwd: string, extra: readonly string[] = []) {
  return mtlProcess(['worker', '--queue', url, '--concurrency', '1', '--lock-ms', '2000', ...extra], cwd);
}

async function stopWorker(worker: ReturnType<typeof startWorker>): Promise<Finished> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  return worker.done;
}

const results = (runs: readonly StoredRun[]) =>
  Object.fromEntries(
    runs.map((r) => [
      r.id,
      {
        status: r.status,
        testError: r.testError,
        validationError: r.validationError,
        evaluations: r.evaluations,
        supervisedSteps: r.supervisedSteps,
        reconstructionSteps: r.reconstructionSteps,
      },
    ]),
  );

function connectionOf(redis: TestRedis) {
  const address = parseQueueUrl(redis.url);
  if (typeof address === 'string') throw new Error(address);
  return address.connection;
}

/** The sweep's queue, as a fleet operator would open it. */
const queueOf = (redis: TestRedis, sweep: string) =>
  new Queue(queueNameOf(sweep), { connection: connectionOf(redis), prefix: QUEUE_PREFIX });

async function storedRuns(file: string): Promise<StoredRun[]> {
  const store = ResultStore.open(file, { create: false });
  try {
    return store.listRuns();
  } finally {
    store.close();
  }
}

describe('mtl sweep --queue with mtl worker processes', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it(
    'completes a sweep when a worker is SIGKILLed mid-run: each result stored once, equal to the local pool',
    async () => {
      const dir = tinySweepFolder('sweep seeds {\n  base tiny\n  vary train.seed [7, 8, 9, 10]\n}\n', {
        epochs: 24,
        checkpointEvery: 3,
      });
      const plan = planOf(dir, 'tiny.mtl');
      const a = startWorker(redis.url, dir);
      const b = startWorker(redis.url, dir);
      const sweep = captureIo(dir);
      const sweeping = sweepCommand(['tiny.mtl', '--backend', 'cpu', '--queue', redis.url], sweep.io);

      // Worker A takes a run; once that run has a checkpoint, A dies without a word.
      await until('worker A to start a run', () => /start {4}[0-9a-f]{16}/.test(a.log()));
      const killedRun = /start {4}([0-9a-f]{16})/.exec(a.log())![1]!;
      const runDir = join(dir, 'runs', `tiny-${killedRun}`);
      await until('its first checkpoint', () => existsSync(join(runDir, 'checkpoint.json')));
      a.child.kill('SIGKILL');

      expect(await sweeping).toBe(0);
      expect(sweep.stdout()).toMatch(
        /^seeds: 4\/4 runs done \(4 trained now, 0 already in the store\), 0 failed/,
      );
      const bLog = b.log();
      await stopWorker(b);
      const aLog = (await a.done).stderr;
      expect(aLog).not.toMatch(new RegExp(`done {5}${killedRun}`));
      // B took the killed run over once A's lock lapsed, in the same run folder.
      expect(bLog).toMatch(new RegExp(`start {4}${killedRun} .*, from its checkpoint at epoch [1-9]`));
      expect(bLog).toMatch(new RegExp(`done {5}${killedRun}`));

      const store = ResultStore.open(join(dir, 'runs/mtl.sqlite'), { create: false });
      const queued = store.listRuns();
      store.close();
      expect(queued).toHaveLength(4);
      for (const run of queued) expect(run).toMatchObject({ status: 'done', attempts: 1, backend: 'cpu' });
      expect(queued.find((r) => r.id === killedRun)?.runDir).toBe(runDir);

      // The same sweep on the local pool, from scratch in other folders: the same numbers.
      const local = captureIo(dir);
      expect(
        await sweepCommand(
          [
            'tiny.mtl',
            '--backend',
            'cpu',
            '--workers',
            '2',
            '--quiet',
            '--store',
            'local.sqlite',
            '--runs',
            'local',
          ],
          local.io,
        ),
      ).toBe(0);
      const localStore = ResultStore.open(join(dir, 'local.sqlite'), { create: false });
      const pooled = localStore.listRuns();
      localStore.close();
      expect(results(queued)).toEqual(results(pooled));
      expect(Object.keys(results(queued)).sort()).toEqual(plan.runs.map((r) => r.runId).sort());

      // Run again: nothing is added to the queue, nothing is trained; the queue holds each run once.
      const again = captureIo(dir);
      expect(
        await sweepCommand(['tiny.mtl', '--backend', 'cpu', '--quiet', '--queue', redis.url], again.io),
      ).toBe(0);
      expect(again.stdout()).toMatch(/^seeds: 4\/4 runs done \(0 trained now, 4 already in the store\)/);
      const queue = queueOf(redis, 'seeds');
      try {
        // BullMQ saw the killed worker's job stall once and handed it out again.
        expect((await queue.getJob(killedRun))?.stalledCounter).toBe(1);
        expect(await queue.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed')).toMatchObject(
          {
            completed: 4,
            waiting: 0,
            active: 0,
            delayed: 0,
            failed: 0,
          },
        );
      } finally {
        await queue.close();
      }

      // A second store (another submitter) collects the finished results from the jobs' return values,
      // with no worker running: nothing is trained again.
      const other = captureIo(dir);
      expect(
        await sweepCommand(
          ['tiny.mtl', '--backend', 'cpu', '--quiet', '--store', 'other.sqlite', '--queue', redis.url],
          other.io,
        ),
      ).toBe(0);
      expect(other.stdout()).toMatch(/^seeds: 4\/4 runs done \(4 trained now, 0 already in the store\)/);
      const otherStore = ResultStore.open(join(dir, 'other.sqlite'), { create: false });
      expect(results(otherStore.listRuns())).toEqual(results(queued));
      otherStore.close();

      // The password never shows: not in the sweep's output, not in the workers' logs.
      for (const text of [sweep.stdout(), sweep.stderr(), aLog, bLog, again.stderr(), other.stderr()])
        expect(text).not.toContain(PASSWORD);
      expect(sweep.stderr()).toContain(`runs go on queue seeds at redis://:***@127.0.0.1:${redis.port}/0`);
    },
    PROCESS_TEST_MS,
  );

  it(
    'serves two sweeps in flight at once from their own queues with the same workers, each result in its own store',
    async () => {
      const dir = tinySweepFolder(
        'sweep alpha {\n  base tiny\n  vary train.seed [21, 22, 23]\n}\n' +
          'sweep beta {\n  base tiny\n  vary train.seed [31, 32, 33]\n  vary train.lr [0.5]\n}\n',
      );
      const alpha = planOf(dir, 'tiny.mtl', 'alpha');
      const beta = planOf(dir, 'tiny.mtl', 'beta');
      // Started before either sweep exists: they find both queues in Redis's list of sweeps.
      const workers = [startWorker(redis.url, dir), startWorker(redis.url, dir)];
      for (const w of workers)
        await until('the worker to be up', () => /taking runs of every sweep/.test(w.log()));
      const submit = (name: string) => {
        const io = captureIo(dir);
        const args = ['tiny.mtl', '--sweep', name, '--backend', 'cpu', '--quiet'];
        return {
          io,
          code: sweepCommand([...args, '--store', `${name}.sqlite`, '--queue', redis.url], io.io),
        };
      };
      const a = submit('alpha');
      const b = submit('beta');
      // On failure, say why: each sweep's output and each worker's log so far name the failed runs.
      const said = () =>
        [a, b].map((s) => `${s.io.stdout()}${s.io.stderr()}`).concat(workers.map((w) => w.log()));
      expect(await a.code, said().join('\n')).toBe(0);
      expect(await b.code, said().join('\n')).toBe(0);
      const logs = await Promise.all(workers.map(async (w) => (await stopWorker(w)).stderr));

      expect(a.io.stdout()).toMatch(
        /^alpha: 3\/3 runs done \(3 trained now, 0 already in the store\), 0 failed/,
      );
      expect(b.io.stdout()).toMatch(
        /^beta: 3\/3 runs done \(3 trained now, 0 already in the store\), 0 failed/,
      );
      const ids = (list: readonly (string | undefined)[]) => [...list].sort();
      const planned = (plan: typeof alpha) => ids(plan.runs.map((r) => r.runId));
      const alphaRuns = await storedRuns(join(dir, 'alpha.sqlite'));
      const betaRuns = await storedRuns(join(dir, 'beta.sqlite'));
      expect(ids(alphaRuns.map((r) => r.id))).toEqual(planned(alpha));
      expect(ids(betaRuns.map((r) => r.id))).toEqual(planned(beta));
      for (const run of [...alphaRuns, ...betaRuns])
        expect(run).toMatchObject({ status: 'done', attempts: 1 });

      // Each worker served both queues; the fleet trained every run of each sweep once, from that sweep's queue.
      for (const log of logs) {
        expect(log).toMatch(/^mtl worker: serving {2}sweep alpha$/m);
        expect(log).toMatch(/^mtl worker: serving {2}sweep beta$/m);
      }
      const all = logs.join('\n');
      for (const [name, plan] of [
        ['alpha', alpha],
        ['beta', beta],
      ] as const)
        for (const run of plan.runs) {
          expect(
            all.match(new RegExp(`start {4}${run.runId} \\(tiny\\) of sweep ${name},`, 'g')),
          ).toHaveLength(1);
          expect(all.match(new RegExp(`done {5}${run.runId}:`, 'g'))).toHaveLength(1);
        }

      // Redis holds one queue per sweep, listed where workers look.
      const client = new Redis(connectionOf(redis));
      const [queueA, queueB] = [queueOf(redis, 'alpha'), queueOf(redis, 'beta')];
      try {
        expect(await client.smembers(SWEEPS_KEY)).toEqual(expect.arrayContaining(['alpha', 'beta', 'seeds']));
        expect(ids((await queueA.getJobs(['completed'])).map((j) => j.id))).toEqual(planned(alpha));
        expect(ids((await queueB.getJobs(['completed'])).map((j) => j.id))).toEqual(planned(beta));
        expect((await queueA.getJobs(['completed'])).every((j) => j.name === 'alpha')).toBe(true);
      } finally {
        client.disconnect();
        await Promise.all([queueA.close(), queueB.close()]);
      }
      for (const text of [...logs, a.io.stderr(), b.io.stderr()]) expect(text).not.toContain(PASSWORD);
    },
    PROCESS_TEST_MS,
  );
});

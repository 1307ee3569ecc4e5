// What a queue worker refuses and how failures end, on a real redis-server:
// hostile jobs are failed with their reason and never compiled; a diverged run
// is recorded failed at once, a run that cannot train here is tried a bounded
// number of times with backoff; a Redis restart mid-sweep loses no result.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../src/cli/sweep.js';
import { workerCommand, workerFlags } from '../../src/cli/worker.js';
import { QUEUE_PREFIX, SWEEPS_KEY } from '../../src/sweep/queue/names.js';
import { parseQueueUrl, type QueueAddress } from '../../src/sweep/queue/queue-url.js';
import { startQueueWorker } from '../../src/sweep/queue/queue-worker.js';
import { payloadOf } from '../../src/sweep/run-payload.js';
import { ResultStore } from '../../src/sweep/store/result-store.js';
import { captureIo } from '../harness/codegen.js';
import { startRedis, type TestRedis } from '../harness/redis.js';
import { tempDir } from '../harness/runtime.js';
import { planOf, tinySweepFolder } from '../harness/sweep.js';

function addressOf(url: string): QueueAddress {
  const address = parseQueueUrl(url);
  if (typeof address === 'string') throw new Error(address);
  return address;
}

async function until(
  what: string,
  test: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function inProcessWorker(url: string, cwd: string, sweeps?: readonly string[]) {
  const lines: string[] = [];
  const worker = startQueueWorker({
    address: addressOf(url),
    concurrency: 1,
    cwd,
    runsDir: 'runs',
    lockMs: 2000,
    ...(sweeps ? { sweeps } : {}),
    log: (line) => lines.push(line),
  });
  // What it did with runs, without the lines saying which queues it serves.
  const runLines = () => lines.filter((l) => !l.startsWith('serving'));
  return { worker, lines, runLines };
}

const count = (lines: readonly string[], pattern: RegExp) => lines.filter((l) => pattern.test(l)).length;

describe('queue workers and faults', () => {
  let redis: TestRedis;
  let queue: Queue;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    // A queue filled by hand, as a hostile submitter would: listed where workers look, like a sweep's.
    queue = new Queue('hostile', { connection: addressOf(redis.url).connection, prefix: QUEUE_PREFIX });
    client = new Redis(addressOf(redis.url).connection);
    client.on('error', () => {}); // Redis restarts in a test below; ioredis reconnects.
  });
  afterAll(async () => {
    client?.disconnect();
    await queue?.close();
    await redis?.stop();
  });

  it('refuses hostile or malformed jobs with the reason, without retrying or compiling them', async () => {
    const dir = tinySweepFolder('sweep one {\n  base tiny\n  vary train.seed [7]\n}\n');
    const good = payloadOf(planOf(dir, 'tiny.mtl').runs[0]!, { source: 'tiny.mtl', backend: 'cpu' });
    const marker = join(dir, 'pwned');
    const write = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')`;
    const cases: [unknown, string][] = [
      ['rm -rf /', 'the job carries no run payload (not a JSON object)'],
      [{ ...good, code: write }, 'unexpected field code'],
      [
        { ...good, experiment: { ...good.experiment, train: { ...good.experiment.train, epochs: 'many' } } },
        'the experiment does not validate against the IR schema: /experiment/train/epochs must be integer',
      ],
      [{ ...good, source: `tiny.mtl\n${write}\n//` }, 'source is not a spec path'],
      [
        { ...good, experiment: { ...good.experiment, name: '../../pwned' } },
        '/experiment/name is not an identifier',
      ],
      [
        { ...good, experiment: { ...good.experiment, train: { ...good.experiment.train, seed: 99 } } },
        `the experiment's hash ${good.experiment.hash} does not match its content`,
      ],
      [{ ...good, runId: 'abc' }, 'runId is not a run id'],
    ];
    const ids = cases.map((_, i) => `hostile-${i}`);
    // Names in the list that no sweep could have made (a colon would split BullMQ's keys) are not served.
    await client.sadd(SWEEPS_KEY, 'hostile', 'bad:name', '../up', 'a b');
    for (const [i, [data]] of cases.entries())
      await queue.add('hostile', data, {
        jobId: ids[i]!,
        attempts: 3,
        backoff: { type: 'fixed', delay: 10 },
      });
    const { worker, lines } = inProcessWorker(redis.url, dir);
    try {
      await worker.ready;
      expect(worker.queues()).toEqual(['hostile']);
      await until(
        'every hostile job to fail',
        async () => (await queue.getJobCounts('failed')).failed === cases.length,
      );
    } finally {
      await worker.close();
    }
    for (const [i, [, reason]] of cases.entries()) {
      const job = await queue.getJob(ids[i]!);
      expect(job?.failedReason.startsWith(`refused by the worker: ${reason}`), job?.failedReason).toBe(true);
      expect(job?.attemptsMade).toBe(1);
      expect(lines).toContain(
        `refused  job ${ids[i]} of sweep hostile: ${job?.failedReason.replace('refused by the worker: ', '')}`,
      );
    }
    expect(count(lines, /^start/)).toBe(0);
    expect(existsSync(marker)).toBe(false);
    await queue.clean(0, 100, 'failed');
    await client.srem(SWEEPS_KEY, 'hostile', 'bad:name', '../up', 'a b');
  });

  it('records a diverged run failed at once, and a run that cannot train here after its bounded attempts', async () => {
    const dir = tinySweepFolder('sweep diverge {\n  base tiny\n  vary train.lr [0.5, 1e40]\n}\n');
    const here = inProcessWorker(redis.url, dir);
    const sweep = captureIo(dir);
    try {
      const args = ['tiny.mtl', '--backend', 'cpu', '--quiet', '--queue', redis.url, '--backoff-ms', '100'];
      expect(await sweepCommand(args, sweep.io)).toBe(1);
    } finally {
      await here.worker.close();
    }
    expect(sweep.stdout()).toMatch(
      /^diverge: 1\/2 runs done \(1 trained now, 0 already in the store\), 1 failed/,
    );
    let store = ResultStore.open(join(dir, 'runs/mtl.sqlite'), { create: false });
    const [diverged] = store.listRuns({ status: 'failed' });
    store.close();
    expect(diverged?.message).toMatch(
      /^training diverged in epoch 1 \(t = 0\), batch 1, step 1 \(reconstruction\)/,
    );
    expect(count(here.lines, new RegExp(`^start {4}${diverged!.id}`))).toBe(1);
    expect(count(here.lines, /^retry/)).toBe(0);

    // A worker whose folder lacks the spec's IDX files: 2 attempts, 100 ms apart, then failed.
    const nowhere = inProcessWorker(redis.url, tempDir('mtl-empty-worker-'));
    const missing = captureIo(dir);
    try {
      const args = [
        'tiny.mtl',
        '--sweep',
        'diverge',
        '--backend',
        'cpu',
        '--quiet',
        '--store',
        'missing.sqlite',
      ];
      const flags = ['--queue', redis.url, '--attempts', '2', '--backoff-ms', '100', '--epochs', '2'];
      expect(await sweepCommand([...args, ...flags], missing.io)).toBe(1);
    } finally {
      await nowhere.worker.close();
    }
    store = ResultStore.open(join(dir, 'missing.sqlite'), { create: false });
    const failed = store.listRuns({ status: 'failed' });
    store.close();
    expect(failed).toHaveLength(2);
    for (const run of failed) {
      expect(count(nowhere.lines, new RegExp(`^start {4}${run.id}`))).toBeLessThanOrEqual(2);
      if (run.message?.startsWith('training diverged')) continue;
      expect(run.message).toMatch(/train-images\.idx[\s\S]*\(after 2 attempts\)$/);
      expect(count(nowhere.lines, new RegExp(`^start {4}${run.id}`))).toBe(2);
      expect(count(nowhere.lines, new RegExp(`^retry {4}${run.id}: .*train-images\\.idx`))).toBe(1);
      expect(count(nowhere.lines, new RegExp(`^FAILED {3}${run.id}: .*train-images\\.idx`))).toBe(1);
    }
  });

  it('stops a worker cleanly: its run checkpoints, goes back on the queue, and another worker resumes it', async () => {
    const dir = tinySweepFolder('sweep stop {\n  base tiny\n  vary train.seed [51]\n}\n', {
      epochs: 30,
      checkpointEvery: 2,
    });
    // Told its sweep before the sweep is submitted: it serves that queue alone, among the others listed.
    const first = inProcessWorker(redis.url, dir, ['stop']);
    await first.worker.ready;
    expect(first.worker.queues()).toEqual(['stop']);
    const sweep = captureIo(dir);
    const sweeping = sweepCommand(
      ['tiny.mtl', '--backend', 'cpu', '--quiet', '--queue', redis.url],
      sweep.io,
    );
    await until('the run to start', () => first.lines.some((l) => l.startsWith('start')));
    const runId = /^start {4}([0-9a-f]{16})/.exec(first.lines.find((l) => l.startsWith('start'))!)![1]!;
    await until('its first checkpoint', () =>
      existsSync(join(dir, 'runs', `tiny-${runId}`, 'checkpoint.json')),
    );
    await first.worker.close();
    expect(first.lines.at(-1)).toMatch(new RegExp(`^stopped  ${runId} at epoch \\d+; back on the queue$`));
    const second = inProcessWorker(redis.url, dir);
    try {
      expect(await sweeping).toBe(0);
    } finally {
      await second.worker.close();
    }
    expect(second.worker.queues()).toEqual(expect.arrayContaining(['diverge', 'stop']));
    expect(second.runLines()[0]).toMatch(
      new RegExp(
        `^start {4}${runId} \\(tiny\\) of sweep stop, attempt 1 of 3, from its checkpoint at epoch [1-9]`,
      ),
    );
    expect(second.runLines()[1]).toMatch(new RegExp(`^done {5}${runId}: test error`));
    const store = ResultStore.open(join(dir, 'runs/mtl.sqlite'), { create: false });
    expect(store.listRuns().map((r) => [r.status, r.epochsCompleted, r.attempts])).toEqual([['done', 30, 1]]);
    store.close();
  });

  it('loses no finished result when Redis restarts mid-sweep: lost jobs are queued again and finish', async () => {
    const dir = tinySweepFolder('sweep restart {\n  base tiny\n  vary train.seed [41, 42, 43, 44]\n}\n', {
      epochs: 10,
    });
    const storeFile = join(dir, 'runs/mtl.sqlite');
    const { worker, lines } = inProcessWorker(redis.url, dir);
    const sweep = captureIo(dir);
    const sweeping = sweepCommand(
      ['tiny.mtl', '--backend', 'cpu', '--quiet', '--queue', redis.url],
      sweep.io,
    );
    let doneBefore: string[] = [];
    try {
      await until('a first run to be stored', () => {
        if (!existsSync(storeFile)) return false;
        const store = ResultStore.open(storeFile, { create: false });
        doneBefore = store.listRuns({ status: 'done' }).map((r) => r.id);
        store.close();
        return doneBefore.length > 0;
      });
      await redis.restart();
      expect(doneBefore.length).toBeLessThan(4);
      expect(await sweeping).toBe(0);
    } finally {
      await worker.close();
    }
    expect(sweep.stdout()).toMatch(
      /^restart: 4\/4 runs done \(4 trained now, 0 already in the store\), 0 failed/,
    );
    for (const id of doneBefore) expect(count(lines, new RegExp(`^done {5}${id}`))).toBe(1);
    const store = ResultStore.open(storeFile, { create: false });
    expect(store.listRuns().map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(['done', 1]));
    store.close();
  });

  it('takes the URL from $MTL_QUEUE and never echoes a password in a usage error', async () => {
    const flags = workerFlags({}, { MTL_QUEUE: 'rediss://:s3cret@queue.example:6380/2' });
    expect(flags).toMatchObject({
      address: {
        display: 'rediss://:***@queue.example:6380/2',
        connection: { host: 'queue.example', port: 6380, db: 2, password: 's3cret', tls: {} },
      },
    });
    for (const bad of ['redis://:s3cret@host/x', 'http://:s3cret@host', 'redis//:s3cret@host'])
      expect(workerFlags({ queue: bad }, {})).not.toContain('s3cret');
    expect(workerFlags({ queue: 'redis://:s3cret@host/x' }, {})).toBe(
      "--queue's database must be a number (redis://HOST:PORT/DB), got 'redis://:***@host/x'",
    );
    // --sweep: sweep names, comma-separated; --tls-ca: a readable PEM file, for a rediss:// URL only.
    expect(workerFlags({ sweep: 'alpha,beta' }, { MTL_QUEUE: 'redis://h' })).toMatchObject({
      sweeps: ['alpha', 'beta'],
    });
    expect(workerFlags({}, { MTL_QUEUE: 'redis://h' })).not.toHaveProperty('sweeps');
    for (const bad of ['a:b', 'a,,b', 'x y'])
      expect(workerFlags({ sweep: bad }, { MTL_QUEUE: 'redis://h' })).toBe(
        `--sweep needs sweep names separated by commas, got '${bad}'`,
      );
    const dir = tempDir('mtl-tls-flags-');
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
    const tlsFlags = (tlsCa: string, url: string) => workerFlags({ tlsCa }, { MTL_QUEUE: url }, dir);
    expect(tlsFlags('ca.pem', 'rediss://:s3cret@h:6380/0')).toMatchObject({
      address: { connection: { host: 'h', tls: { servername: 'h', ca: expect.stringContaining('MIIB') } } },
    });
    expect(tlsFlags('ca.pem', 'redis://:s3cret@h:6379/0')).toBe(
      "--tls-ca needs a rediss:// (TLS) URL, got 'redis://:***@h:6379/0'",
    );
    expect(tlsFlags('nope.pem', 'rediss://h')).toBe('--tls-ca: cannot read nope.pem: ENOENT');
    expect(tlsFlags('notes.txt', 'rediss://h')).toBe(
      '--tls-ca: notes.txt holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
    );
    // Through the shared parser: a bad URL, and a misspelt flag that carries the URL in its text.
    for (const argv of [['--queue', 'redis://:s3cret@host/x'], ['--queu=redis://:s3cret@host:6379/0']]) {
      const out = captureIo(process.cwd());
      expect(await workerCommand(argv, out.io)).toBe(2);
      expect(out.stderr()).toMatch(/^mtl worker: /);
      expect(out.stderr()).not.toContain('s3cret');
      const sweep = captureIo(process.cwd());
      expect(await sweepCommand(['x.mtl', ...argv], sweep.io)).toBe(2);
      expect(sweep.stderr()).toMatch(/^mtl sweep: /);
      expect(sweep.stderr()).not.toContain('s3cret');
    }
  });
});

describe('an unreachable queue', () => {
  it('is reported with the URL redacted, by mtl sweep and by mtl worker', async () => {
    const dir = tinySweepFolder('sweep one {\n  base tiny\n  vary train.seed [7]\n}\n');
    // A port a redis-server just left: nothing listens there now.
    const gone = await startRedis();
    await gone.stop();
    const port = gone.port;
    const url = `redis://:s3cret@127.0.0.1:${port}/0`;
    const sweep = captureIo(dir);
    expect(await sweepCommand(['tiny.mtl', '--quiet', '--queue', url], sweep.io)).toBe(2);
    expect(sweep.stderr()).toBe(
      `mtl sweep: cannot reach the queue at redis://:***@127.0.0.1:${port}/0: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    const worker = captureIo(dir);
    expect(await workerCommand(['--queue', url], worker.io)).toBe(2);
    expect(worker.stderr()).toContain(
      `mtl worker: cannot reach the queue at redis://:***@127.0.0.1:${port}/0: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    expect(worker.stderr()).not.toContain('s3cret');
  });
});

// The README's fleet examples, run as written against a real redis-server: a
// worker started with MTL_QUEUE, the sweep with --queue, then the report; and
// the same over TLS (rediss://) against a TLS-only redis-server whose
// certificate a throwaway CA signed, trusted with --tls-ca or
// NODE_EXTRA_CA_CERTS, and refused without either.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { workerCommand } from '../../src/cli/worker.js';
import { captureIo } from '../harness/codegen.js';
import { startRedis } from '../harness/redis.js';
import { tempDir } from '../harness/runtime.js';
import { mtlProcess } from '../harness/sweep.js';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');
const section = readme.slice(readme.indexOf('### Sweeps on a fleet'), readme.indexOf('### Reports'));
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
const README_URL = 'redis://:PASSWORD@queue-host:6379/0';
const PASSWORD = 'readme-pw-41b7';
// Real worker processes on a shared 2-core machine: a generous limit against a hang, not a timing check.
const PROCESS_TEST_MS = 180_000;

it(
  "runs the README's fleet example: a worker, the sweep through the queue, the report",
  async () => {
    expect(blocks[0]).toBe(
      'sudo bash scripts/setup-system.sh\nredis-server --port 6379 --requirepass PASSWORD --appendonly yes   # on the queue host',
    );
    const [workerLine, sweepLines] = [blocks[1]!, blocks[2]!.split('\n')];
    const workerMatch = /^MTL_QUEUE=(\S+) npx mtl (worker .*)$/.exec(workerLine);
    expect(workerMatch?.[1]).toBe(README_URL);
    expect(sweepLines.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      'npx mtl sweep',
      'npx mtl report',
    ]);

    const redis = await startRedis({ password: PASSWORD });
    const url = redis.url;
    const dir = tempDir('mtl-readme-fleet-');
    mkdirSync(join(dir, 'specs'));
    copyFileSync(join(root, 'specs/sweep_quick.mtl'), join(dir, 'specs/sweep_quick.mtl'));
    const worker = mtlProcess(workerMatch![2]!.split(' '), dir, { MTL_QUEUE: url });
    try {
      const args = (line: string) =>
        line
          .replace(/^npx mtl /, '')
          .replace(README_URL, url)
          .split(/\s+/);
      const sweep = captureIo(dir);
      const code = await main([...args(sweepLines[0]!), '--quiet'], sweep.io);
      // On failure, say why: the sweep's own output and the worker's log so far.
      expect(code, `${sweep.stdout()}\n${sweep.stderr()}\n${worker.log()}`).toBe(0);
      expect(sweep.stdout()).toMatch(
        /^quick_grid: 12\/12 runs done \(12 trained now, 0 already in the store\), 0 failed/,
      );
      const report = captureIo(dir);
      expect(await main(args(sweepLines[1]!), report.io)).toBe(0);
      expect(report.stdout()).toContain('| unlabeled | lin(3) | exp(1) | control |');
      expect(report.stdout()).toMatch(/\| 900 \| [-+]?\d+\.\d\d ± \d+\.\d\d \[/);
    } finally {
      worker.child.kill('SIGTERM');
      const log = (await worker.done).stderr;
      await redis.stop();
      expect(log).toMatch(
        /^mtl worker: taking runs of every sweep from redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0, 2 at a time/m,
      );
      expect(log).toMatch(/^mtl worker: serving {2}sweep quick_grid$/m);
      expect(log.match(/^mtl worker: done {5}/gm)).toHaveLength(12);
      expect(log).not.toContain(PASSWORD);
    }
  },
  PROCESS_TEST_MS,
);

const README_TLS_URL = 'rediss://:PASSWORD@queue-host:6380/0';

it(
  "runs the README's TLS example: a TLS-only redis-server, workers and the sweep trusting its CA",
  async () => {
    const [serverLine, workerLine, sweepLine] = blocks[3]!.split('\n');
    // The flags test/harness/redis.ts starts its TLS server with.
    expect(serverLine).toBe(
      'redis-server --port 0 --tls-port 6380 --tls-cert-file server.pem --tls-key-file server.key --tls-ca-cert-file ca.pem --tls-auth-clients no --requirepass PASSWORD',
    );
    const workerMatch = /^MTL_QUEUE=(\S+) npx mtl (worker .*)$/.exec(workerLine!);
    expect(workerMatch?.[1]).toBe(README_TLS_URL);
    expect(sweepLine).toMatch(/^npx mtl sweep .* --queue rediss:\/\/\S+ --tls-ca ca\.pem$/);

    const redis = await startRedis({ password: PASSWORD, tls: true });
    const url = redis.url;
    expect(url).toMatch(/^rediss:\/\//);
    const dir = tempDir('mtl-readme-tls-');
    mkdirSync(join(dir, 'specs'));
    copyFileSync(join(root, 'specs/sweep_quick.mtl'), join(dir, 'specs/sweep_quick.mtl'));
    copyFileSync(redis.caFile!, join(dir, 'ca.pem'));
    const outputs: string[] = [];
    try {
      // Verification is on by default: without the CA, the worker is refused with OpenSSL's reason.
      const untrusted = captureIo(dir);
      expect(await workerCommand(['--queue', url], untrusted.io)).toBe(2);
      expect(untrusted.stderr()).toMatch(
        new RegExp(
          `^mtl worker: cannot reach the queue at rediss://:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}/0: .*(certificate|issuer)`,
        ),
      );
      outputs.push(untrusted.stderr());

      // The README's worker (--tls-ca), and one that trusts the CA through Node's NODE_EXTRA_CA_CERTS instead.
      const workers = [
        mtlProcess(workerMatch![2]!.split(' '), dir, { MTL_QUEUE: url }),
        mtlProcess(['worker', '--concurrency', '1'], dir, {
          MTL_QUEUE: url,
          NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        }),
      ];
      try {
        const args = sweepLine!
          .replace(/^npx mtl /, '')
          .replace(README_TLS_URL, url)
          .split(/\s+/);
        const sweep = captureIo(dir);
        const code = await main([...args, '--quiet'], sweep.io);
        // On failure, say why: the sweep's summary and each worker's log so far name the failed runs.
        expect(code, [sweep.stdout(), sweep.stderr(), ...workers.map((w) => w.log())].join('\n')).toBe(0);
        expect(sweep.stdout()).toMatch(
          /^quick_grid: 12\/12 runs done \(12 trained now, 0 already in the store\), 0 failed/,
        );
        outputs.push(sweep.stdout(), sweep.stderr());
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
      }
      const logs = await Promise.all(workers.map(async (w) => (await w.done).stderr));
      outputs.push(...logs);
      for (const log of logs)
        expect(log).toMatch(
          /^mtl worker: taking runs of every sweep from rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0/m,
        );
      expect(logs.join('\n').match(/^mtl worker: done {5}/gm)).toHaveLength(12);
    } finally {
      await redis.stop();
    }
    for (const text of outputs) expect(text).not.toContain(PASSWORD);
  },
  PROCESS_TEST_MS,
);

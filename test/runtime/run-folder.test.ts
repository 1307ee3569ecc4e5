// The run folder: one process at a time (a lock with its owner's pid; a dead
// owner's lock is taken over), and a folder that cannot be made or written
// fails at once with a message that names the path, before any training.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import { RunOptionsError } from '../../src/runtime/errors.js';
import { LOCK_FILE } from '../../src/runtime/io/run-lock.js';
import type { TrainerProgram } from '../../src/runtime/program.js';
import { runProgram } from '../../src/runtime/run-program.js';
import { resumableExperiment, type TinyData, tempDir, writeTinyIdx } from '../harness/runtime.js';

const isRoot = process.getuid?.() === 0 && process.platform === 'linux';
let data: TinyData;
let sleeper: ChildProcess;
let program: TrainerProgram;

const run = (out: string) =>
  runProgram(program, {
    out,
    progress: null,
    handleSignals: false,
    backend: 'cpu',
  });

beforeAll(async () => {
  data = writeTinyIdx({ train: 24, test: 6 });
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  program = await importTrainer(resumableExperiment(2), { source: data.source });
});
afterAll(() => {
  sleeper.kill();
});

function lockAs(out: string, pid: number, host = hostname()): string {
  mkdirSync(out, { recursive: true });
  const file = path.join(out, LOCK_FILE);
  writeFileSync(file, JSON.stringify({ pid, host, since: '2026-01-01T00:00:00.000Z' }));
  return file;
}

describe('the run-folder lock', () => {
  it('refuses a folder another live process holds, naming it', async () => {
    const out = tempDir();
    lockAs(out, sleeper.pid!);
    await expect(run(out)).rejects.toThrow(
      `the run folder ${out} is in use by process ${sleeper.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z; ` +
        `wait for it to finish or choose another --out (if no such process is running, delete ${path.join(out, LOCK_FILE)})`,
    );
    expect(existsSync(path.join(out, 'result.json'))).toBe(false);
  });

  it('refuses a second run in the same process too', async () => {
    const out = tempDir();
    const first = run(out);
    await expect(run(out)).rejects.toThrow(`is in use by process ${process.pid}`);
    expect((await first).status).toBe('completed');
  });

  it('takes over the lock of a process that died, and releases its own', async () => {
    const out = tempDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    lockAs(out, dead.pid!);
    expect((await run(out)).status).toBe('completed');
    expect(existsSync(path.join(out, LOCK_FILE))).toBe(false);
  });

  it('keeps a lock from another host (its pid means nothing here)', async () => {
    const out = tempDir();
    lockAs(out, 1, 'some-other-host');
    await expect(run(out)).rejects.toThrow('is in use by process 1 on some-other-host');
  });
});

describe('a run folder that cannot be used', () => {
  it('fails at once when the path goes through a file', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const out = path.join(file, 'run');
    await expect(run(out)).rejects.toThrow(
      new RunOptionsError(`cannot use ${out} as the run folder: ${file} is a file, not a folder`),
    );
  });

  it('fails at once under /proc (recursive mkdir used to spin there forever)', async () => {
    await expect(run('/proc/nope/x')).rejects.toThrow(
      'cannot create the run folder /proc/nope/x: /proc/nope: that place cannot hold folders',
    );
  }, 10_000);

  // Root writes through permission bits, so as root the read-only place is a file system
  // mounted read-only instead (a tmpfs remounted ro); the other test runs as a user.
  it.runIf(isRoot)('fails at once on a read-only file system', async () => {
    const mount = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    try {
      const existing = path.join(mount, 'existing');
      mkdirSync(existing);
      execFileSync('mount', ['-o', 'remount,ro', mount]);
      await expect(run(path.join(mount, 'run'))).rejects.toThrow(
        `cannot create the run folder ${path.join(mount, 'run')}: ${path.join(mount, 'run')}: the file system is read-only`,
      );
      await expect(run(existing)).rejects.toThrow(
        `cannot write to the run folder ${existing}: the file system is read-only`,
      );
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it.runIf(!isRoot)('fails at once in a read-only folder', async () => {
    const parent = tempDir();
    chmodSync(parent, 0o555);
    await expect(run(path.join(parent, 'run'))).rejects.toThrow(
      `cannot create the run folder ${path.join(parent, 'run')}: ${path.join(parent, 'run')}: permission denied`,
    );
    const existing = tempDir();
    chmodSync(existing, 0o555);
    await expect(run(existing)).rejects.toThrow(
      `cannot write to the run folder ${existing}: permission denied`,
    );
  });
});

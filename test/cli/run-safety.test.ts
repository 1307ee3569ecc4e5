// `mtl run` as real processes against a full disk, a read-only folder, a
// second process and Ctrl-C. The full disk is a small tmpfs when the tests
// run as root (mount needs it), and otherwise — and always, for exact byte
// budgets — a fault injected at the fs layer of the child process
// (test/harness/fault-fs.mjs: short writes, then ENOSPC).
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run.js';
import { checkpointFiles, readCheckpointFile } from '../../src/runtime/io/checkpoint.js';
import { captureIo } from '../harness/codegen.js';
import { mtlNodeArgs } from '../harness/mtl-process.js';
import { type TinyData, tempDir, writeTinyIdx } from '../harness/runtime.js';

const FAULT = fileURLToPath(new URL('../harness/fault-fs.mjs', import.meta.url));
const isRoot = process.getuid?.() === 0 && process.platform === 'linux';

function spec(hidden: number, epochs: number): string {
  return `experiment tiny {
  data idx {
    train_images "train-images.idx"
    train_labels "train-labels.idx"
    test_images  "test-images.idx"
    test_labels  "test-labels.idx"
    labeled 40
    unlabeled 40
    validation 30
    seed 1
  }
  network { input 16 dense h1 ${hidden} sigmoid output y 3 softmax }
  reconstruct h1 { noise mask(0.25) }
  weights schedule lin(2)
  train {
    epochs ${epochs}
    batch 20
    optimizer sgd(momentum: 0.5)
    lr = 0.5
    seed 7
    checkpoint every 1
    order alternate {
      step reconstruction on batch
      step supervised on labeled
    }
  }
}
`;
}

let data: TinyData;

beforeAll(() => {
  data = writeTinyIdx({ train: 120, test: 30 });
  writeFileSync(path.join(data.dir, 'tiny.mtl'), spec(8, 4));
  writeFileSync(path.join(data.dir, 'wide.mtl'), spec(4000, 4));
  writeFileSync(path.join(data.dir, 'long.mtl'), spec(8, 100_000));
});

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function mtl(args: readonly string[], env: Record<string, string> = {}, fault = false): Outcome {
  const result = spawnSync(process.execPath, mtlNodeArgs(args, fault ? [FAULT] : []), {
    cwd: data.dir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `mtl ARGS…` in this process (no fault injected): exit code and output. */
async function mtlHere(args: readonly string[]): Promise<Outcome> {
  const { io, stdout, stderr } = captureIo(data.dir);
  const status = await runCommand(args.slice(1), io);
  return { status, stdout: stdout(), stderr: stderr() };
}

/** Every checkpoint left reads whole, and no temp file is left. */
function expectOnlyWholeFiles(out: string): void {
  expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  for (const file of checkpointFiles(out)) expect(() => readCheckpointFile(file)).not.toThrow();
  if (existsSync(path.join(out, 'result.json')))
    expect(() => JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'))).not.toThrow();
}

describe('a disk that fills up during a run', () => {
  it('ends with a clear message and exit 1, keeps whole files only, and resumes to the uninterrupted result', async () => {
    const reference = await mtlHere(['run', 'tiny.mtl', '--quiet', '--backend', 'cpu', '--out', 'ref']);
    expect(reference.status).toBe(0);
    const out = path.join(data.dir, 'full');
    // About two epochs of checkpoint + curves + result fit; a later write runs out of space part-way.
    const full = mtl(
      ['run', 'tiny.mtl', '--quiet', '--backend', 'cpu', '--out', 'full'],
      { MTL_FAULT_DIR: out, MTL_FAULT_BUDGET: '20000' },
      true,
    );
    expect(full.status).toBe(1);
    expect(full.stderr).toMatch(
      /^mtl run: could not write \S+\/full\/\S+: no space left on device \(ENOSPC\); free some space and run again; the previous version of the file, if any, is unchanged\n$/m,
    );
    expect(full.stderr).not.toMatch(/^\s+at /m);
    expectOnlyWholeFiles(out);
    expect(checkpointFiles(out).length).toBeGreaterThan(0);

    const resumed = await mtlHere([
      'run',
      'tiny.mtl',
      '--quiet',
      '--backend',
      'cpu',
      '--out',
      'full',
      '--resume',
    ]);
    expect(resumed.status).toBe(0);
    const a = readCheckpointFile(path.join(out, 'checkpoint.json'));
    const b = readCheckpointFile(path.join(data.dir, 'ref', 'checkpoint.json'));
    expect(a.params).toEqual(b.params);
    expect(a.curves).toEqual(b.curves);
  });

  it('writes every byte when the disk accepts only part of each write', () => {
    const out = path.join(data.dir, 'short');
    const run = mtl(
      ['run', 'tiny.mtl', '--quiet', '--backend', 'cpu', '--out', 'short'],
      { MTL_FAULT_DIR: out, MTL_FAULT_SHORT: '1' },
      true,
    );
    expect(run.status).toBe(0);
    expectOnlyWholeFiles(out);
    expect(readCheckpointFile(path.join(out, 'checkpoint.json')).position).toEqual({ epoch: 4, batch: 0 });
  });

  describe.runIf(isRoot)('on a real tmpfs (root only)', () => {
    let mount: string | null = null;
    afterEach(() => {
      if (mount) execFileSync('umount', [mount]);
      mount = null;
    });
    const tmpfs = (size: string, options = '') => {
      mount = tempDir('mtl-tmpfs-');
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', mount]);
      return mount;
    };

    it('64 KiB: the first checkpoint does not fit; exit 1, a message, no partial file', () => {
      const out = tmpfs('64k');
      const run = mtl(['run', 'wide.mtl', '--quiet', '--backend', 'cpu', '--out', out]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^mtl run: could not write .*: no space left on device \(ENOSPC\)/m);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expectOnlyWholeFiles(out);
    });

    it('3 MiB: a later checkpoint does not fit; the earlier one is kept whole', () => {
      const out = tmpfs('3m');
      const run = mtl(['run', 'wide.mtl', '--quiet', '--backend', 'cpu', '--out', out]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/no space left on device \(ENOSPC\)/);
      expectOnlyWholeFiles(out);
      expect(checkpointFiles(out).length).toBeGreaterThan(0);
    });

    it('a read-only file system: fails at once, exit 1', async () => {
      const out = tmpfs('64k', ',ro');
      const run = await mtlHere(['run', 'tiny.mtl', '--quiet', '--backend', 'cpu', '--out', out]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `mtl run: cannot write to the run folder ${out}: the file system is read-only\n`,
      );
      const below = await mtlHere([
        'run',
        'tiny.mtl',
        '--quiet',
        '--backend',
        'cpu',
        '--out',
        path.join(out, 'x'),
      ]);
      expect(below.stderr).toBe(
        `mtl run: cannot create the run folder ${out}/x: ${out}/x: the file system is read-only\n`,
      );
    });
  });
});

function start(args: readonly string[]): { child: ChildProcess; done: Promise<Outcome> } {
  const child = spawn(process.execPath, mtlNodeArgs(args), {
    cwd: data.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const done = new Promise<Outcome>((resolve) =>
    child.on('exit', (status) => resolve({ status, stdout, stderr })),
  );
  return { child, done };
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('two processes, one run folder', () => {
  it('the second refuses with the first one pid; the first finishes undisturbed', async () => {
    rmSync(path.join(data.dir, 'shared'), { recursive: true, force: true });
    const first = start(['run', 'long.mtl', '--backend', 'cpu', '--out', 'shared']);
    await waitFor(() => existsSync(path.join(data.dir, 'shared', 'checkpoint.json')));
    const second = await mtlHere([
      'run',
      'long.mtl',
      '--quiet',
      '--backend',
      'cpu',
      '--out',
      'shared',
      '--resume',
    ]);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`^mtl run: the run folder \\S+/shared is in use by process ${first.child.pid} on `),
    );
    first.child.kill('SIGINT');
    expect((await first.done).status).toBe(130);
  });
});

describe('Ctrl-C and an unfinished run folder', () => {
  it('prints the exact command that resumes this run; re-running without --resume says what to do', async () => {
    rmSync(path.join(data.dir, 'r'), { recursive: true, force: true });
    const args = ['run', 'long.mtl', '--backend', 'cpu', '--epochs', '90000', '--out', 'r'];
    const first = start(args);
    await waitFor(() => existsSync(path.join(data.dir, 'r', 'checkpoint.json')));
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.status).toBe(130);
    const resume = 'mtl run long.mtl --backend cpu --epochs 90000 --out r --resume';
    expect(stopped.stderr).toMatch(
      new RegExp(`\\nstopped (in|after) epoch .*; continue with \`${resume}\`\\n`),
    );
    expect(stopped.stdout).toMatch(
      new RegExp(`^tiny: stopped after \\d+ of 90000 epochs \\(resume with \`${resume}\`\\)`),
    );

    const again = captureIo(data.dir);
    expect(await runCommand(args.slice(1), again.io)).toBe(1);
    const position = readCheckpointFile(path.join(data.dir, 'r', 'checkpoint.json')).position;
    expect(again.stderr()).toBe(
      `mtl run: ${path.join(data.dir, 'r')} holds an unfinished run of tiny (${position.epoch} of 90000 epochs done); ` +
        `resume it with \`${resume}\`, or start over with \`mtl run long.mtl --backend cpu --epochs 90000 --out r --fresh\`\n`,
    );

    const fresh = captureIo(data.dir);
    const freshArgs = ['long.mtl', '--backend', 'cpu', '--epochs', '2', '--out', 'r', '--fresh', '--quiet'];
    expect(await runCommand(freshArgs, fresh.io)).toBe(0);
    expect(readCheckpointFile(path.join(data.dir, 'r', 'checkpoint.json')).position).toEqual({
      epoch: 2,
      batch: 0,
    });
    mkdirSync(path.join(data.dir, 'r'), { recursive: true });
  });
});

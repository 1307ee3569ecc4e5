// Determinism and exact resume: a run stopped after a checkpoint (abort,
// SIGINT, or SIGKILL of its process) and resumed ends with the very weights of
// an uninterrupted run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import { runProgram } from '../../src/runtime/run-program.js';
import {
  readCheckpoint,
  resumableProgram,
  type TinyData,
  tempDir,
  writeTinyIdx,
} from '../harness/runtime.js';

const CHILD = fileURLToPath(new URL('./fixtures/train-child.ts', import.meta.url));
let data: TinyData;
let reference: CheckpointFile;

const run = async (out: string, extra: Parameters<typeof runProgram>[1] = {}) =>
  runProgram(await resumableProgram(data.source), {
    out,
    progress: null,
    handleSignals: false,
    backend: 'wasm',
    ...extra,
  });

function expectSameTraining(actual: CheckpointFile, expected: CheckpointFile): void {
  expect(actual.position).toEqual(expected.position);
  expect(actual.params).toEqual(expected.params);
  expect(actual.velocity).toEqual(expected.velocity);
  expect(actual.curves).toEqual(expected.curves);
  expect(actual.evaluations).toEqual(expected.evaluations);
  expect(actual.stepsTaken).toBe(expected.stepsTaken);
}

beforeAll(async () => {
  data = writeTinyIdx({ train: 24, test: 6 });
  const out = tempDir();
  await run(out);
  reference = readCheckpoint(out);
});

describe('determinism', () => {
  it('gives bit-identical weights, momentum and curves on a second run', async () => {
    const out = tempDir();
    const result = await run(out);
    expect(result.status).toBe('completed');
    expectSameTraining(readCheckpoint(out), reference);
    expect(Object.keys(reference.velocity).length).toBeGreaterThan(0);
  });
});

describe('resume', () => {
  it('continues a run stopped mid-epoch to the same final weights', async () => {
    const out = tempDir();
    const controller = new AbortController();
    let steps = 0;
    const first = await run(out, {
      signal: controller.signal,
      onStep: () => {
        if (++steps === 13) controller.abort();
      },
    });
    expect(first.status).toBe('interrupted');
    const saved = readCheckpoint(out);
    expect(saved.position.batch).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')).status).toBe('interrupted');
    const second = await run(out, { resume: true });
    expect(second.status).toBe('completed');
    expect(second.resumedFrom).toEqual(saved.position);
    expectSameTraining(readCheckpoint(out), reference);
  });

  it('starts afresh when asked to resume without a checkpoint', async () => {
    const out = tempDir();
    const result = await run(out, { resume: true });
    expect(result.resumedFrom).toBeNull();
    expectSameTraining(readCheckpoint(out), reference);
  });
});

function startChild(out: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, '--out', out, '--quiet', '--backend', 'wasm'],
    {
      env: { ...process.env, MTL_TEST_SOURCE: data.source, MTL_TEST_DELAY: '40' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => {
      if (code !== 0 && code !== 130 && signal === null) console.error(stderr);
      resolve(code);
    });
  });
  return { child, exited };
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the child');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a trainer process stopped from outside', () => {
  it('killed (SIGKILL) after a checkpoint, then resumed, ends with the uninterrupted weights', async () => {
    const out = tempDir();
    const { child, exited } = startChild(out);
    await waitFor(() => existsSync(path.join(out, 'checkpoint.json')));
    child.kill('SIGKILL');
    await exited;
    const killedAt = readCheckpoint(out).position;
    expect(killedAt.epoch).toBeLessThan(6);
    const resumed = await run(out, { resume: true });
    expect(resumed.resumedFrom).toEqual(killedAt);
    expectSameTraining(readCheckpoint(out), reference);
  });

  it('interrupted (SIGINT) finishes its batch, saves a checkpoint and exits with 130', async () => {
    const out = tempDir();
    const { child, exited } = startChild(out);
    await waitFor(() => existsSync(path.join(out, 'checkpoint.json')));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
    expect(result.status).toBe('interrupted');
    expect(readdirSync(out).sort()).toEqual([
      'checkpoint.1.json',
      'checkpoint.json',
      'curves.csv',
      'result.json',
    ]);
    await run(out, { resume: true });
    expectSameTraining(readCheckpoint(out), reference);
  });
});

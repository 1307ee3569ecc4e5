// On the onnx backend too, a run is deterministic and a resumed run ends with
// the very weights, momentum and curves of an uninterrupted one (with the
// prefetch worker on, as it is by default on two cores).
import { beforeAll, describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import { runProgram } from '../../src/runtime/run-program.js';
import {
  readCheckpoint,
  resumableExperiment,
  type TinyData,
  tempDir,
  writeTinyIdx,
} from '../harness/runtime.js';

let data: TinyData;
let reference: CheckpointFile;

const run = async (out: string, extra: Parameters<typeof runProgram>[1] = {}) =>
  runProgram(await importTrainer(resumableExperiment(), { source: data.source }), {
    out,
    progress: null,
    handleSignals: false,
    backend: 'onnx',
    prefetch: true,
    ...extra,
  });

beforeAll(async () => {
  data = writeTinyIdx({ train: 24, test: 6 });
  const out = tempDir();
  const result = await run(out);
  expect(result.backend).toBe('onnx');
  reference = readCheckpoint(out);
});

describe('onnx backend', () => {
  it('records itself and evaluates the network', () => {
    expect(reference.backend).toBe('onnx');
    expect(reference.evaluations.length).toBeGreaterThan(0);
    expect(reference.evaluations.every((e) => e.testError !== null && e.testError <= 1)).toBe(true);
    expect(Object.keys(reference.velocity).length).toBeGreaterThan(0);
  });

  it('gives bit-identical weights on a second run', async () => {
    const out = tempDir();
    await run(out);
    const again = readCheckpoint(out);
    expect(again.params).toEqual(reference.params);
    expect(again.velocity).toEqual(reference.velocity);
    expect(again.curves).toEqual(reference.curves);
  });

  it('resumes a run stopped mid-epoch to the same final weights', async () => {
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
    const second = await run(out, { resume: true });
    expect(second.resumedFrom).toEqual(saved.position);
    const final = readCheckpoint(out);
    expect(final.params).toEqual(reference.params);
    expect(final.velocity).toEqual(reference.velocity);
    expect(final.curves).toEqual(reference.curves);
    expect(final.evaluations).toEqual(reference.evaluations);
    expect(final.stepsTaken).toBe(reference.stepsTaken);
  });
});

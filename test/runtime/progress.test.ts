import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import { selectBackend } from '../../src/runtime/backend.js';
import { Progress } from '../../src/runtime/progress.js';
import { runProgram } from '../../src/runtime/run-program.js';
import { makeExperiment, tempDir, writeTinyIdx } from '../harness/runtime.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (text: string) => chunks.push(text) };
}

const snapshot = {
  epoch: 0,
  batch: 3,
  batches: 4,
  lambdaS: 0.25,
  lambdaR: 0.75,
  lr: 0.01,
  supervisedLoss: 1.23456,
  reconstructionLoss: null,
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('progress', () => {
  it('redraws one line in place on a TTY', () => {
    const out = stream(true);
    const progress = new Progress(out, 2, 8);
    progress.batch(snapshot);
    progress.finishLine();
    const clearLine = '\r\x1b[K';
    expect(out.chunks[0].startsWith(clearLine)).toBe(true);
    expect(out.chunks[0].slice(clearLine.length)).toMatch(
      /^\[#{10}\.{10}\] epoch 1\/2 batch 4\/4 λs=0\.25 λr=0\.75 lr=0\.01 Js=1\.235 Jr=- ETA \d+s$/,
    );
    expect(out.chunks[1]).toBe('\n');
  });

  it('writes plain lines (no bar) when not a TTY', () => {
    const out = stream(false);
    const progress = new Progress(out, 2, 8);
    progress.batch(snapshot);
    progress.epoch(snapshot, null);
    progress.epoch({ ...snapshot, epoch: 1 }, 'validation error 1.00%');
    expect(out.chunks).toHaveLength(2);
    expect(out.chunks[0]).toMatch(/^epoch 1\/2 batch 4\/4 λs=0\.25 .*\n$/);
    expect(out.chunks[1]).toMatch(/^epoch 2\/2 .* validation error 1\.00%\n$/);
  });

  it('reports to the given stream during a run, and leaves no tensors behind', async () => {
    const data = writeTinyIdx({ train: 24, test: 6 });
    const out = stream(false);
    const before = tf.memory().numTensors;
    await runProgram(
      await importTrainer(makeExperiment({ reconstruct: [{}], momentum: 0.5 }), { source: data.source }),
      {
        out: tempDir(),
        progress: out,
        handleSignals: false,
      },
    );
    expect(tf.memory().numTensors).toBe(before);
    const text = out.chunks.join('');
    expect(text).toMatch(/^mtl: tiny on the \w+ backend, 2 epochs, 6 labeled \+ 10 unlabeled\n/);
    expect(text).toMatch(/epoch 2\/2 .* validation error \d+\.\d\d% test error \d+\.\d\d%\n$/);
  });
});

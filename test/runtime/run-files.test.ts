// What a run leaves in its folder: whole files only, result.json and
// curves.csv as documented; and a diverging run's fault report.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import { MtlRuntimeError, TrainingDivergedError } from '../../src/runtime/errors.js';
import { defaultRunDir } from '../../src/runtime/io/run-dir.js';
import { stepCodeHash } from '../../src/runtime/run-identity.js';
import { runProgram } from '../../src/runtime/run-program.js';
import { bin, cond } from '../harness/codegen.js';
import {
  makeExperiment,
  num,
  readCheckpoint,
  T_VAR,
  tempDir,
  untilEpoch,
  writeTinyIdx,
} from '../harness/runtime.js';

const data = writeTinyIdx({ train: 24, test: 6 });

describe('run folder', () => {
  it('holds result.json, curves.csv and the last two checkpoints, and no temp or lock files', async () => {
    const experiment = makeExperiment({ reconstruct: [{}], epochs: 3, evaluateEvery: 2, checkpointEvery: 1 });
    const cwd = tempDir();
    const program = await importTrainer(experiment, { source: data.source });
    const result = await runProgram(program, {
      cwd,
      progress: null,
      handleSignals: false,
    });
    const code = stepCodeHash(program);
    expect(result.runDir).toBe(defaultRunDir(experiment, { cwd, epochs: 3, code }));
    expect(path.basename(result.runDir)).toBe(`tiny-0123456789abcdef-${code}`);
    expect(readdirSync(result.runDir).sort()).toEqual([
      'checkpoint.1.json',
      'checkpoint.json',
      'curves.csv',
      'result.json',
    ]);

    const saved = JSON.parse(readFileSync(path.join(result.runDir, 'result.json'), 'utf8'));
    expect(saved).toMatchObject({
      format: 'mtl-result',
      status: 'completed',
      experiment: 'tiny',
      hash: experiment.hash,
      code,
      seed: 7,
      backend: result.backend,
      epochs: 3,
      epochsCompleted: 3,
      skipBelow: null,
      stepsSkipped: 0,
      ir: experiment,
      schedule: { lambdaS: [0.5, 0.5, 0.5], lambdaR: [0.5, 0.5, 0.5], lr: [0.1, 0.1, 0.1] },
    });
    // evaluate every 2 epochs, and at the end
    expect(saved.evaluations.map((e: { epoch: number }) => e.epoch)).toEqual([2, 3]);
    expect(saved.final).toEqual({ validationError: result.validationError, testError: result.testError });
    expect(saved.seconds).toBeGreaterThan(0);

    const lines = readFileSync(path.join(result.runDir, 'curves.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'epoch,lambda_s,lambda_r,lr,loss_supervised,loss_reconstruction,validation_error,test_error',
    );
    expect(lines).toHaveLength(4);
    const cells = lines.map((line) => line.split(','));
    // Epochs are numbered 1…T everywhere (evaluations above, curves here, progress lines).
    expect(cells.slice(1).map((row) => row[0])).toEqual(['1', '2', '3']);
    expect(cells[1][6]).toBe('');
    expect(Number(cells[2][6])).toBe(saved.evaluations[0].validationError);
    expect(Number(cells[1][4])).toBeGreaterThan(0);
    expect(Number(cells[1][5])).toBeGreaterThan(0);
    expect(readCheckpoint(result.runDir).position).toEqual({ epoch: 3, batch: 0 });
  });

  it('gives an --epochs override its own folder', () => {
    const experiment = makeExperiment({ epochs: 3 });
    expect(defaultRunDir(experiment, { cwd: '/x', epochs: 5 })).toBe('/x/runs/tiny-0123456789abcdef-T5');
    expect(defaultRunDir(experiment, { cwd: '/x', epochs: 5, code: 'c0de1234', limit: 40 })).toBe(
      '/x/runs/tiny-0123456789abcdef-c0de1234-T5-limit40',
    );
  });
});

describe('a diverging run', () => {
  it('stops with the epoch, batch and step, and keeps the last good checkpoint', async () => {
    // Sane for epoch 0 (checkpointed), then lr = 1e30: weights near 1e30 make the squared error overflow.
    const lr = untilEpoch(1, 0.1, 1e30);
    const reconstruct = [{ cost: 'squared_error', decoder: { tied: false, activation: 'linear' } }] as const;
    const experiment = makeExperiment({ reconstruct, epochs: 3, checkpointEvery: 1, lr });
    const out = tempDir();
    const run = runProgram(await importTrainer(experiment, { source: data.source }), {
      out,
      progress: null,
      handleSignals: false,
    });
    await expect(run).rejects.toThrow(TrainingDivergedError);
    await expect(run).rejects.toThrow(
      /^training diverged in epoch 2 \(t = 1\), batch \d, step \d \(\w+\): (the \w+ loss|weight \S+) became NaN or infinite; the last good checkpoint is kept: .*checkpoint\.json\. Try a smaller learning rate\.$/,
    );
    const checkpoint = readCheckpoint(out);
    expect(checkpoint.position).toEqual({ epoch: 1, batch: 0 });
    for (const { float32 } of Object.values(checkpoint.params)) {
      const bytes = Buffer.from(float32, 'base64');
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      expect(values.every(Number.isFinite)).toBe(true);
    }
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
    expect(result.status).toBe('diverged');
    expect(result.message).toMatch(/^training diverged in epoch 2 /);
    expect(readdirSync(out).sort()).toEqual(['checkpoint.json', 'curves.csv', 'result.json']);
  });
});

describe('a schedule that is not a number', () => {
  it('stops with the name of the weight and the epoch', async () => {
    const experiment = makeExperiment({
      reconstruct: [{}],
      epochs: 2,
      // 0/0: the IR holds only finite literals (JSON), so NaN comes from the arithmetic.
      reconstruction: cond(bin('<', T_VAR, num(1)), num(0.5), bin('/', num(0), num(0))),
    });
    const run = runProgram(await importTrainer(experiment, { source: data.source }), {
      out: tempDir(),
      progress: null,
      handleSignals: false,
    });
    await expect(run).rejects.toThrow(MtlRuntimeError);
    await expect(run).rejects.toThrow("λ_r(t) is NaN at t = 1 (epoch 2); check the spec's expression");
  });
});

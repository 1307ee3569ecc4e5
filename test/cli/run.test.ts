import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { captureIo, smallSpec } from '../harness/codegen.js';
import { linePaths, pointCount, texts } from '../harness/plot.js';
import { readCheckpoint, writeTinyIdx } from '../harness/runtime.js';

/** Test images the checkpoint's network (16 → h1 sigmoid → y softmax) gets wrong, in float64. */
function misclassified(dir: string, checkpoint: CheckpointFile): number {
  const tensor = (name: string) => {
    const bytes = Buffer.from(checkpoint.params[name].float32, 'base64');
    return {
      values: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
      shape: checkpoint.params[name].shape,
    };
  };
  const dense = (x: readonly number[], name: string, f: (a: number) => number) => {
    const W = tensor(`${name}.W`);
    const b = tensor(`${name}.b`);
    const [rows, cols] = W.shape;
    return Array.from({ length: cols }, (_, j) => {
      let a = b.values[j];
      for (let i = 0; i < rows; i++) a += x[i] * W.values[i * cols + j];
      return f(a);
    });
  };
  const images = readFileSync(join(dir, 'test-images.idx')).subarray(16);
  const labels = readFileSync(join(dir, 'test-labels.idx')).subarray(8);
  let wrong = 0;
  for (let n = 0; n < labels.length; n++) {
    const x = Array.from(images.subarray(n * 16, (n + 1) * 16), (v) => v / 255);
    const h = dense(x, 'h1', (a) => 1 / (1 + Math.exp(-a)));
    const y = dense(h, 'y', (a) => a);
    if (y.indexOf(Math.max(...y)) !== labels[n]) wrong++;
  }
  return wrong;
}

// 4×4 images of 3 classes: a run takes well under a second.
function tinySpec(name: string): string {
  return `experiment ${name} {
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
  network { input 16 dense h1 8 sigmoid output y 3 softmax }
  reconstruct h1 { noise mask(0.25) }
  weights schedule lin(2)
  train {
    epochs 3
    batch 20
    optimizer sgd(momentum: 0.5)
    lr = 0.5
    seed 7
    order alternate {
      step reconstruction on batch
      step supervised on labeled
    }
  }
}
`;
}

describe('mtl run', () => {
  it('checks, compiles and trains an experiment, and reports where the results are', async () => {
    const data = writeTinyIdx({ train: 120, test: 30 });
    writeFileSync(join(data.dir, 'tiny.mtl'), tinySpec('tiny'));
    const { io, stdout, stderr } = captureIo(data.dir);
    expect(await runCommand(['tiny.mtl', '--out', 'runs/tiny', '--backend', 'cpu'], io)).toBe(0);
    expect(stderr()).toContain('mtl: tiny on the cpu backend, 3 epochs, 40 labeled + 40 unlabeled');
    const result = JSON.parse(readFileSync(join(data.dir, 'runs/tiny/result.json'), 'utf8')) as ResultFile;
    expect(result).toMatchObject({
      status: 'completed',
      experiment: 'tiny',
      source: 'tiny.mtl',
      epochs: 3,
      epochsCompleted: 3,
    });
    expect(result.schedule.lambdaS).toEqual([0, 0.5, 1]);
    const test = result.final?.testError;
    // The reported test error is the share of the 30 test images the final weights
    // misclassify, counted here with a forward pass of our own.
    expect(test).toBe(misclassified(data.dir, readCheckpoint(join(data.dir, 'runs/tiny'))) / 30);
    expect(result.evaluations.at(-1)?.testError).toBe(test);
    // The summary's time is taken a moment after result.json's, so its rounding may differ by 1 s.
    const printed = /^tiny: trained 3 epochs in (\d+)s on/.exec(stdout())?.[1];
    expect(Math.abs(Number(printed) - result.seconds)).toBeLessThan(1);
    expect(stdout()).toBe(
      [
        `tiny: trained 3 epochs in ${printed}s on the cpu backend`,
        `  validation error  ${(result.final!.validationError! * 100).toFixed(2)}%`,
        `  test error        ${(test! * 100).toFixed(2)}%`,
        '  results           runs/tiny/ (result.json, curves.csv)',
        '  plot              runs/tiny/curves.svg',
        '',
      ].join('\n'),
    );
    // The learning curves of the run: 3 epochs, evaluated at the end only, so one point per error curve.
    const svg = readFileSync(join(data.dir, 'runs/tiny/curves.svg'), 'utf8');
    expect(texts(svg)).toEqual(expect.arrayContaining(['tiny', 'epochs trained', 'error (%)']));
    const counts = linePaths(svg).map(pointCount);
    expect(counts.slice(0, 2)).toEqual([1, 1]);
    // J_s and J_r: one mean per epoch (a straight stretch on the log scale keeps its ends only).
    expect(counts.slice(2).map((n) => n >= 2 && n <= 3)).toEqual([true, true]);
  });

  it('honours --epochs, --quiet and --no-plot', async () => {
    const data = writeTinyIdx({ train: 120, test: 30 });
    writeFileSync(join(data.dir, 'tiny.mtl'), tinySpec('tiny'));
    const { io, stdout, stderr } = captureIo(data.dir);
    expect(
      await runCommand(
        ['tiny.mtl', '--epochs', '1', '--quiet', '--out', 'r', '--backend', 'cpu', '--no-plot'],
        io,
      ),
    ).toBe(0);
    expect(existsSync(join(data.dir, 'r/curves.svg'))).toBe(false);
    expect(stderr()).toBe('');
    expect(stdout()).toMatch(/^tiny: trained 1 epoch in /);
    expect(JSON.parse(readFileSync(join(data.dir, 'r/result.json'), 'utf8'))).toMatchObject({ epochs: 1 });
  });

  it('asks which experiment to run when the file declares several', async () => {
    const data = writeTinyIdx({ train: 120, test: 30 });
    writeFileSync(join(data.dir, 'two.mtl'), tinySpec('one') + tinySpec('two'));
    const several = captureIo(data.dir);
    expect(await runCommand(['two.mtl', '--quiet'], several.io)).toBe(2);
    expect(several.stderr()).toContain(
      'two.mtl declares 2 experiments (one, two); choose one with --experiment NAME',
    );
    expect(existsSync(join(data.dir, 'runs'))).toBe(false);

    const named = captureIo(data.dir);
    expect(
      await runCommand(
        ['two.mtl', '--experiment', 'two', '--quiet', '--epochs', '1', '--backend', 'cpu'],
        named.io,
      ),
    ).toBe(0);
    expect(named.stdout()).toMatch(/^two: trained 1 epoch/);
    expect(named.stdout()).toMatch(/results {11}runs\/two-[0-9a-f]{16}-[0-9a-f]{8}-T1\/ /);
  });

  it('exits 1 on spec errors and on runtime errors, 2 on bad flags or a missing file', async () => {
    const data = writeTinyIdx({ train: 120, test: 30 });
    writeFileSync(join(data.dir, 'bad.mtl'), tinySpec('bad').replace('lr = 0.5', 'lr = 0.5 + q'));
    const bad = captureIo(data.dir);
    expect(await runCommand(['bad.mtl'], bad.io)).toBe(1);
    expect(bad.stderr()).toMatch(/^bad\.mtl:\d+:\d+: error MTL\d{3}: /m);

    // A run folder inside a file: a runtime error, reported plainly (no stack trace).
    writeFileSync(join(data.dir, 'small.mtl'), smallSpec());
    const short = captureIo(data.dir);
    expect(
      await runCommand(['small.mtl', '--out', 'small.mtl/run', '--quiet', '--backend', 'cpu'], short.io),
    ).toBe(1);
    expect(short.stderr()).toBe(
      `mtl run: cannot use ${join(data.dir, 'small.mtl/run')} as the run folder: ${join(data.dir, 'small.mtl')} is a file, not a folder\n`,
    );

    for (const argv of [
      ['missing.mtl'],
      ['small.mtl', '--epochs', '0'],
      ['small.mtl', '--backend', 'gpu'],
      ['small.mtl', '--limit', 'x'],
      ['--frob'],
    ]) {
      const { io, stderr } = captureIo(data.dir);
      expect(await runCommand(argv, io), argv.join(' ')).toBe(2);
      expect(stderr()).toMatch(/^mtl run: /);
    }
  });
});

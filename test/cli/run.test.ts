import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run.js';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { captureIo, smallSpec } from '../harness/codegen.js';
import { linePaths, pointCount, texts } from '../harness/plot.js';
import { writeTinyIdx } from '../harness/runtime.js';

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
    expect(test).toBeTypeOf('number');
    expect(stdout()).toBe(
      [
        `tiny: trained 3 epochs in ${Math.round(result.seconds)}s on the cpu backend`,
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

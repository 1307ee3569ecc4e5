// `skip below EPS`: parsed, formatted, lowered into the IR (absent when not
// written, so other IRs keep their hash), shown by the checker (MTL206), and
// honoured by the runtime: a step whose weight is below EPS is not taken, and
// result.json records EPS and how many steps it dropped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipBelowRule } from '../../../src/check/rules/skip-below.js';
import { checkText } from '../../../src/driver/check.js';
import { importTrainer } from '../../../src/driver/import-trainer.js';
import type { ResultFile } from '../../../src/runtime/io/results.js';
import { runProgram } from '../../../src/runtime/run-program.js';
import type { StepEvent } from '../../../src/runtime/train/step-event.js';
import { formatText } from '../../../src/syntax/format.js';
import { expectDiagnostics, spec } from '../../harness/check.js';
import { makeExperiment, num, T_VAR, tempDir, writeTinyIdx } from '../../harness/runtime.js';

const TRAIN = 'train { epochs 5000 batch 100 lr = 0.01 skip below 1e-6 }';

describe('skip below EPS in the language', () => {
  it('is shown by the checker: from which epoch λ_r(t) < EPS', () => {
    expectDiagnostics(
      spec({ train: TRAIN }),
      [
        {
          code: 'MTL206',
          line: 7,
          column: 54,
          message: 'skip below 1e-6 skips steps where λ_r(t) < 1e-6 at 4447 of 5000 epochs, from epoch 553',
        },
      ],
      { rules: [skipBelowRule] },
    );
  });

  it('lowers to train.skipBelow, and leaves IRs without it unchanged', () => {
    const withSkip = checkText(spec({ train: TRAIN }), 'e.mtl').ir!.experiments[0];
    expect(withSkip.train.skipBelow).toBe(1e-6);
    const without = checkText(spec({ train: 'train { epochs 5000 batch 100 lr = 0.01 }' }), 'e.mtl').ir!
      .experiments[0];
    expect('skipBelow' in without.train).toBe(false);
    expect(withSkip.hash).not.toBe(without.hash);
  });

  it('formats canonically', () => {
    const result = formatText(
      spec({ train: 'train { epochs 50 batch 100 lr = 0.01   skip   below 0.001 }' }),
      'e.mtl',
    );
    expect(result.text).toContain('  skip below 0.001\n');
  });

  it('rejects a missing threshold', () => {
    const codes = checkText(
      spec({ train: 'train { epochs 50 batch 100 lr = 0.01 skip below }' }),
      'e.mtl',
    ).diagnostics.map((d) => d.code);
    expect(codes).toContain('MTL002');
  });
});

describe('skip below EPS at run time', () => {
  it('drops the steps whose weight is below EPS and records them', async () => {
    const data = writeTinyIdx({ train: 24, test: 6 });
    // λ_r = 0.5·10^−t: 0.5, 0.05, 0.005; with EPS 0.01 the third epoch's reconstruction steps are skipped.
    const lambdaR = {
      op: 'binary',
      operator: '*',
      left: num(0.5),
      right: { op: 'binary', operator: '^', left: num(0.1), right: T_VAR },
    } as const;
    const experiment = makeExperiment({ reconstruct: [{}], epochs: 3, reconstruction: lambdaR });
    const steps: StepEvent[] = [];
    const out = tempDir();
    await runProgram(
      await importTrainer(
        { ...experiment, train: { ...experiment.train, skipBelow: 0.01 } },
        { source: data.source },
      ),
      { out, progress: null, handleSignals: false, backend: 'onnx', onStep: (event) => steps.push(event) },
    );
    const reconstructionEpochs = new Set(
      steps.filter((s) => s.objective === 'reconstruction').map((s) => s.epoch),
    );
    expect([...reconstructionEpochs].sort()).toEqual([0, 1]);
    expect(steps.some((s) => s.objective === 'supervised' && s.epoch === 2)).toBe(true);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as ResultFile;
    expect(result.skipBelow).toBe(0.01);
    const batches = steps.filter((s) => s.epoch === 0 && s.objective === 'reconstruction').length;
    expect(result.stepsSkipped).toBe(batches);
  });
});

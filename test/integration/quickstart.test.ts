// The README's first command, end to end: `mtl run specs/quickstart.mtl` trains on
// the real MNIST files and reaches under 15% test error (the spec's full 20 epochs,
// about 15–25 s on a 2-core machine).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run.js';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { loadOrt } from '../../src/runtime/onnx/ort.js';
import { captureIo } from '../harness/codegen.js';
import { linePaths, pointCount } from '../harness/plot.js';

const root = new URL('../..', import.meta.url).pathname;

it('trains the quickstart on real MNIST to under 15% test error', { timeout: 180_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'mtl-quickstart-'));
  const { io, stdout } = captureIo(root);
  expect(await runCommand(['specs/quickstart.mtl', '--out', out, '--quiet'], io)).toBe(0);
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as ResultFile;
  expect(result.status).toBe('completed');
  expect(result.epochsCompleted).toBe(20);
  // No --backend: the default is onnx, as onnxruntime-node (a dependency) loads here.
  expect(loadOrt(), 'onnxruntime-node must load on this machine').not.toBeNull();
  expect(result.backend).toBe('onnx');
  expect(stdout()).toMatch(/^quickstart: trained 20 epochs in \d+s on the onnx backend$/m);
  expect(result.final?.testError).toBeLessThan(0.15);
  expect(result.final?.validationError).toBeLessThan(0.15);
  // Evaluated every 5 epochs, as the spec says; one curves.csv row per epoch.
  expect(result.evaluations.map((e) => e.epoch)).toEqual([5, 10, 15, 20]);
  expect(readFileSync(join(out, 'curves.csv'), 'utf8').trim().split('\n')).toHaveLength(21);
  expect(stdout()).toMatch(/test error +\d+\.\d\d%/);
  // The learning curves drawn at the end: 4 evaluations per error curve, J_s and J_r over 20 epochs.
  expect(stdout()).toContain(`plot              ${join(out, 'curves.svg')}`);
  const counts = linePaths(readFileSync(join(out, 'curves.svg'), 'utf8')).map(pointCount);
  expect(counts.slice(0, 2)).toEqual([4, 4]);
  expect(counts).toHaveLength(4);
});

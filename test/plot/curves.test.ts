import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { plotCommand } from '../../src/cli/plot.js';
import { runCommand } from '../../src/cli/run.js';
import { CURVE_NAMES, curvesChart } from '../../src/plot/curves-chart.js';
import { renderSvg } from '../../src/plot/render.js';
import { distinctLabels, parseCurvesCsv, type RunCurves } from '../../src/plot/run-curves.js';
import { captureIo } from '../harness/codegen.js';
import { linePaths, pointCount, texts, tinyRunSpec } from '../harness/plot.js';
import { writeTinyIdx } from '../harness/runtime.js';

const csv = `epoch,lambda_s,lambda_r,lr,loss_supervised,loss_reconstruction,validation_error,test_error
0,0,1,0.5,,0.7,,
1,0.5,0.5,0.5,1.2,0.6,0.5,0.25
2,1,0,0.5,0.9,,0.4,0.2
`;

describe('parseCurvesCsv', () => {
  it('reads curves.csv by its header, epochs as epochs trained, empty cells as null', () => {
    expect(parseCurvesCsv(csv)).toEqual([
      { epoch: 1, supervisedLoss: null, reconstructionLoss: 0.7, validationError: null, testError: null },
      { epoch: 2, supervisedLoss: 1.2, reconstructionLoss: 0.6, validationError: 0.5, testError: 0.25 },
      { epoch: 3, supervisedLoss: 0.9, reconstructionLoss: null, validationError: 0.4, testError: 0.2 },
    ]);
    expect(parseCurvesCsv('epoch,lr\n0,1\n')).toBe(
      'curves.csv lacks the columns loss_supervised, loss_reconstruction, validation_error, test_error',
    );
  });
});

describe('curvesChart', () => {
  it('draws errors in % and the losses of each run, one line per run and curve', async () => {
    const points = parseCurvesCsv(csv);
    if (typeof points === 'string') throw new Error(points);
    const run = (label: string): RunCurves => ({
      label,
      folder: `runs/${label}`,
      status: 'completed',
      points,
    });
    const svg = await renderSvg(curvesChart([run('mtl'), run('baseline')]));
    const words = texts(svg);
    expect(words).toEqual(
      expect.arrayContaining(['epochs trained', 'error (%)', 'loss (epoch mean)', 'mtl', 'baseline']),
    );
    expect(words).toEqual(expect.arrayContaining(Object.values(CURVE_NAMES)));
    // Per run: validation (2 points), test (2), J_s (2), J_r (2).
    expect(linePaths(svg).map(pointCount)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    // The error panel's y axis is in percent: 50 % and 20 % are inside it.
    expect(words).toContain('50');
  });

  it('tells runs of the same experiment apart by their folders', () => {
    const runs = distinctLabels([
      { label: 'a', folder: 'a-1', status: null, points: [] },
      { label: 'a', folder: 'a-2', status: null, points: [] },
      { label: 'b', folder: 'b-1', status: null, points: [] },
    ]);
    expect(runs.map((r) => r.label)).toEqual(['a-1', 'a-2', 'b']);
  });
});

describe('mtl plot curves', () => {
  let dir = '';
  beforeAll(async () => {
    dir = writeTinyIdx({ train: 120, test: 30 }).dir;
    writeFileSync(join(dir, 'mtl.mtl'), tinyRunSpec('mtl_run'));
    writeFileSync(join(dir, 'base.mtl'), tinyRunSpec('baseline_run', 'schedule supervised_only'));
    for (const [file, out] of [
      ['mtl.mtl', 'runs/mtl'],
      ['base.mtl', 'runs/base'],
    ]) {
      const { io } = captureIo(dir);
      expect(await runCommand([file!, '--quiet', '--backend', 'cpu', '--out', out!, '--no-plot'], io)).toBe(
        0,
      );
    }
  });

  it('overlays real runs, labelled by experiment', async () => {
    const { io, stdout, stderr } = captureIo(dir);
    expect(await plotCommand(['curves', 'runs/mtl', 'runs/base', '-o', 'curves.svg'], io)).toBe(0);
    expect(stderr()).toBe('');
    expect(stdout()).toBe('curves.svg: errors and losses of 2 runs\n');
    const svg = readFileSync(join(dir, 'curves.svg'), 'utf8');
    expect(texts(svg)).toEqual(expect.arrayContaining(['mtl_run', 'baseline_run', 'error (%)']));
    const counts = linePaths(svg).map(pointCount);
    // mtl_run: validation, test, J_s, J_r; baseline_run has no J_r (λ_r = 0, no reconstruction step).
    expect(counts).toHaveLength(7);
    // The error panel comes first: 4 epochs, evaluated after each, so 4 points per error curve.
    expect(counts.slice(0, 4)).toEqual([4, 4, 4, 4]);
    // Loss curves: at most one point per epoch (fewer where a stretch is straight on the log scale).
    for (const count of counts.slice(4)) expect(count).toBeGreaterThanOrEqual(2);
    for (const count of counts.slice(4)) expect(count).toBeLessThanOrEqual(4);
  });

  it('refuses a folder that is not a run', async () => {
    const { io, stderr } = captureIo(dir);
    expect(await plotCommand(['curves', 'runs/mtl', '.', '-o', 'x.png'], io)).toBe(1);
    expect(stderr()).toBe('mtl plot: .: no curves.csv (not a run folder, or no epoch finished yet)\n');
    const usage = captureIo(dir);
    expect(await plotCommand(['curves', '-o', 'x.png'], usage.io)).toBe(2);
    expect(usage.stderr()).toBe(
      "mtl plot curves: missing required argument 'run_dir'\nRun 'mtl plot curves --help' for usage.\n",
    );
  });
});

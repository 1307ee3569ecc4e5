import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/driver/check.js';
import type { MtlIr } from '../../src/ir/types.js';
import { validateIr } from '../../src/ir/validate.js';
import { idxHeader, MAIN, memoryHost, spec } from '../harness/check.js';

function irOf(src: string, files: Record<string, string | Uint8Array> = {}, path = MAIN): MtlIr {
  const result = checkText(src, path, { host: memoryHost(files) });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(validateIr(result.ir)).toEqual({ valid: true, errors: [] });
  return result.ir!;
}

describe('lowering an experiment', () => {
  it('inlines the network and fills in the defaults', () => {
    const [e] = irOf(spec({ reconstruct: 'reconstruct h1 { noise mask(0.25) }' })).experiments;
    expect(e.data).toEqual({ source: 'mnist', labeled: 1000, unlabeled: 1000, validation: 10000, seed: 0 });
    expect(e.network).toEqual({
      name: 'nn1',
      input: 784,
      hidden: [
        { name: 'h1', units: 50, activation: 'sigmoid' },
        { name: 'h2', units: 40, activation: 'sigmoid' },
      ],
      output: { name: 'y', units: 10, activation: 'softmax' },
    });
    expect(e.reconstruct).toEqual([
      {
        layer: 'h1',
        layerIndex: 0,
        noise: { kind: 'mask', p: 0.25 },
        decoder: { tied: false, activation: 'sigmoid' },
        cost: 'cross_entropy',
        reduction: 'mean',
        gradient: 'local',
        weight: { op: 'num', value: 1 },
      },
    ]);
    expect(e.train).toMatchObject({
      epochs: 300,
      batch: 100,
      optimizer: { kind: 'sgd', momentum: 0 },
      lr: { op: 'num', value: 0.01 },
      seed: 0,
      evaluateEvery: null,
      checkpointEvery: null,
      // Algorithm 1 of the paper
      order: {
        kind: 'alternate',
        steps: [
          { objective: 'reconstruction', rows: 'batch', lr: null },
          { objective: 'supervised', rows: 'labeled', lr: null },
        ],
      },
    });
  });

  it('lowers the cost with its reduction, mean when none is written', () => {
    const [e] = irOf(
      spec({
        reconstruct:
          'reconstruct h1 { noise none cost cross_entropy sum } reconstruct h2 { noise none cost squared_error }',
      }),
    ).experiments;
    expect(e.reconstruct.map((d) => [d.layer, d.cost, d.reduction])).toEqual([
      ['h1', 'cross_entropy', 'sum'],
      ['h2', 'squared_error', 'mean'],
    ]);
  });

  it('keeps a named schedule and lowers it to expressions of t and T', () => {
    const [e] = irOf(spec({ weights: 'weights schedule stairs(100)' })).experiments;
    expect(e.weights.schedule).toEqual({ name: 'stairs', args: [100] });
    expect(e.weights.supervised).toEqual({
      op: 'cond',
      test: { op: 'binary', operator: '<', left: { op: 'var', name: 't' }, right: { op: 'num', value: 100 } },
      // biome-ignore lint/suspicious/noThenProperty: the IR's name for a conditional's branch
      then: { op: 'num', value: 0 },
      otherwise: { op: 'num', value: 1 },
    });
  });

  it('substitutes the other equation where one weight refers to it', () => {
    const [e] = irOf(
      spec({ weights: 'weights { reconstruction = exp(-t / 40) supervised = 1 - reconstruction }' }),
    ).experiments;
    expect(e.weights.schedule).toBeUndefined();
    expect(e.weights.supervised).toEqual({
      op: 'binary',
      operator: '-',
      left: { op: 'num', value: 1 },
      right: e.weights.reconstruction,
    });
  });

  it('orders DAEs bottom-up whatever the order of the blocks, and without weights trains supervised only', () => {
    const [e] = irOf(
      spec({
        reconstruct:
          'reconstruct h2 { noise none decoder tied sigmoid weight 0.5 } reconstruct h1 { noise gaussian(0.1) gradient through }',
      }),
    ).experiments;
    expect(e.reconstruct.map((d) => [d.layer, d.layerIndex, d.decoder.tied, d.gradient])).toEqual([
      ['h1', 0, false, 'through'],
      ['h2', 1, true, 'local'],
    ]);
    const [baseline] = irOf(spec({ reconstruct: '', weights: '' })).experiments;
    expect(baseline.weights.schedule).toEqual({ name: 'supervised_only', args: [] });
    expect(baseline.train.order).toEqual({
      kind: 'alternate',
      steps: [{ objective: 'supervised', rows: 'labeled', lr: null }],
    });
  });

  it('keeps IDX paths as written', () => {
    const files = {
      'd/a': idxHeader([100, 28, 28]),
      'd/b': idxHeader([100]),
      'd/c': idxHeader([10, 28, 28]),
      'd/e': idxHeader([10]),
    };
    const data =
      'data idx { labeled 50 validation 10 train_images "d/a" train_labels "d/b" test_images "d/c" test_labels "d/e" }';
    const [e] = irOf(spec({ data }), files).experiments;
    expect(e.data.files).toEqual({
      trainImages: 'd/a',
      trainLabels: 'd/b',
      testImages: 'd/c',
      testLabels: 'd/e',
    });
  });
});

describe('lowering a sweep', () => {
  it('keeps value expressions, schedules and names, and brings in its base from an import', () => {
    const base = spec();
    const ir = irOf(
      'import "base.mtl"\nsweep s { base e vary data.labeled [100] vary data.unlabeled [0, 50000 - labeled] vary weights [schedule lin] vary network [nn1] control { weights schedule supervised_only } }',
      { 'base.mtl': base },
    );
    expect(ir.experiments.map((e) => e.name)).toEqual(['e']);
    expect(ir.sweeps).toEqual([
      {
        name: 's',
        base: 'e',
        vary: [
          { path: 'data.labeled', values: [{ kind: 'expr', expr: { op: 'num', value: 100 } }] },
          {
            path: 'data.unlabeled',
            values: [
              { kind: 'expr', expr: { op: 'num', value: 0 } },
              {
                kind: 'expr',
                expr: {
                  op: 'binary',
                  operator: '-',
                  left: { op: 'num', value: 50000 },
                  right: { op: 'var', name: 'labeled' },
                },
              },
            ],
          },
          { path: 'weights', values: [{ kind: 'schedule', schedule: { name: 'lin', args: [] } }] },
          { path: 'network', values: [{ kind: 'name', name: 'nn1' }] },
        ],
        baseline: [],
        control: [
          { path: 'weights', value: { kind: 'schedule', schedule: { name: 'supervised_only', args: [] } } },
        ],
        repeat: 1,
      },
    ]);
  });
});

describe('the experiment hash', () => {
  const hash = (src: string, path = MAIN) => irOf(src, {}, path).experiments[0].hash;
  const original = spec();

  it('is 16 hex digits', () => {
    expect(hash(original)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not change with formatting, comments, number spelling or the file name', () => {
    const reformatted = `// a comment\n${original.replace(/ {2}/g, '\t').replace('labeled 1000', 'labeled   1e3 /* l */').replace('lr = 0.01', 'lr = 1e-2')}`;
    expect(hash(reformatted)).toBe(hash(original));
    expect(hash(original, '/elsewhere/other-name.mtl')).toBe(hash(original));
  });

  it('changes when a setting changes', () => {
    expect(hash(spec({ data: 'data mnist { labeled 1000 unlabeled 1000 seed 2 }' }))).not.toBe(
      hash(original),
    );
    expect(hash(spec({ train: 'train { epochs 300 batch 100 lr = 0.02 }' }))).not.toBe(hash(original));
  });
});

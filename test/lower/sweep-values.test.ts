// Noise, decoder and optimizer sweep values lower to typed IR values with the
// shapes of the experiment's own reconstruct and train settings.
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/driver/check.js';
import type { MtlIr, SweepValue } from '../../src/ir/types.js';
import { validateIr } from '../../src/ir/validate.js';
import { MAIN, memoryHost, spec } from '../harness/check.js';

function sweepIr(body: string): MtlIr['sweeps'][number] {
  const result = checkText(spec({ after: `sweep s { base e ${body} }` }), MAIN, { host: memoryHost({}) });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(validateIr(result.ir)).toEqual({ valid: true, errors: [] });
  return result.ir!.sweeps[0];
}

const valuesOf = (sweep: MtlIr['sweeps'][number]) =>
  Object.fromEntries(sweep.vary.map((v) => [v.path, v.values]));

describe('lowering sweep values of settings with arguments', () => {
  it('lowers vary lists of noise, decoder and optimizer to typed values', () => {
    const sweep = sweepIr(
      'vary reconstruct.noise [none, mask(0.1), gaussian(sigma: 0.3), salt_pepper(1e-1)] ' +
        'vary reconstruct.decoder [sigmoid, tied tanh] vary train.optimizer [sgd, sgd(momentum: 0.9)]',
    );
    expect(valuesOf(sweep)).toEqual({
      'reconstruct.noise': [
        { kind: 'noise', noise: { kind: 'none' } },
        { kind: 'noise', noise: { kind: 'mask', p: 0.1 } },
        { kind: 'noise', noise: { kind: 'gaussian', sigma: 0.3 } },
        { kind: 'noise', noise: { kind: 'salt_pepper', p: 0.1 } },
      ],
      'reconstruct.decoder': [
        { kind: 'decoder', decoder: { tied: false, activation: 'sigmoid' } },
        { kind: 'decoder', decoder: { tied: true, activation: 'tanh' } },
      ],
      'train.optimizer': [
        { kind: 'optimizer', optimizer: { kind: 'sgd', momentum: 0 } },
        { kind: 'optimizer', optimizer: { kind: 'sgd', momentum: 0.9 } },
      ],
    });
  });

  it('lowers costs with their reduction (mean when none is written) and gradient words as names', () => {
    const sweep = sweepIr(
      'vary reconstruct.cost [squared_error, cross_entropy sum, cross_entropy mean] vary reconstruct.gradient [through] ' +
        'baseline { reconstruct.cost squared_error sum  data.unlabeled 0 }',
    );
    expect(valuesOf(sweep)).toEqual({
      'reconstruct.cost': [
        { kind: 'cost', cost: 'squared_error', reduction: 'mean' },
        { kind: 'cost', cost: 'cross_entropy', reduction: 'sum' },
        { kind: 'cost', cost: 'cross_entropy', reduction: 'mean' },
      ],
      'reconstruct.gradient': [{ kind: 'name', name: 'through' }],
    });
    expect(sweep.baseline[0]).toEqual({
      path: 'reconstruct.cost',
      value: { kind: 'cost', cost: 'squared_error', reduction: 'sum' },
    });
  });

  it('lowers overrides the same way, split where the next path begins', () => {
    const sweep = sweepIr(
      'vary data.labeled [100] baseline { reconstruct.decoder tied sigmoid  data.unlabeled 0  train.optimizer sgd(momentum: 0.5) } ' +
        'control { reconstruct.noise mask(0.5) }',
    );
    expect(sweep.baseline).toEqual([
      {
        path: 'reconstruct.decoder',
        value: { kind: 'decoder', decoder: { tied: true, activation: 'sigmoid' } },
      },
      { path: 'data.unlabeled', value: { kind: 'expr', expr: { op: 'num', value: 0 } } },
      { path: 'train.optimizer', value: { kind: 'optimizer', optimizer: { kind: 'sgd', momentum: 0.5 } } },
    ]);
    expect(sweep.control).toEqual([
      { path: 'reconstruct.noise', value: { kind: 'noise', noise: { kind: 'mask', p: 0.5 } } },
    ]);
  });

  it('lowers a value exactly as the experiment lowers the same setting', () => {
    const written = checkText(
      spec({
        reconstruct: 'reconstruct h1, h2 { noise gaussian(0.2) decoder tied sigmoid cost squared_error sum }',
        train: 'train { epochs 300 batch 100 lr = 0.01 optimizer sgd(momentum: 0.8) }',
      }),
      MAIN,
      { host: memoryHost({}) },
    ).ir!.experiments[0];
    const sweep = sweepIr(
      'baseline { reconstruct.noise gaussian(0.2) reconstruct.decoder tied sigmoid reconstruct.cost squared_error sum train.optimizer sgd(momentum: 0.8) }',
    );
    const { cost, reduction } = written.reconstruct[0];
    expect(sweep.baseline.map((o) => o.value)).toEqual([
      { kind: 'noise', noise: written.reconstruct[0].noise },
      { kind: 'decoder', decoder: written.reconstruct[0].decoder },
      { kind: 'cost', cost, reduction },
      { kind: 'optimizer', optimizer: written.train.optimizer },
    ]);
  });
});

describe('the schema of typed sweep values', () => {
  const withValue = (value: unknown) => ({
    irVersion: 1,
    source: 'x.mtl',
    experiments: [],
    sweeps: [
      {
        name: 's',
        base: 'e',
        vary: [{ path: 'p', values: [value] }],
        baseline: [],
        control: null,
        repeat: 1,
      },
    ],
  });

  it('accepts each typed value', () => {
    const values: SweepValue[] = [
      { kind: 'noise', noise: { kind: 'mask', p: 0.25 } },
      { kind: 'decoder', decoder: { tied: true, activation: 'sigmoid' } },
      { kind: 'cost', cost: 'cross_entropy', reduction: 'sum' },
      { kind: 'optimizer', optimizer: { kind: 'sgd', momentum: 0.9 } },
    ];
    for (const value of values) expect(validateIr(withValue(value)).valid).toBe(true);
  });

  it('refuses values outside the shapes of the settings', () => {
    for (const value of [
      { kind: 'noise', noise: { kind: 'mask', p: 2 } },
      { kind: 'noise', noise: 'mask' },
      { kind: 'decoder', decoder: { tied: true } },
      { kind: 'cost', cost: 'cross_entropy' },
      { kind: 'cost', cost: 'cross_entropy', reduction: 'average' },
      { kind: 'optimizer', optimizer: { kind: 'sgd', momentum: 1 } },
      { kind: 'optimizer', name: 'sgd' },
    ]) {
      expect(validateIr(withValue(value)).valid, JSON.stringify(value)).toBe(false);
    }
  });
});

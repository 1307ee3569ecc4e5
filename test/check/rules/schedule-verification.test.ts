import { describe, it } from 'vitest';
import { scheduleVerificationRule } from '../../../src/check/rules/schedule-verification.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [scheduleVerificationRule];

describe('scheduleVerificationRule', () => {
  it('names the first epoch where a weight leaves [0, 1]', () => {
    expectDiagnostics(
      spec({ weights: 'weights { supervised = t / 10 reconstruction = 1 - supervised }' }),
      [
        {
          code: 'MTL090',
          line: 6,
          column: 26,
          message: 'λ_s(t) = 1.1 at t = 11 (epoch 12): importance weights must lie in [0, 1]',
        },
        {
          code: 'MTL090',
          line: 6,
          column: 50,
          message: 'λ_r(t) = -0.1 at t = 11 (epoch 12): importance weights must lie in [0, 1]',
        },
      ],
      { rules },
    );
  });

  it('names the epoch of the paper example: λ_s(t) = 1.2 at epoch 7', () => {
    expectDiagnostics(
      spec({ weights: 'weights { supervised = 0.5 + t / 10 reconstruction = 1 - supervised }' }),
      [
        {
          code: 'MTL090',
          line: 6,
          column: 26,
          message: 'λ_s(t) = 1.1 at t = 6 (epoch 7): importance weights must lie in [0, 1]',
        },
        { code: 'MTL090', line: 6, column: 56, message: /^λ_r\(t\) = -0.1 at t = 6 \(epoch 7\)/ },
      ],
      { rules },
    );
    expectDiagnostics(
      spec({ weights: 'weights { supervised = t < 7 ? 0 : 1.2 reconstruction = 0 }' }),
      [
        {
          code: 'MTL090',
          line: 6,
          column: 26,
          message: 'λ_s(t) = 1.2 at t = 7 (epoch 8): importance weights must lie in [0, 1]',
        },
      ],
      { rules },
    );
  });

  it('warns when λ_s + λ_r is not 1, naming the epoch', () => {
    expectDiagnostics(
      spec({ weights: 'weights { supervised = t < 5 ? 0.5 : 1 reconstruction = t < 3 ? 0.5 : 0 }' }),
      [
        {
          code: 'MTL091',
          line: 6,
          column: 26,
          message:
            'λ_s(t) + λ_r(t) = 0.5 at t = 3 (epoch 4) (λ_s = 0.5, λ_r = 0): the paper keeps λ_s + λ_r = 1',
        },
      ],
      { rules },
    );
  });

  it('reports an lr that reaches 0, and a step lr that is negative', () => {
    expectDiagnostics(
      spec({
        train:
          'train { epochs 300 batch 100 lr = 0.01 * (T - 1 - t) order alternate { step supervised on labeled lr = -1 } }',
      }),
      [
        {
          code: 'MTL092',
          line: 7,
          column: 37,
          message: 'lr(t) = 0 at t = 299 (epoch 300): the learning rate must be positive',
        },
        {
          code: 'MTL092',
          line: 7,
          column: 106,
          message: "the supervised step's lr(t) = -1 at t = 0 (epoch 1): the learning rate must be positive",
        },
      ],
      { rules },
    );
  });

  it('reports NaN and infinities with their epoch', () => {
    expectDiagnostics(
      spec({
        reconstruct: 'reconstruct h1 { noise none weight 1 / (t - 4) ^ 2 }',
        train: 'train { epochs 300 batch 100 lr = 0.01 + sqrt(10 - t) }',
      }),
      [
        {
          code: 'MTL093',
          line: 5,
          column: 38,
          message: 'weight(t) is Infinity at t = 4 (epoch 5) (e.g. a division by zero or log(0))',
        },
        {
          code: 'MTL093',
          line: 7,
          column: 37,
          message: 'lr(t) is NaN at t = 11 (epoch 12) (e.g. 0/0 or log of a negative number)',
        },
      ],
      { rules },
    );
  });

  it('reports a negative per-DAE weight', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { noise none weight 0.5 - t / 100 }' }),
      [
        {
          code: 'MTL094',
          line: 5,
          column: 38,
          message: 'weight(t) = -0.01 at t = 51 (epoch 52): a reconstruct weight must be ≥ 0',
        },
      ],
      { rules },
    );
  });

  it('accepts the paper schedules and learning rate over 5000 epochs', () => {
    for (const s of ['supervised_only', 'stairs(100)', 'lin', 'lin(100)', 'exp(40)']) {
      expectValid(
        spec({
          weights: `weights schedule ${s}`,
          train: 'train { epochs 5000 batch 600 lr = t < T - 500 ? 0.01 : 0.01 * (T - t) / 500 }',
        }),
        { rules },
      );
    }
  });
});

import { describe, expect, it } from 'vitest';
import { singleSettingsRule } from '../../../src/check/rules/single-settings.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [singleSettingsRule];

describe('singleSettingsRule', () => {
  it('reports a train setting given twice, pointing at the first', () => {
    const [d] = expectDiagnostics(
      spec({ train: 'train { epochs 300 epochs 200 batch 100 lr = 0.01 }' }),
      [{ code: 'MTL021', line: 7, column: 22, message: 'train setting epochs is given twice' }],
      { rules },
    );
    expect(d.related?.[0].message).toBe('first given here');
  });

  it('reports a second data block, weights block and equation', () => {
    expectDiagnostics(
      spec({
        data: 'data mnist { labeled 10 labeled 20 } data mnist { labeled 5 }',
        weights: 'weights { supervised = 1 supervised = 0 reconstruction = 0 }',
      }),
      [
        { code: 'MTL021', line: 3, column: 27, message: 'data setting labeled is given twice' },
        { code: 'MTL021', line: 3, column: 40, message: 'the data block is given twice' },
        { code: 'MTL021', line: 6, column: 28, message: 'the supervised equation is given twice' },
      ],
      { rules },
    );
  });

  it('reports a sweep path varied twice', () => {
    expectDiagnostics(
      spec({ after: 'sweep s { base e vary data.seed [1] vary data.seed [2] }' }),
      [{ code: 'MTL021', line: 9, column: 42, message: 'vary data.seed is given twice' }],
      { rules },
    );
  });

  it('accepts each setting once', () => {
    expectValid(
      spec({
        after: 'sweep s { base e vary data.seed [1] vary train.seed [2] baseline { data.unlabeled 0 } }',
      }),
      {
        rules,
      },
    );
  });
});

import { describe, it } from 'vitest';
import { requiredPartsRule } from '../../../src/check/rules/required-parts.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [requiredPartsRule];

describe('requiredPartsRule', () => {
  it('reports an experiment without a train block', () => {
    expectDiagnostics(
      spec({ train: '' }),
      [
        {
          code: 'MTL022',
          line: 2,
          column: 12,
          message: "experiment 'e' has no train block (train { epochs N  batch N  lr = … })",
        },
      ],
      { rules },
    );
  });

  it('reports a train block without lr, and data without labeled', () => {
    expectDiagnostics(
      spec({ data: 'data mnist { unlabeled 10 }', train: 'train { epochs 300 batch 100 }' }),
      [
        {
          code: 'MTL022',
          line: 3,
          column: 8,
          message: 'data needs labeled N: how many examples keep their labels',
        },
        { code: 'MTL022', line: 7, column: 3, message: 'train needs lr = …' },
      ],
      { rules },
    );
  });

  it('reports a missing weights equation and a reconstruct block without noise', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { decoder sigmoid }', weights: 'weights { supervised = 1 }' }),
      [
        { code: 'MTL022', line: 5, column: 3, message: /^reconstruct needs noise/ },
        { code: 'MTL022', line: 6, column: 3, message: 'weights needs the equation reconstruction = …' },
      ],
      { rules },
    );
  });

  it('reports reconstruct blocks without weights', () => {
    expectDiagnostics(
      spec({ weights: '' }),
      [{ code: 'MTL022', line: 5, column: 3, message: /has no weights/ }],
      { rules },
    );
  });

  it('says nothing about a part the parser could not read', () => {
    expectValid(spec({ train: 'train { epochs 300 batch 100 lr = }' }), { rules });
  });

  it('accepts an experiment without reconstruct blocks or weights (supervised only)', () => {
    expectValid(spec({ reconstruct: '', weights: '' }), { rules });
  });
});

import { describe, it } from 'vitest';
import { countsRule } from '../../../src/check/rules/counts.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [countsRule];

describe('countsRule', () => {
  it('reports non-integer epochs and a zero batch', () => {
    expectDiagnostics(
      spec({ train: 'train { epochs 0.5 batch 0 lr = 0.01 }' }),
      [
        { code: 'MTL024', line: 7, column: 18, message: 'epochs must be a positive integer, not 0.5' },
        { code: 'MTL024', line: 7, column: 28, message: 'batch must be a positive integer, not 0' },
      ],
      { rules },
    );
  });

  it('reports a negative count, zero units and a zero evaluation period', () => {
    expectDiagnostics(
      spec({
        networks: 'network nn1 { input 784 dense h1 0 sigmoid dense h2 40 sigmoid output y 10 softmax }',
        data: 'data mnist { labeled 10 unlabeled -5 }',
        train: 'train { epochs 300 batch 100 lr = 0.01 evaluate every 0 }',
      }),
      [
        {
          code: 'MTL024',
          line: 1,
          column: 34,
          message: 'the units of layer h1 must be a positive integer, not 0',
        },
        { code: 'MTL024', line: 3, column: 37, message: 'unlabeled must be a non-negative integer, not -5' },
        { code: 'MTL024', line: 7, column: 57, message: 'evaluate every must be a positive integer, not 0' },
      ],
      { rules },
    );
  });

  it('accepts constant expressions that are integers', () => {
    expectValid(spec({ data: 'data mnist { labeled 5e3 unlabeled 50000 - 5e3 }' }), { rules });
  });
});

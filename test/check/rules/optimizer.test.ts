import { describe, it } from 'vitest';
import { optimizerRule } from '../../../src/check/rules/optimizer.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [optimizerRule];
const opt = (o: string) => spec({ train: `train { epochs 300 batch 100 lr = 0.01 optimizer ${o} }` });

describe('optimizerRule', () => {
  it('reports a momentum of 1', () => {
    expectDiagnostics(
      opt('sgd(momentum: 1)'),
      [{ code: 'MTL082', line: 7, column: 66, message: 'momentum must be in [0, 1), not 1' }],
      {
        rules,
      },
    );
  });

  it('reports a positional argument', () => {
    expectDiagnostics(
      opt('sgd(0.9)'),
      [{ code: 'MTL082', line: 7, column: 56, message: 'sgd takes named arguments: sgd(momentum: 0.9)' }],
      {
        rules,
      },
    );
  });

  it('accepts sgd and sgd(momentum: 0.9)', () => {
    expectValid(opt('sgd'), { rules });
    expectValid(opt('sgd(momentum: 0.9)'), { rules });
  });
});

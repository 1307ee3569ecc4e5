import { describe, it } from 'vitest';
import { crossEntropyRangeRule } from '../../../src/check/rules/cross-entropy-range.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [crossEntropyRangeRule];

describe('crossEntropyRangeRule', () => {
  it('reports cross_entropy (the default cost) with a tanh decoder', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1, h2 { noise none decoder tanh }' }),
      [
        {
          code: 'MTL053',
          line: 5,
          column: 43,
          message:
            'cross_entropy needs decoder outputs in (0, 1), but a tanh decoder is not; use decoder sigmoid or cost squared_error',
        },
      ],
      { rules },
    );
  });

  it('reports a DAE whose target is the output of a tanh layer', () => {
    expectDiagnostics(
      spec({
        networks: 'network nn1 { input 784 dense h1 50 tanh dense h2 40 sigmoid output y 10 softmax }',
      }),
      [
        {
          code: 'MTL053',
          line: 5,
          column: 19,
          message:
            "cross_entropy needs targets in [0, 1], but 'h2' reconstructs the output of 'h1' (tanh, values in [-1, 1]); use cost squared_error",
        },
      ],
      { rules },
    );
  });

  it('accepts squared_error with any decoder, and cross_entropy over the input and sigmoid layers', () => {
    expectValid(
      spec({
        networks: 'network nn1 { input 784 dense h1 50 relu dense h2 40 sigmoid output y 10 softmax }',
        reconstruct:
          'reconstruct h1 { noise none } reconstruct h2 { noise none decoder linear cost squared_error }',
      }),
      { rules },
    );
  });
});

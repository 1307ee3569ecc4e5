import { describe, it } from 'vitest';
import { softmaxPlacementRule } from '../../../src/check/rules/softmax-placement.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [softmaxPlacementRule];

describe('softmaxPlacementRule', () => {
  it('reports softmax on a hidden layer and on a decoder', () => {
    expectDiagnostics(
      spec({
        networks: 'network nn1 { input 784 dense h1 50 softmax dense h2 40 sigmoid output y 10 softmax }',
        reconstruct: 'reconstruct h1 { noise none decoder softmax }',
      }),
      [
        {
          code: 'MTL032',
          line: 1,
          column: 37,
          message: /^softmax is for the output layer only; hidden layer 'h1'/,
        },
        { code: 'MTL032', line: 5, column: 39, message: /^softmax is for the output layer only; a decoder/ },
      ],
      { rules },
    );
  });

  it('accepts softmax on the output layer', () => {
    expectValid(spec(), { rules });
  });
});

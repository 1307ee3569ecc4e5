import { describe, expect, it } from 'vitest';
import { reconstructLayersRule } from '../../../src/check/rules/reconstruct-layers.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [reconstructLayersRule];

describe('reconstructLayersRule', () => {
  it('reports the output layer', () => {
    const [d] = expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1, y { noise none }' }),
      [
        {
          code: 'MTL050',
          line: 5,
          column: 19,
          message: "'y' is the output layer of network nn1; reconstruct takes hidden layers (h1, h2)",
        },
      ],
      { rules },
    );
    expect(d.related?.[0].message).toBe('the output layer');
  });

  it('reports an unknown layer with suggestions', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1, h3 { noise none }' }),
      [
        {
          code: 'MTL050',
          line: 5,
          column: 19,
          message: "network nn1 has no layer 'h3'; did you mean 'h1' or 'h2'?",
        },
      ],
      { rules },
    );
  });

  it('reports a layer listed in two reconstruct blocks', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { noise none } reconstruct h2, h1 { noise none }' }),
      [
        {
          code: 'MTL051',
          line: 5,
          column: 49,
          message: "layer 'h1' is already reconstructed: one DAE per layer",
        },
      ],
      { rules },
    );
  });

  it('accepts hidden layers split over blocks, and inline networks', () => {
    expectValid(
      spec({
        network: 'network { input 784 dense a 5 sigmoid dense b 4 sigmoid output y 10 softmax }',
        reconstruct: 'reconstruct a { noise none } reconstruct b { noise mask(0.1) }',
      }),
      { rules },
    );
  });
});

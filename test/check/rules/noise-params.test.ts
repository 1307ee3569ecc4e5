import { describe, it } from 'vitest';
import { noiseParamsRule } from '../../../src/check/rules/noise-params.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [noiseParamsRule];
const noise = (n: string) => spec({ reconstruct: `reconstruct h1 { noise ${n} }` });

describe('noiseParamsRule', () => {
  it('reports mask(1): p must be below 1', () => {
    expectDiagnostics(
      noise('mask(1)'),
      [{ code: 'MTL052', line: 5, column: 31, message: 'mask(p) needs p in [0, 1), not 1' }],
      {
        rules,
      },
    );
  });

  it('reports a negative gaussian sigma', () => {
    expectDiagnostics(
      noise('gaussian(-0.5)'),
      [{ code: 'MTL052', line: 5, column: 35, message: 'gaussian(sigma) needs sigma ≥ 0, not -0.5' }],
      { rules },
    );
  });

  it('reports a missing parameter and a parameter to none', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { noise salt_pepper } reconstruct h2 { noise none(1) }' }),
      [
        {
          code: 'MTL052',
          line: 5,
          column: 26,
          message: 'noise salt_pepper takes one parameter, salt_pepper(p), but got 0',
        },
        { code: 'MTL052', line: 5, column: 63, message: 'noise none takes no parameter' },
      ],
      { rules },
    );
  });

  it('accepts parameters in range', () => {
    expectValid(
      spec({ reconstruct: 'reconstruct h1 { noise mask(0) } reconstruct h2 { noise gaussian(sigma: 0) }' }),
      { rules },
    );
  });
});

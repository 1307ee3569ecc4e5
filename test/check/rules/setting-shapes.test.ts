import { describe, it } from 'vitest';
import { settingShapesRule } from '../../../src/check/rules/setting-shapes.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [settingShapesRule];

describe('settingShapesRule', () => {
  it('reports a decoder of three words and a cost of three words', () => {
    expectDiagnostics(
      spec({
        reconstruct: 'reconstruct h1 { noise none decoder tied tied sigmoid cost cross_entropy mean sum }',
      }),
      [
        {
          code: 'MTL023',
          line: 5,
          column: 39,
          message: 'decoder takes [tied] ACTIVATION, not a list of words',
        },
        {
          code: 'MTL023',
          line: 5,
          column: 62,
          message: 'cost takes COST [mean|sum], not a list of words',
        },
      ],
      { rules },
    );
  });

  it('reports a gradient with arguments', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { noise none gradient local(1) }' }),
      [{ code: 'MTL023', line: 5, column: 40, message: "gradient takes a word, not 'local(…)'" }],
      { rules },
    );
  });

  it('accepts the shapes of the language reference', () => {
    expectValid(
      spec({
        reconstruct:
          'reconstruct h1 { noise gaussian(0.1) decoder tied sigmoid cost squared_error sum weight 0.5 }',
      }),
      { rules },
    );
  });
});

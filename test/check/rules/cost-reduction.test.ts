// `cost COST [REDUCTION]`: the reduction word is checked in reconstruct blocks and in
// sweep values alike (MTL020 with "did you mean", MTL023/MTL102 for a wrong shape).
import { describe, expect, it } from 'vitest';
import { knownWordsRule } from '../../../src/check/rules/known-words.js';
import { settingShapesRule } from '../../../src/check/rules/setting-shapes.js';
import { sweepPathsRule } from '../../../src/check/rules/sweep-paths.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

/** Line 9 of the spec; the body starts at column 18. */
const sweep = (body: string) => spec({ after: `sweep s { base e ${body} }` });

describe('cost reductions', () => {
  it('accepts both reductions and none, with every rule', () => {
    expectValid(
      spec({
        reconstruct:
          'reconstruct h1 { noise mask(0.25) cost cross_entropy } reconstruct h2 { noise none cost squared_error sum decoder linear }',
      }),
    );
  });

  it('reports an unknown reduction with a suggestion', () => {
    const [d] = expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { noise mask(0.25) cost cross_entropy maen }' }),
      [
        {
          code: 'MTL020',
          line: 5,
          column: 56,
          message: "unknown cost reduction 'maen'; did you mean 'mean'?",
        },
      ],
      { rules: [knownWordsRule] },
    );
    expect(d.suggestions).toEqual(['mean']);
  });

  it('reports an unknown cost and an unknown reduction, each at its word', () => {
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { cost squared_eror total }' }),
      [
        {
          code: 'MTL020',
          line: 5,
          column: 25,
          message: "unknown cost 'squared_eror'; did you mean 'squared_error'?",
        },
        {
          code: 'MTL020',
          line: 5,
          column: 38,
          message: "unknown cost reduction 'total' (expected 'mean', 'sum')",
        },
      ],
      { rules: [knownWordsRule, settingShapesRule] },
    );
  });

  it('checks reductions in sweep values and overrides', () => {
    expectDiagnostics(
      sweep(
        'vary reconstruct.cost [cross_entropy sum, cross_entropy mean, squared_error, cross_entropy avrage] baseline { reconstruct.cost squared_error summ  data.unlabeled 0 }',
      ),
      [
        {
          code: 'MTL020',
          line: 9,
          column: 109,
          message: "unknown cost reduction 'avrage' (expected 'mean', 'sum')",
        },
        {
          code: 'MTL020',
          line: 9,
          column: 159,
          message: "unknown cost reduction 'summ'; did you mean 'sum'?",
        },
      ],
      { rules: [sweepPathsRule] },
    );
  });

  it('reports a sweep cost of three words', () => {
    expectDiagnostics(
      sweep('vary reconstruct.cost [cross_entropy mean sum]'),
      [
        {
          code: 'MTL102',
          line: 9,
          column: 41,
          message: 'reconstruct.cost takes costs (COST [mean|sum]: cross_entropy, cross_entropy sum, …)',
        },
      ],
      { rules: [sweepPathsRule] },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { sweepCellsRule } from '../../../src/check/rules/sweep-cells.js';
import { sweepPathsRule } from '../../../src/check/rules/sweep-paths.js';
import { sweepValuesRule } from '../../../src/check/rules/sweep-values.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const sweep = (body: string) => spec({ after: `sweep s { base e ${body} }` });

describe('sweepPathsRule', () => {
  const rules = [sweepPathsRule];

  it('reports an unknown path with suggestions', () => {
    const [d] = expectDiagnostics(
      sweep('vary data.labelled [1, 2]'),
      [
        {
          code: 'MTL100',
          line: 9,
          column: 23,
          message:
            "a sweep cannot set 'data.labelled'; did you mean 'data.labeled', 'data.unlabeled' or 'data.seed'?",
        },
      ],
      { rules },
    );
    expect(d.suggestions?.[0]).toBe('data.labeled');
  });

  it('reports values of the wrong kind for their path', () => {
    expectDiagnostics(
      sweep('vary weights [0.5] vary data.labeled [schedule lin] vary reconstruct.cost [cross]'),
      [
        { code: 'MTL102', line: 9, column: 32, message: 'weights takes schedules (schedule exp(40), …)' },
        { code: 'MTL102', line: 9, column: 56, message: 'data.labeled takes numbers' },
        {
          code: 'MTL020',
          line: 9,
          column: 93,
          message: "unknown cost 'cross' (expected 'cross_entropy', 'squared_error')",
        },
      ],
      { rules },
    );
  });

  it('accepts every documented path', () => {
    expectValid(
      sweep(
        'vary data.labeled [10] vary data.unlabeled [0] vary data.validation [100] vary data.seed [1] vary train.epochs [300] vary train.batch [10] vary train.lr [0.1] vary train.seed [2] vary train.optimizer [sgd] vary network [nn1] vary weights [schedule lin] vary reconstruct.noise [none] vary reconstruct.decoder [sigmoid] vary reconstruct.cost [squared_error] vary reconstruct.gradient [through] vary reconstruct.weight [0.5]',
      ),
      { rules },
    );
  });
});

describe('sweepValuesRule', () => {
  const rules = [sweepValuesRule];

  it('reports a value naming something that is not varied', () => {
    expectDiagnostics(
      sweep('vary data.unlabeled [0, 100 - labeled]'),
      [
        {
          code: 'MTL101',
          line: 9,
          column: 48,
          message: "'labeled' is not a varied name (varied: unlabeled)",
        },
      ],
      { rules },
    );
  });

  it('reports values that refer to each other', () => {
    expectDiagnostics(
      sweep('vary data.labeled [unlabeled] vary data.unlabeled [labeled]'),
      [
        {
          code: 'MTL101',
          line: 9,
          column: 23,
          message: 'varied values refer to each other in a cycle: labeled → unlabeled → labeled',
        },
      ],
      { rules },
    );
  });

  it('accepts a value over another varied name', () => {
    expectValid(sweep('vary data.labeled [100, 1000] vary data.unlabeled [0, 50000 - labeled]'), { rules });
  });
});

describe('sweepCellsRule', () => {
  const rules = [sweepCellsRule];

  it('reports the first cell that does not fit the pool, naming it', () => {
    expectDiagnostics(
      sweep('vary data.labeled [100, 20000] vary data.unlabeled [0, 40000]'),
      [
        {
          code: 'MTL103',
          line: 9,
          column: 73,
          message:
            'cell labeled = 20000, unlabeled = 40000: labeled + unlabeled = 60000 is larger than the pool of 50000 examples (60000 − 10000 validation)',
        },
      ],
      { rules },
    );
  });

  it('reports a baseline override that does not fit', () => {
    expectDiagnostics(
      sweep('vary data.labeled [100] baseline { data.unlabeled 50000 }'),
      [
        {
          code: 'MTL103',
          line: 9,
          column: 68,
          message: /^the baseline of cell labeled = 100: labeled \+ unlabeled = 50100/,
        },
      ],
      { rules },
    );
  });

  it('accepts the grid of Table 1', () => {
    expectValid(
      sweep(
        'vary data.labeled [100, 1000, 10000] vary data.unlabeled [0, 1000, 2000, 5000, 10000, 20000, 40000, 50000 - labeled] baseline { data.unlabeled 0 }',
      ),
      { rules },
    );
  });
});

import { describe, it } from 'vitest';
import { weightsEquationsRule } from '../../../src/check/rules/weights-equations.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [weightsEquationsRule];

describe('weightsEquationsRule', () => {
  it('reports equations that refer to each other', () => {
    expectDiagnostics(
      spec({ weights: 'weights { supervised = 1 - reconstruction reconstruction = 1 - supervised }' }),
      [
        {
          code: 'MTL060',
          line: 6,
          column: 62,
          message:
            'supervised and reconstruction refer to each other: give one of them as a function of t and T',
        },
      ],
      { rules },
    );
  });

  it('reports an equation that refers to itself', () => {
    expectDiagnostics(
      spec({ weights: 'weights { supervised = supervised / 2 reconstruction = 0.5 }' }),
      [{ code: 'MTL060', line: 6, column: 26, message: 'supervised refers to itself' }],
      { rules },
    );
  });

  it('reports schedule arguments: arity and range', () => {
    expectDiagnostics(
      spec({
        weights: 'weights schedule stairs',
        after: 'sweep s { base e vary weights [schedule exp(0)] }',
      }),
      [
        {
          code: 'MTL061',
          line: 6,
          column: 20,
          message: 'schedule stairs(t1) takes 1 argument(s), but got 0',
        },
      ],
      { rules },
    );
    expectDiagnostics(
      spec({ weights: 'weights schedule lin(0)' }),
      [{ code: 'MTL061', line: 6, column: 20, message: 'schedule lin: t1 must be > 0' }],
      {
        rules,
      },
    );
  });

  it('accepts one equation referring to the other, and every named schedule', () => {
    expectValid(
      spec({ weights: 'weights { reconstruction = exp(-t / 40) supervised = 1 - reconstruction }' }),
      { rules },
    );
    for (const s of ['supervised_only', 'stairs(100)', 'lin', 'lin(100)', 'exp(40)', 'constant(0.5)']) {
      expectValid(spec({ weights: `weights schedule ${s}` }), { rules });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { expressionsRule } from '../../../src/check/rules/expressions.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [expressionsRule];
const lr = (expr: string) => spec({ train: `train { epochs 300 batch 100 lr = ${expr} }` });

describe('expressionsRule', () => {
  it('reports an unknown name', () => {
    expectDiagnostics(
      lr('0.01 * foo'),
      [{ code: 'MTL070', line: 7, column: 44, message: "unknown name 'foo' in lr" }],
      {
        rules,
      },
    );
  });

  it('reports supervised outside weights, and t where a constant is needed', () => {
    expectDiagnostics(
      spec({
        data: 'data mnist { labeled 10 * t }',
        train: 'train { epochs 300 batch 100 lr = supervised }',
      }),
      [
        {
          code: 'MTL070',
          line: 3,
          column: 29,
          message: "'t' is not allowed here: labeled must be a constant",
        },
        { code: 'MTL070', line: 7, column: 37, message: "'supervised' can only be used inside weights" },
      ],
      { rules },
    );
  });

  it('reports an unknown function with a suggestion', () => {
    const [d] = expectDiagnostics(
      lr('expp(-t)'),
      [{ code: 'MTL071', line: 7, column: 37, message: "unknown function 'expp'; did you mean 'exp'?" }],
      { rules },
    );
    expect(d.suggestions).toEqual(['exp']);
  });

  it('reports a wrong number of arguments', () => {
    expectDiagnostics(
      lr('clamp(t, 1)'),
      [{ code: 'MTL072', line: 7, column: 37, message: 'clamp takes 3 arguments, but got 2' }],
      {
        rules,
      },
    );
  });

  it('reports a condition used as a number and a number used as a condition', () => {
    expectDiagnostics(
      spec({
        train:
          'train { epochs 300 batch 100 lr = (t < 3) + 1 order alternate { step supervised on labeled lr = t ? 1 : 2 } }',
      }),
      [
        {
          code: 'MTL073',
          line: 7,
          column: 37,
          message: "the left side of '+' must be a number, but this is a condition",
        },
        {
          code: 'MTL073',
          line: 7,
          column: 99,
          message: "the condition of '?:' must be a condition, but this is a number",
        },
      ],
      { rules },
    );
  });

  it('accepts every operator and function of §8', () => {
    expectValid(
      lr(
        't < T / 2 && !(t == 3) || t >= 10 ? max(0.01, min(1, exp(-t) + log(2) - sqrt(4) * abs(-1) ^ 2)) : clamp(floor(t), ceil(1), 2) / 100',
      ),
      { rules },
    );
  });
});

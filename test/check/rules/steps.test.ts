import { describe, expect, it } from 'vitest';
import { stepsRule } from '../../../src/check/rules/steps.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [stepsRule];
const order = (steps: string) => spec({ train: `train { epochs 300 batch 100 lr = 0.01 order ${steps} }` });

describe('stepsRule', () => {
  it('reports a supervised step on batch rows', () => {
    const [d] = expectDiagnostics(
      order('alternate { step supervised on batch }'),
      [
        {
          code: 'MTL080',
          line: 7,
          column: 79,
          message: "a supervised step needs labels: 'on batch' includes unlabeled rows; use 'on labeled'",
        },
      ],
      { rules },
    );
    expect(d.suggestions).toEqual(['labeled']);
  });

  it('reports a supervised step when labeled is 0', () => {
    expectDiagnostics(
      spec({
        data: 'data mnist { labeled 0 unlabeled 1000 }',
        train: 'train { epochs 300 batch 100 lr = 0.01 order alternate { step supervised on labeled } }',
      }),
      [
        {
          code: 'MTL080',
          line: 7,
          column: 65,
          message: 'this is a supervised step, but labeled is 0: there are no labeled rows to learn from',
        },
      ],
      { rules },
    );
  });

  it('warns about a reconstruction step without reconstruct blocks', () => {
    expectDiagnostics(
      spec({
        reconstruct: '',
        weights: '',
        train:
          'train { epochs 300 batch 100 lr = 0.01 order alternate { step reconstruction on batch step supervised on labeled } }',
      }),
      [
        {
          code: 'MTL081',
          line: 7,
          column: 65,
          message: 'reconstruction step, but the experiment has no reconstruct blocks: it will do nothing',
        },
      ],
      { rules },
    );
  });

  it('reports an empty alternate order and steps under joint', () => {
    expectDiagnostics(
      order('alternate { }'),
      [{ code: 'MTL083', line: 7, column: 48, message: 'order alternate needs at least one step' }],
      {
        rules,
      },
    );
    expectDiagnostics(
      order('joint { step supervised on labeled }'),
      [{ code: 'MTL083', line: 7, column: 56, message: /^order joint takes no steps/ }],
      { rules },
    );
  });

  it('accepts Algorithm 1 and order joint', () => {
    expectValid(order('alternate { step reconstruction on batch step supervised on labeled lr = 0.1 }'), {
      rules,
    });
    expectValid(order('joint'), { rules });
  });
});

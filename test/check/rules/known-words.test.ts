import { describe, expect, it } from 'vitest';
import { knownWordsRule } from '../../../src/check/rules/known-words.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [knownWordsRule];

describe('knownWordsRule', () => {
  it('reports an unknown activation with "did you mean"', () => {
    const [d] = expectDiagnostics(
      spec({
        networks: 'network nn1 { input 784 dense h1 50 sigmod dense h2 40 sigmoid output y 10 softmax }',
      }),
      [
        {
          code: 'MTL020',
          line: 1,
          column: 37,
          message: "unknown activation 'sigmod'; did you mean 'sigmoid'?",
        },
      ],
      { rules },
    );
    expect(d.suggestions).toEqual(['sigmoid']);
  });

  it('reports unknown noise, decoder, cost and gradient words', () => {
    expectDiagnostics(
      spec({
        reconstruct: 'reconstruct h1 { noise mak(0.1) decoder tide sigmoid cost cross gradient thru }',
      }),
      [
        { code: 'MTL020', line: 5, column: 26, message: "unknown noise 'mak'; did you mean 'mask'?" },
        {
          code: 'MTL020',
          line: 5,
          column: 43,
          message: "unknown decoder option 'tide'; did you mean 'tied'?",
        },
        {
          code: 'MTL020',
          line: 5,
          column: 61,
          message: "unknown cost 'cross' (expected 'cross_entropy', 'squared_error')",
        },
        {
          code: 'MTL020',
          line: 5,
          column: 76,
          message: "unknown gradient 'thru' (expected 'local', 'through')",
        },
      ],
      { rules },
    );
  });

  it('reports unknown schedule, optimizer, order, objective and rows words', () => {
    expectDiagnostics(
      spec({
        weights: 'weights schedule expo(40)',
        train:
          'train { epochs 300 batch 100 lr = 0.01 optimizer adam order alternat { step supervize on labelled } }',
      }),
      [
        { code: 'MTL020', line: 6, column: 20, message: "unknown schedule 'expo'; did you mean 'exp'?" },
        { code: 'MTL020', line: 7, column: 52, message: /^unknown optimizer 'adam'/ },
        {
          code: 'MTL020',
          line: 7,
          column: 63,
          message: "unknown step order 'alternat'; did you mean 'alternate'?",
        },
        {
          code: 'MTL020',
          line: 7,
          column: 79,
          message: "unknown step objective 'supervize'; did you mean 'supervised'?",
        },
        {
          code: 'MTL020',
          line: 7,
          column: 92,
          message: "unknown rows 'labelled'; did you mean 'labeled' or 'unlabeled'?",
        },
      ],
      { rules },
    );
  });

  it('reports an idx file setting in mnist data', () => {
    expectDiagnostics(
      spec({ data: 'data mnist { labeled 100 train_images "x.idx" }' }),
      [
        {
          code: 'MTL020',
          line: 3,
          column: 28,
          message: 'train_images is a setting of idx data, not of mnist',
        },
      ],
      { rules },
    );
  });

  it('reports an unknown data source', () => {
    expectDiagnostics(spec({ data: 'data mnst { labeled 100 }' }), [{ code: 'MTL020', line: 3, column: 8 }], {
      rules,
    });
  });

  it('accepts every word of the language', () => {
    expectValid(
      spec({
        reconstruct:
          'reconstruct h1 { noise salt_pepper(0.1) decoder tied sigmoid cost squared_error gradient through }',
        train: 'train { epochs 300 batch 100 lr = 0.01 optimizer sgd(momentum: 0.5) order joint }',
      }),
      { rules },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { dataFitRule } from '../../../src/check/rules/data-fit.js';
import { expectDiagnostics, expectValid, idxHeader, spec } from '../../harness/check.js';

const rules = [dataFitRule];
const idx = (files: Partial<Record<'ti' | 'tl' | 'si' | 'sl', string>> = {}) =>
  `data idx { labeled 100 validation 100 train_images "${files.ti ?? 'd/ti'}" train_labels "${files.tl ?? 'd/tl'}" test_images "${files.si ?? 'd/si'}" test_labels "${files.sl ?? 'd/sl'}" }`;
const fashion = {
  'd/ti': idxHeader([1000, 28, 28]),
  'd/tl': idxHeader([1000]),
  'd/si': idxHeader([200, 28, 28]),
  'd/sl': idxHeader([200]),
};

describe('dataFitRule', () => {
  it('reports labeled + unlabeled larger than the MNIST pool', () => {
    expectDiagnostics(
      spec({ data: 'data mnist { labeled 1000 unlabeled 60000 }' }),
      [
        {
          code: 'MTL040',
          line: 3,
          column: 39,
          message:
            'labeled + unlabeled = 61000 is larger than the pool of 50000 examples (60000 training examples − 10000 validation)',
        },
      ],
      { rules },
    );
  });

  it('reports a validation set larger than the training set', () => {
    expectDiagnostics(
      spec({ data: 'data mnist { labeled 1000 validation 70000 }' }),
      [
        {
          code: 'MTL040',
          line: 3,
          column: 40,
          message: 'validation 70000 is larger than the training set: MNIST has 60000 examples',
        },
      ],
      { rules },
    );
  });

  it('reports a network input that is not 784 wide for MNIST, on the reference', () => {
    const [d] = expectDiagnostics(
      spec({
        networks: 'network nn1 { input 700 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }',
      }),
      [
        {
          code: 'MTL033',
          line: 4,
          column: 3,
          message: 'network nn1 takes input 700, but MNIST images have 784 values each',
        },
      ],
      { rules },
    );
    expect(d.related?.[0]).toMatchObject({ message: 'input of nn1', span: { start: 20, end: 23 } });
  });

  it('reports an MNIST output layer without 10 units', () => {
    expectDiagnostics(
      spec({ network: 'network { input 784 dense h1 5 sigmoid dense h2 4 sigmoid output y 9 softmax }' }),
      [
        {
          code: 'MTL034',
          line: 4,
          column: 70,
          message: "output layer 'y' has 9 units, but MNIST has 10 classes",
        },
      ],
      { rules },
    );
  });

  it('reads the input width and the pool from the IDX headers, relative to the spec', () => {
    expectDiagnostics(
      spec({
        networks: 'network nn1 { input 100 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }',
        data: idx().replace('validation 100', 'unlabeled 900 validation 10'),
      }),
      [
        {
          code: 'MTL040',
          line: 3,
          column: 36,
          message: /pool of 990 examples \(1000 training examples − 10 validation\)$/,
        },
        {
          code: 'MTL033',
          line: 4,
          column: 3,
          message: 'network nn1 takes input 100, but the IDX images have 784 values each',
        },
      ],
      { rules, files: fashion },
    );
  });

  it('reports a missing IDX file on its path, and files that disagree', () => {
    expectDiagnostics(
      spec({ data: idx({ tl: 'd/none', si: 'd/small' }) }),
      [
        {
          code: 'MTL041',
          line: 3,
          column: 74,
          message: "cannot read IDX file 'd/none' (resolved to /virtual/d/none)",
        },
        {
          code: 'MTL042',
          line: 3,
          column: 95,
          message: 'test_images has width 100, but train_images has 784',
        },
      ],
      { rules, files: { ...fashion, 'd/small': idxHeader([200, 10, 10]) } },
    );
  });

  it('reports a file that is not IDX', () => {
    expectDiagnostics(
      spec({ data: idx({ ti: 'd/text' }) }),
      [{ code: 'MTL041', line: 3, column: 54, message: "'d/text' is not an IDX file (bad magic number)" }],
      { rules, files: { ...fashion, 'd/text': new TextEncoder().encode('hello world') } },
    );
  });

  it('accepts MNIST with the default validation and an IDX data set that fits', () => {
    expectValid(spec({ data: 'data mnist { labeled 10000 unlabeled 40000 }' }), { rules });
    expectValid(spec({ data: idx().replace('labeled 100', 'labeled 500 unlabeled 400') }), {
      rules,
      files: fashion,
    });
  });
});

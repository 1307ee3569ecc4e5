import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/syntax/format.js';

function fmt(text: string): string {
  const result = formatText(text, 'test.mtl');
  expect(result.diagnostics).toEqual([]);
  return result.text ?? '';
}

const lines = (...all: string[]) => `${all.join('\n')}\n`;

describe('formatting sweep values with arguments and several words', () => {
  it('prints the fixture canonically, and its output again the same', () => {
    const text = readFileSync(new URL('./fixtures/sweep-values.mtl', import.meta.url), 'utf8');
    const once = fmt(text);
    expect(once).toBe(
      lines(
        '// Settings with arguments and several words, varied and overridden.',
        'import "nn3_exp40.mtl"',
        '',
        'sweep noise_levels {',
        '  base nn3_exp40',
        '  vary reconstruct.noise [none, mask(0.1), mask(0.25), gaussian(sigma: 0.3), salt_pepper(0.1)]',
        '  vary reconstruct.decoder [sigmoid, tied sigmoid] // own weights, then W_c,kᵀ',
        '  vary train.optimizer [sgd, sgd(momentum: 0.9)]',
        '  vary reconstruct.cost [cross_entropy, squared_error]',
        '  vary reconstruct.gradient [local, through]',
        '  baseline {',
        '    weights schedule supervised_only',
        '    data.unlabeled 0',
        '    train.optimizer sgd(momentum: 0.5)',
        '  }',
        '  control {',
        '    reconstruct.decoder tied sigmoid',
        '    data.unlabeled 0',
        '    reconstruct.noise mask(0.5)',
        '    network nn3',
        '  }',
        '}',
      ),
    );
    expect(fmt(once)).toBe(once);
  });
});

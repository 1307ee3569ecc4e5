// Numbers too large for a float, and counts beyond their maxima, are normal
// diagnostics: never an internal error, never a null in the IR.
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/driver/check.js';
import { validateIr } from '../../src/ir/validate.js';
import { located, MAIN, memoryHost, spec } from '../harness/check.js';

const TOO_LARGE = 'the number 1e400 is too large: numbers must lie within ±1.7976931348623157e308';

describe('numbers out of range', () => {
  const places: [string, Parameters<typeof spec>[0]][] = [
    ['batch', { train: 'train { epochs 300 batch 1e400 lr = 0.01 }' }],
    ['labeled', { data: 'data mnist { labeled 1e400 unlabeled 1000 }' }],
    ['unlabeled', { data: 'data mnist { labeled 1000 unlabeled 1e400 }' }],
    ['seed', { data: 'data mnist { labeled 1000 unlabeled 1000 seed 1e400 }' }],
    [
      'input',
      { networks: 'network nn1 { input 1e400 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }' },
    ],
    [
      'units',
      {
        networks: 'network nn1 { input 784 dense h1 1e400 sigmoid dense h2 40 sigmoid output y 10 softmax }',
      },
    ],
    ['epochs', { train: 'train { epochs 1e400 batch 100 lr = 0.01 }' }],
    ['mask p', { reconstruct: 'reconstruct h1, h2 { noise mask(1e400) }' }],
    ['evaluate every', { train: 'train { epochs 300 batch 100 lr = 0.01 evaluate every 1e400 }' }],
    ['lr', { train: 'train { epochs 300 batch 100 lr = 1e400 }' }],
  ];
  for (const [what, parts] of places) {
    it(`1e400 as ${what} is one lexical error at the literal, and no IR`, () => {
      const src = spec(parts);
      const diagnostics = located(src);
      // lr's schedule is then Infinity at every epoch: MTL093 says so too (a consequence, not a crash).
      const expected = what === 'lr' ? ['MTL001', 'MTL093'] : ['MTL001'];
      expect(diagnostics.map((d) => d.code)).toEqual(expected);
      expect(diagnostics[0]!.message).toBe(TOO_LARGE);
      const line = src.split('\n')[diagnostics[0]!.line - 1]!;
      expect(line.slice(diagnostics[0]!.column - 1).startsWith('1e400')).toBe(true);
      expect(checkText(src, MAIN, { host: memoryHost({}) }).ir).toBeUndefined();
    });
  }

  it('caps epochs at 1,000,000, the most the schedules are verified over', () => {
    const src = spec({ train: 'train { epochs 1e9 batch 100 lr = 1e300 * 1e300 }' });
    expect(located(src).map((d) => [d.code, d.message])).toEqual([
      [
        'MTL024',
        'epochs must be at most 1000000, not 1000000000 (every schedule is verified at every epoch when the spec is checked)',
      ],
    ]);
    const verified = spec({
      train: 'train { epochs 1000000 batch 100 lr = t < 999999 ? 0.1 : 1e300 * 1e300 }',
    });
    expect(located(verified).map((d) => d.message)).toEqual([
      'lr(t) is Infinity at t = 999999 (epoch 1000000) (e.g. a division by zero or log(0))',
    ]);
  });

  it('caps the other counts at 2147483647', () => {
    const src = spec({ train: 'train { epochs 300 batch 1e12 lr = 0.01 }' });
    expect(located(src).map((d) => d.message)).toContain(
      'batch must be at most 2147483647, not 1000000000000',
    );
  });

  it('never lets a non-finite number into a valid IR', () => {
    const ir = checkText(spec(), MAIN, { host: memoryHost({}) }).ir!;
    expect(validateIr(ir).valid).toBe(true);
    const broken = structuredClone(ir);
    (broken.experiments[0]!.train as { batch: number }).batch = Number.POSITIVE_INFINITY;
    expect(validateIr(broken)).toEqual({
      valid: false,
      errors: ['/experiments/0/train/batch is not a finite number'],
    });
  });
});

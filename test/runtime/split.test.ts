import { describe, expect, it } from 'vitest';
import { splitTraining } from '../../src/runtime/data/split.js';
import { DataError } from '../../src/runtime/errors.js';
import { makeExperiment } from '../harness/runtime.js';

const data = (labeled: number, unlabeled: number, validation: number, seed = 1) =>
  makeExperiment({ labeled, unlabeled, validation, dataSeed: seed }).data;

describe('the split of §5', () => {
  it('has the requested sizes and disjoint parts', () => {
    const split = splitTraining(data(30, 50, 20), 120, 'train');
    expect(split.pool.length).toBe(80);
    expect(split.validation.length).toBe(20);
    expect(split.labeled).toBe(30);
    const all = [...split.pool, ...split.validation];
    expect(new Set(all).size).toBe(100);
    for (const index of all) expect(index >= 0 && index < 120).toBe(true);
  });

  it('takes validation from the end of the shuffle and labeled/unlabeled from the start of the pool', () => {
    const small = splitTraining(data(5, 0, 20), 120, 'train');
    const large = splitTraining(data(30, 50, 20), 120, 'train');
    // Same seed, same shuffle: the first l of the pool are the same examples whatever u is.
    expect([...large.pool.slice(0, 5)]).toEqual([...small.pool]);
    expect([...large.validation]).toEqual([...small.validation]);
  });

  it('depends on data.seed only', () => {
    const a = splitTraining(data(10, 10, 10, 1), 50, 'train');
    const b = splitTraining(data(10, 10, 10, 2), 50, 'train');
    expect([...a.pool]).not.toEqual([...b.pool]);
    expect([...splitTraining(data(10, 10, 10, 1), 50, 'train').pool]).toEqual([...a.pool]);
  });

  it('rejects more labeled + unlabeled than the pool holds', () => {
    expect(() => splitTraining(data(40, 41, 20), 100, 'train')).toThrow(DataError);
    expect(() => splitTraining(data(40, 41, 20), 100, 'train')).toThrow(
      /labeled 40 \+ unlabeled 41 exceed the 80 examples left after the 20 validation examples/,
    );
    expect(() => splitTraining(data(1, 1, 200), 100, 'train')).toThrow(/fewer than validation 200/);
  });

  it('accepts l + u equal to the pool (Table 1: u = 50000 − l) and refuses one more', () => {
    // 100 examples, 20 for validation: the pool holds exactly 80.
    const full = splitTraining(data(30, 50, 20), 100, 'train');
    expect(full.pool.length).toBe(80);
    expect(full.validation.length).toBe(20);
    expect(new Set([...full.pool, ...full.validation]).size).toBe(100);
    expect(() => splitTraining(data(30, 51, 20), 100, 'train')).toThrow(
      'train: labeled 30 + unlabeled 51 exceed the 80 examples left after the 20 validation examples',
    );
  });

  it('accepts validation equal to the training set (an empty pool) and refuses one more', () => {
    const split = splitTraining(data(0, 0, 100), 100, 'train');
    expect(split.pool.length).toBe(0);
    expect(split.validation.length).toBe(100);
    expect(() => splitTraining(data(0, 0, 101), 100, 'train')).toThrow(
      'train: holds 100 examples, fewer than validation 101',
    );
  });
});

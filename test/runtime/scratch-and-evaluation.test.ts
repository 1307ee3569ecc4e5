// Reused upload buffers must not leak into tensors made from them, and the
// evaluation sets, uploaded once, must score the parameters they are given.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import type { ImageSet } from '../../src/runtime/data/dataset.js';
import { Scratch, tensorFromScratch } from '../../src/runtime/data/scratch.js';
import { initialParams } from '../../src/runtime/model/init.js';
import { modelSpec, type ParamValues } from '../../src/runtime/model/model.js';
import { allExamples, EvaluationSet } from '../../src/runtime/train/evaluate.js';
import { makeExperiment } from '../harness/runtime.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('scratch buffers', () => {
  it('hand out the same memory again for a key, other memory for another key', () => {
    const scratch = new Scratch();
    const a = scratch.array('a', 8);
    a.fill(3);
    expect(scratch.array('a', 8)[0]).toBe(3);
    expect(scratch.array('b', 8)[0]).toBe(0);
    expect(scratch.array('a', 16)).toHaveLength(16);
  });

  it.each(['wasm', 'cpu'] as const)(
    'leave a tensor unchanged when refilled (%s backend)',
    async (backend) => {
      await selectBackend(backend);
      try {
        const values = new Scratch().array('x', 6);
        values.set([1, 2, 3, 4, 5, 6]);
        const tensor = tensorFromScratch(values, [2, 3]);
        values.fill(-1);
        expect([...tensor.dataSync()]).toEqual([1, 2, 3, 4, 5, 6]);
        tensor.dispose();
      } finally {
        await selectBackend('wasm');
      }
    },
  );
});

describe('evaluation sets', () => {
  // More examples than one forward chunk (2000 rows), so several chunks are scored.
  const COUNT = 2500;
  const set: ImageSet = {
    count: COUNT,
    dim: 4,
    pixels: Uint8Array.from({ length: COUNT * 4 }, (_, i) => (i * 37) % 256),
    labels: Int32Array.from({ length: COUNT }, (_, i) => (i * 7) % 3),
  };
  const experiment = makeExperiment({ input: 4, output: { name: 'y', units: 3, activation: 'softmax' } });
  const spec = modelSpec(experiment.network, []);
  let params: ParamValues = new Map();

  beforeAll(() => {
    params = initialParams(spec, 1);
  });

  afterAll(() => {
    for (const tensor of params.values()) tensor.dispose();
  });

  /** Output biases that make every example land in `winner`. */
  function favour(winner: number): void {
    const bias = spec.layers[spec.layers.length - 1].bias;
    params.get(bias)?.dispose();
    params.set(bias, tf.tensor1d([0, 1, 2].map((c) => (c === winner ? 1000 : 0))));
  }

  const missing = (winner: number, examples: ArrayLike<number>) =>
    Array.from(examples).filter((e) => set.labels[e] !== winner).length / examples.length;

  it('score the parameters of each call, not those of the first', () => {
    const examples = allExamples(set);
    const evaluation = new EvaluationSet(set, examples);
    favour(0);
    expect(evaluation.error(spec, params)).toBeCloseTo(missing(0, examples), 10);
    favour(2);
    expect(evaluation.error(spec, params)).toBeCloseTo(missing(2, examples), 10);
    evaluation.dispose();
  });

  it('score a subset of the examples, and free their tensors when disposed', () => {
    const examples = Int32Array.from({ length: 2100 }, (_, i) => COUNT - 1 - i);
    const before = tf.memory().numTensors;
    const evaluation = new EvaluationSet(set, examples);
    favour(1);
    expect(evaluation.error(spec, params)).toBeCloseTo(missing(1, examples), 10);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    evaluation.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(new EvaluationSet(set, []).error(spec, params)).toBeNull();
  });
});

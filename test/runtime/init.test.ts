// Initial weights depend on train.seed and the network only: the baseline and
// every MTL variant of one seed start from the very same w_sh and w_s.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import { initialParams } from '../../src/runtime/model/init.js';
import { modelSpec } from '../../src/runtime/model/model.js';
import { makeExperiment, num } from '../harness/runtime.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const hidden = [
  { name: 'h1', units: 7, activation: 'sigmoid' },
  { name: 'h2', units: 5, activation: 'sigmoid' },
] as const;

function weights(options: Parameters<typeof makeExperiment>[0], seed = 7): Map<string, number[]> {
  const experiment = makeExperiment({ hidden: [...hidden], ...options });
  const values = initialParams(modelSpec(experiment.network, experiment.reconstruct), seed);
  const out = new Map<string, number[]>();
  for (const [name, tensor] of values) out.set(name, [...tensor.dataSync()]);
  tf.dispose([...values.values()]);
  return out;
}

describe('initial weights', () => {
  it('are the same for a baseline and MTL programs of one seed', () => {
    const baseline = weights({ supervised: num(1), reconstruction: num(0), reconstruct: [] });
    const mtl = weights({
      reconstruct: [{ layerIndex: 0 }, { layerIndex: 1, decoder: { tied: true, activation: 'sigmoid' } }],
    });
    const other = weights({ reconstruct: [{ layerIndex: 1 }], lr: num(0.3), epochs: 9 });
    for (const name of ['h1.W', 'h1.b', 'h2.W', 'h2.b', 'y.W', 'y.b']) {
      expect(mtl.get(name), name).toEqual(baseline.get(name));
      expect(other.get(name), name).toEqual(baseline.get(name));
    }
    expect([...mtl.keys()].sort()).toEqual(
      ['h1.W', 'h1.b', 'h1.decoder.W', 'h1.decoder.b', 'h2.W', 'h2.b', 'h2.decoder.b', 'y.W', 'y.b'].sort(),
    );
    // A decoder's weights depend on its own layer only.
    expect(other.get('h2.decoder.W')).toBeDefined();
    expect(weights({ reconstruct: [{ layerIndex: 0 }, { layerIndex: 1 }] }).get('h2.decoder.W')).toEqual(
      other.get('h2.decoder.W'),
    );
  });

  it('change with the seed, are Glorot-bounded and start with zero biases', () => {
    const a = weights({});
    const b = weights({}, 8);
    expect(a.get('h1.W')).not.toEqual(b.get('h1.W'));
    const limit = Math.sqrt(6 / (16 + 7));
    expect(a.get('h1.W')!.every((w) => Math.abs(w) <= limit)).toBe(true);
    expect(Math.max(...a.get('h1.W')!.map(Math.abs))).toBeGreaterThan(limit * 0.8);
    expect(a.get('h1.b')!.every((v) => v === 0)).toBe(true);
  });
});

// The hand-written gradients of every step kind equal TensorFlow.js autodiff
// of the same objective (reference-objective.ts), within relative error 1e-4.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation, CostKind, CostReduction, Dae, Noise } from '../../src/ir/types.js';
import { selectBackend } from '../../src/runtime/backend.js';
import { Gradients } from '../../src/runtime/grad/gradients.js';
import { type DaeTerm, reconstructionGradients } from '../../src/runtime/grad/reconstruction-grad.js';
import { supervisedGradients } from '../../src/runtime/grad/supervised-grad.js';
import { initialParams } from '../../src/runtime/model/init.js';
import { type ModelSpec, modelSpec, type ParamValues } from '../../src/runtime/model/model.js';
import { makeExperiment } from '../harness/runtime.js';
import {
  applyCorruption,
  fixedCorruption,
  type Params,
  type ReferenceCorruption,
  referenceDae,
  referenceHidden,
  referenceSupervised,
} from './reference-objective.js';

const ROWS = 7;
const INPUT = 6;

beforeAll(async () => {
  await selectBackend('wasm');
});

interface Net {
  readonly spec: ModelSpec;
  readonly values: ParamValues;
  readonly daes: readonly Dae[];
}

function net(options: {
  hidden?: [Activation, Activation];
  output?: Activation;
  daes?: Partial<Dae>[];
}): Net {
  const [a1, a2] = options.hidden ?? ['sigmoid', 'sigmoid'];
  const experiment = makeExperiment({
    input: INPUT,
    hidden: [
      { name: 'h1', units: 5, activation: a1 },
      { name: 'h2', units: 4, activation: a2 },
    ],
    output: { name: 'y', units: 3, activation: options.output ?? 'softmax' },
    reconstruct: options.daes ?? [],
  });
  const spec = modelSpec(experiment.network, experiment.reconstruct);
  const values = initialParams(spec, 3);
  // Non-zero biases, so their paths are exercised too.
  let seed = 10;
  for (const [name, shape] of spec.shapes) {
    if (shape.length === 1) {
      values.get(name)!.dispose();
      values.set(name, tf.randomNormal([...shape], 0, 0.3, 'float32', seed++));
    }
  }
  return { spec, values, daes: experiment.reconstruct };
}

const uniform = (shape: [number, number], seed: number) =>
  tf.randomUniform(shape, 0.05, 0.95, 'float32', seed) as tf.Tensor2D;

function oneHot(rows: number): tf.Tensor2D {
  const labels = tf.tensor1d(
    Array.from({ length: rows }, (_, i) => (i * 2) % 3),
    'int32',
  );
  return tf.cast(tf.oneHot(labels, 3), 'float32') as tf.Tensor2D;
}

/** d objective / d every parameter, by autodiff; `objective` receives the parameters by name. */
function autodiff(n: Net, objective: (p: Params) => tf.Scalar): Record<string, tf.Tensor> {
  const names = [...n.spec.shapes.keys()];
  const tensors = names.map((name) => n.values.get(name)!);
  const f = (...ts: tf.Tensor[]) => {
    const p = Object.fromEntries(names.map((name, i) => [name, ts[i]]));
    // 0·Σp connects every parameter, so untouched ones get a zero gradient instead of an error.
    return tf.add(objective(p), tf.mul(0, tf.addN(ts.map((t) => tf.sum(t))))) as tf.Scalar;
  };
  const grads = tf.grads(f)(tensors);
  return Object.fromEntries(names.map((name, i) => [name, grads[i]]));
}

function expectClose(n: Net, ours: Gradients, reference: Record<string, tf.Tensor>): void {
  for (const name of n.spec.shapes.keys()) {
    const ref = reference[name];
    const mine = ours.get(name) ?? tf.zerosLike(ref);
    const refNorm = tf.norm(ref).dataSync()[0];
    const diff = tf.norm(tf.sub(mine, ref)).dataSync()[0];
    const relative = diff / Math.max(refNorm, tf.norm(mine).dataSync()[0], 1e-6);
    expect(relative, `${name}: |ours - autodiff| / |autodiff| (|autodiff| = ${refNorm})`).toBeLessThan(1e-4);
  }
}

function params(n: Net): Params {
  return Object.fromEntries(n.values);
}

interface DaeCase {
  readonly terms: readonly DaeTerm[];
  readonly corruptions: readonly ReferenceCorruption[];
}

function daeCase(n: Net, factors: readonly number[], lossFactors?: readonly number[]): DaeCase {
  const dims = [INPUT, 5, 4];
  const terms = n.daes.map((dae, slot) => ({
    dae,
    slot,
    factor: factors[slot],
    lossFactor: lossFactors?.[slot] ?? 1,
  }));
  const corruptions = n.daes.map((dae, slot) =>
    fixedCorruption(dae.noise, ROWS, dims[dae.layerIndex], 100 + slot),
  );
  return { terms, corruptions };
}

/** Our gradients and loss for the DAE terms on x. */
function ours(n: Net, x: tf.Tensor2D, c: DaeCase): { grads: Gradients; loss: number } {
  const grads = new Gradients();
  const loss = reconstructionGradients(
    n.spec,
    n.values,
    {
      x,
      terms: c.terms,
      wantLoss: true,
      corrupt: (slot, clean) => ({
        noisy: applyCorruption(clean, c.corruptions[slot]),
        keep: c.corruptions[slot].keep,
      }),
    },
    grads,
  );
  return { grads, loss: loss!.dataSync()[0] };
}

/**
 * Σ factor_k · J_dae,k. x_k of local DAEs and every target are constants:
 * computed before autodiff runs, so its tape does not see them.
 */
function referenceReconstruction(
  n: Net,
  x: tf.Tensor2D,
  c: DaeCase,
): (p: Params, which?: 'factor' | 'lossFactor') => tf.Scalar {
  const top = Math.max(...n.daes.map((dae) => dae.layerIndex));
  const constants = referenceHidden(n.spec, params(n), x, top);
  return (p, which = 'factor') => {
    const live = referenceHidden(n.spec, p, x, top);
    let total: tf.Scalar = tf.scalar(0);
    c.terms.forEach((term, slot) => {
      const k = term.dae.layerIndex;
      const input = term.dae.gradient === 'through' ? live[k] : constants[k];
      const j = referenceDae(n.spec, p, term.dae, input, constants[k], c.corruptions[slot]);
      total = tf.add(total, tf.mul(j, term[which]));
    });
    return total;
  };
}

describe('supervised step gradient', () => {
  const cases: [Activation, Activation, Activation][] = [
    ['sigmoid', 'sigmoid', 'softmax'],
    ['tanh', 'relu', 'softmax'],
    ['linear', 'tanh', 'softmax'],
    ['sigmoid', 'relu', 'sigmoid'],
    ['tanh', 'sigmoid', 'linear'],
  ];
  it.each(cases)('hidden %s, %s; output %s', (a1, a2, out) => {
    tf.tidy(() => {
      const n = net({ hidden: [a1, a2], output: out });
      const x = uniform([ROWS, INPUT], 1);
      const targets = oneHot(ROWS);
      const grads = new Gradients();
      const loss = supervisedGradients(n.spec, n.values, { x, targets, scale: 0.8, wantLoss: true }, grads);
      const reference = autodiff(
        n,
        (p) => tf.mul(0.8, referenceSupervised(n.spec, p, x, targets)) as tf.Scalar,
      );
      expectClose(n, grads, reference);
      expect(loss!.dataSync()[0]).toBeCloseTo(
        referenceSupervised(n.spec, params(n), x, targets).dataSync()[0],
        5,
      );
    });
  });
});

describe('reconstruction step gradient (one DAE)', () => {
  const cases: [boolean, CostKind, CostReduction, 'local' | 'through', number][] = [];
  for (const tied of [false, true]) {
    for (const cost of ['cross_entropy', 'squared_error'] as const) {
      for (const reduction of ['mean', 'sum'] as const) {
        for (const gradient of ['local', 'through'] as const) {
          for (const layerIndex of [0, 1]) cases.push([tied, cost, reduction, gradient, layerIndex]);
        }
      }
    }
  }
  it.each(cases)('tied %s, %s %s, gradient %s, layer %i', (tied, cost, reduction, gradient, layerIndex) => {
    tf.tidy(() => {
      const activation: Activation = cost === 'cross_entropy' ? 'sigmoid' : 'tanh';
      const n = net({
        hidden: ['sigmoid', 'tanh'],
        daes: [{ layerIndex, decoder: { tied, activation }, cost, reduction, gradient }],
      });
      const x = uniform([ROWS, INPUT], 2);
      const c = daeCase(n, [0.6]);
      const mine = ours(n, x, c);
      const reference = referenceReconstruction(n, x, c);
      expectClose(
        n,
        mine.grads,
        autodiff(n, (p) => reference(p)),
      );
      expect(mine.loss).toBeCloseTo(reference(params(n), 'lossFactor').dataSync()[0], 4);
    });
  });

  const noises: Noise[] = [
    { kind: 'none' },
    { kind: 'mask', p: 0.25 },
    { kind: 'salt_pepper', p: 0.25 },
    { kind: 'gaussian', sigma: 0.1 },
  ];
  it.each(noises)('noise $kind, gradient through', (noise) => {
    tf.tidy(() => {
      const n = net({ hidden: ['relu', 'sigmoid'], daes: [{ layerIndex: 1, noise, gradient: 'through' }] });
      const x = uniform([ROWS, INPUT], 3);
      const c = daeCase(n, [1]);
      const reference = referenceReconstruction(n, x, c);
      expectClose(
        n,
        ours(n, x, c).grads,
        autodiff(n, (p) => reference(p)),
      );
    });
  });

  it.each(['softmax', 'tanh', 'linear'] as const)('cross_entropy with a %s decoder', (activation) => {
    tf.tidy(() => {
      const n = net({ daes: [{ layerIndex: 1, decoder: { tied: false, activation }, gradient: 'through' }] });
      const x = uniform([ROWS, INPUT], 4);
      const c = daeCase(n, [0.9]);
      const reference = referenceReconstruction(n, x, c);
      expectClose(
        n,
        ours(n, x, c).grads,
        autodiff(n, (p) => reference(p)),
      );
    });
  });
});

describe('cost reductions', () => {
  // mean = sum / features, features being the width of the representation the DAE
  // reconstructs: the input (6) for a DAE on h1, h1's width (5) for one on h2.
  const cases: [CostKind, Activation, number, number][] = [];
  for (const cost of ['cross_entropy', 'squared_error'] as const) {
    cases.push([cost, 'sigmoid', 0, INPUT], [cost, cost === 'cross_entropy' ? 'sigmoid' : 'linear', 1, 5]);
  }
  it.each(cases)(
    '%s, %s decoder, layer %i: sum gradients and loss are mean ones × %i',
    (cost, activation, layerIndex, features) => {
      tf.tidy(() => {
        const run = (reduction: CostReduction) => {
          const n = net({
            hidden: ['sigmoid', 'sigmoid'],
            daes: [
              { layerIndex, decoder: { tied: false, activation }, cost, reduction, gradient: 'through' },
            ],
          });
          const x = uniform([ROWS, INPUT], 7);
          return { n, ...ours(n, x, daeCase(n, [0.5])) };
        };
        const mean = run('mean');
        const sum = run('sum');
        expect(sum.loss / mean.loss).toBeCloseTo(features, 5);
        for (const name of mean.n.spec.shapes.keys()) {
          const m = mean.grads.get(name);
          const s = sum.grads.get(name);
          if (!m || !s) {
            expect(m, name).toBe(s);
            continue;
          }
          const scaled = tf.mul(m, features);
          const relative = tf.norm(tf.sub(s, scaled)).dataSync()[0] / tf.norm(s).dataSync()[0];
          expect(tf.norm(s).dataSync()[0], name).toBeGreaterThan(0);
          expect(relative, `${name}: |sum − features · mean| / |sum|`).toBeLessThan(1e-6);
        }
      });
    },
  );
});

describe('several DAEs and joint steps', () => {
  it('sums DAE terms with their own factors (local below, through above)', () => {
    tf.tidy(() => {
      const n = net({
        hidden: ['sigmoid', 'sigmoid'],
        daes: [
          { layerIndex: 0, gradient: 'local', decoder: { tied: true, activation: 'sigmoid' } },
          { layerIndex: 1, gradient: 'through', cost: 'squared_error' },
        ],
      });
      const x = uniform([ROWS, INPUT], 5);
      const c = daeCase(n, [0.35, 0.15], [0.7, 0.3]);
      const mine = ours(n, x, c);
      const reference = referenceReconstruction(n, x, c);
      expectClose(
        n,
        mine.grads,
        autodiff(n, (p) => reference(p)),
      );
      expect(mine.loss).toBeCloseTo(reference(params(n), 'lossFactor').dataSync()[0], 4);
    });
  });

  it('joint: λs·J_s on the labeled rows plus λr·J_r on all rows', () => {
    tf.tidy(() => {
      const n = net({
        hidden: ['tanh', 'sigmoid'],
        daes: [
          { layerIndex: 0 },
          { layerIndex: 1, gradient: 'through', decoder: { tied: true, activation: 'sigmoid' } },
        ],
      });
      const x = uniform([ROWS, INPUT], 6);
      const labeled = tf.slice(x, [0, 0], [4, INPUT]) as tf.Tensor2D;
      const targets = oneHot(4);
      const c = daeCase(n, [0.4, 0.4]);
      const grads = new Gradients();
      supervisedGradients(n.spec, n.values, { x: labeled, targets, scale: 0.6, wantLoss: false }, grads);
      reconstructionGradients(
        n.spec,
        n.values,
        {
          x,
          terms: c.terms,
          wantLoss: false,
          corrupt: (slot, clean) => ({
            noisy: applyCorruption(clean, c.corruptions[slot]),
            keep: c.corruptions[slot].keep,
          }),
        },
        grads,
      );
      const reconstruction = referenceReconstruction(n, x, c);
      const reference = autodiff(
        n,
        (p) =>
          tf.add(
            tf.mul(0.6, referenceSupervised(n.spec, p, labeled, targets)),
            reconstruction(p),
          ) as tf.Scalar,
      );
      expectClose(n, grads, reference);
    });
  });
});

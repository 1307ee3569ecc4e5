// On the onnx backend, a supervised step planned right after another step of
// the same batch runs in that step's graph run (the two programs chained,
// step/chain.ts). It must change nothing but the time: the same bits as one
// run per step, on real MNIST and on orders whose plan has no such pair or
// loses it mid-run, with and without the prefetch worker.
import { beforeAll, describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Experiment } from '../../src/ir/types.js';
import { type RunOptions, runProgram } from '../../src/runtime/run-program.js';
import { chainSteps } from '../../src/step/chain.js';
import { lowerStep } from '../../src/step/lower.js';
import {
  makeExperiment,
  readCheckpoint,
  smallMnistExperiment,
  type TinyData,
  tempDir,
  untilEpoch,
  writeTinyIdx,
} from '../harness/runtime.js';

async function train(experiment: Experiment, source: string, options: RunOptions) {
  const out = tempDir();
  const result = await runProgram(await importTrainer(experiment, { source }), {
    out,
    progress: null,
    handleSignals: false,
    backend: 'onnx',
    ...options,
  });
  return { result, checkpoint: readCheckpoint(out) };
}

/** Trains with the steps chained and one run per step: the same bits. Returns how many steps ran ahead. */
async function expectSameChained(experiment: Experiment, source: string, options: RunOptions = {}) {
  const chained = await train(experiment, source, { ...options, fuseSteps: true });
  const apart = await train(experiment, source, { ...options, fuseSteps: false });
  expect(chained.checkpoint.params).toEqual(apart.checkpoint.params);
  expect(chained.checkpoint.velocity).toEqual(apart.checkpoint.velocity);
  expect(chained.checkpoint.curves).toEqual(apart.checkpoint.curves);
  expect(chained.checkpoint.evaluations).toEqual(apart.checkpoint.evaluations);
  expect(chained.checkpoint.stepsTaken).toBe(apart.checkpoint.stepsTaken);
  expect(chained.result.stepTiming!.steps).toBe(chained.checkpoint.stepsTaken);
  expect(apart.result.stepTiming!.ranAhead).toBeUndefined();
  return chained.result.stepTiming!.ranAhead ?? 0;
}

describe('two steps chained into one program', () => {
  const experiment = makeExperiment({ reconstruct: [{}], momentum: 0.9 });
  const first = lowerStep(experiment, { kind: 'reconstruction', daes: [0], losses: true });
  const second = lowerStep(experiment, { kind: 'supervised', daes: [], losses: true });
  const chain = chainSteps(first, second);
  const byRole = (kind: string, param: string) =>
    chain.program.inputs.filter(
      (input) => input.role.kind === kind && 'param' in input.role && input.role.param === param,
    );

  it("feeds the second step the parameters and velocities the first one wrote, not the state's", () => {
    const newW = first.outputs.find((o) => o.role.kind === 'param' && o.role.param === 'h1.W')!.value;
    const newV = first.outputs.find((o) => o.role.kind === 'velocity' && o.role.param === 'h1.W')!.value;
    expect(byRole('param', 'h1.W')).toHaveLength(1);
    expect(byRole('velocity', 'h1.W')).toHaveLength(1);
    const secondOps = chain.program.ops.slice(first.ops.length);
    const reads = secondOps.flatMap((op) => Object.values(op).filter((v) => typeof v === 'string'));
    expect(reads).toContain(newW);
    expect(reads).toContain(newV);
    // The output layer, which the reconstruction step leaves alone, comes from the state.
    expect(byRole('param', 'y.W').map((input) => input.name)).toEqual(['W_y__2']);
  });

  it("keeps the second step's own inputs and outputs apart under new names", () => {
    expect([...chain.secondInputs.keys()].sort()).toEqual(
      ['f_s__2', 'per_labeled_row__2', 'targets__2', 'x_labeled__2'].sort(),
    );
    expect(chain.secondInputs.get('x_labeled__2')?.role.kind).toBe('labeledRows');
    expect(chain.secondOutputs.get('param:h1.W__2')).toBe('param:h1.W');
    expect(chain.secondOutputs.get('check__2')).toBe('check');
    expect(chain.program.outputs).toHaveLength(first.outputs.length + second.outputs.length);
    expect(chain.program.ops.slice(0, first.ops.length)).toEqual(first.ops);
  });
});

describe('training with chained steps', () => {
  it('ends a real MNIST run (--limit) with the same bits as one run per step', async () => {
    const ranAhead = await expectSameChained(smallMnistExperiment('chained_mnist'), 'specs/quick.mtl', {
      limit: 1000,
      prefetch: true,
    });
    // Every batch of 100 over 800 pool rows holds labeled rows: each supervised step ran ahead.
    expect(ranAhead).toBe(2 * 8);
  });

  describe('on small data', () => {
    let data: TinyData;
    beforeAll(() => {
      data = writeTinyIdx({ train: 24, test: 6 });
    });

    it('without the prefetch worker (the engine plans the batch itself)', async () => {
      const experiment = makeExperiment({ reconstruct: [{}], momentum: 0.9, epochs: 3 });
      expect(await expectSameChained(experiment, data.source, { prefetch: false })).toBeGreaterThan(0);
    });

    it('when the supervised weight drops to 0 after the first epoch (the plan loses the pair)', async () => {
      const experiment = makeExperiment({
        reconstruct: [{ noise: { kind: 'salt_pepper', p: 0.2 } }],
        supervised: untilEpoch(1, 0.5, 0),
        epochs: 3,
        batch: 4,
      });
      const ranAhead = await expectSameChained(experiment, data.source, { prefetch: true });
      expect(ranAhead).toBeGreaterThan(0);
    });

    it('when the supervised step comes first, or both are one joint step: nothing runs ahead', async () => {
      const supervisedFirst = makeExperiment({
        reconstruct: [{}],
        order: {
          kind: 'alternate',
          steps: [
            { objective: 'supervised', rows: 'labeled', lr: null },
            { objective: 'reconstruction', rows: 'batch', lr: null },
          ],
        },
      });
      expect(await expectSameChained(supervisedFirst, data.source)).toBe(0);
      const joint = makeExperiment({ reconstruct: [{}], order: { kind: 'joint' } });
      expect(await expectSameChained(joint, data.source)).toBe(0);
    });
  });
});

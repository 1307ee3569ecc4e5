// A quick real-MNIST run: an NN1-like network with its DAE learns.
import { describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import { runProgram } from '../../src/runtime/run-program.js';
import { makeExperiment, num, tempDir } from '../harness/runtime.js';

describe('MNIST', () => {
  it('trains an NN1-like network with a DAE on h1 to under 15% test error', async () => {
    const experiment = makeExperiment({
      name: 'nn1_quick',
      source: 'mnist',
      labeled: 5000,
      unlabeled: 5000,
      validation: 2000,
      input: 784,
      hidden: [{ name: 'h1', units: 50, activation: 'sigmoid' }],
      output: { name: 'y', units: 10, activation: 'softmax' },
      reconstruct: [{}],
      supervised: num(0.98),
      reconstruction: num(0.02),
      epochs: 3,
      batch: 100,
      lr: num(0.5),
    });
    const result = await runProgram(await importTrainer(experiment, { source: 'specs/quick.mtl' }), {
      out: tempDir(),
      progress: null,
      handleSignals: false,
    });
    expect(result.status).toBe('completed');
    expect(result.testError).toBeLessThan(0.15);
    expect(result.validationError).toBeLessThan(0.15);
  });
});

// From .mtl text through the checker's lowering to generated TypeScript: every
// weights form of the language reference (§7) gives the paper's λ_s and λ_r,
// and lr expressions the paper's learning rate.
import { describe, expect, it } from 'vitest';
import { generateProgram } from '../../src/codegen/generate.js';
import { checkText } from '../../src/driver/check.js';
import type { Experiment } from '../../src/ir/types.js';
import type { TrainerProgram } from '../../src/runtime/program.js';
import { importGenerated } from '../harness/codegen.js';

const stubRuntime =
  'data:text/javascript,export const isMainModule = () => false; export async function runProgramCli() {}';

function specWith(weights: string, train = 'lr = 0.01'): string {
  return `experiment e {
  data mnist { labeled 1000 unlabeled 10000 seed 1 }
  network { input 784 dense h1 50 sigmoid output y 10 softmax }
  reconstruct h1 { noise mask(0.25) }
  ${weights}
  train { epochs 5000 batch 600 ${train} seed 7 order alternate { step reconstruction on batch step supervised on labeled } }
}
`;
}

async function programOf(text: string): Promise<TrainerProgram> {
  const result = checkText(text, 'specs/e.mtl');
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const experiment = result.ir!.experiments[0] as Experiment;
  const source = generateProgram(experiment, { source: 'specs/e.mtl', runtimeSpecifier: stubRuntime });
  return (await importGenerated<{ program: TrainerProgram }>(source)).program;
}

const T = 5000;
const epochs = [0, 1, 20, 39, 40, 41, 99, 100, 101, 1000, 2500, 4500, 4999];

const forms: { weights: string; lambdaS: (t: number) => number }[] = [
  { weights: 'weights schedule stairs(100)', lambdaS: (t) => (t < 100 ? 0 : 1) },
  { weights: 'weights schedule lin', lambdaS: (t) => t / T },
  { weights: 'weights schedule lin(100)', lambdaS: (t) => Math.min(1, t / 100) },
  { weights: 'weights schedule exp(40)', lambdaS: (t) => 1 - Math.exp(-t / 40) },
  { weights: 'weights schedule constant(0.5)', lambdaS: () => 0.5 },
  { weights: 'weights schedule supervised_only', lambdaS: () => 1 },
  {
    weights: 'weights { reconstruction = exp(-t / 40)  supervised = 1 - reconstruction }',
    lambdaS: (t) => 1 - Math.exp(-t / 40),
  },
  {
    weights: 'weights { supervised = clamp(t / 200, 0, 1)  reconstruction = 1 - supervised }',
    lambdaS: (t) => Math.min(1, t / 200),
  },
  {
    weights: 'weights { supervised = t >= 100 && t < T ? 1 : 0  reconstruction = 1 - supervised }',
    lambdaS: (t) => (t >= 100 ? 1 : 0),
  },
  {
    weights: 'weights { supervised = 1 - (1 - t / T) ^ 2  reconstruction = (1 - t / T) ^ 2 }',
    lambdaS: (t) => 1 - (1 - t / T) ** 2,
  },
];

describe('spec → IR → generated program', () => {
  for (const form of forms) {
    it(`computes the weights of \`${form.weights}\``, async () => {
      const program = await programOf(specWith(form.weights));
      for (const t of epochs) {
        expect(program.supervisedWeight(t, T)).toBeCloseTo(form.lambdaS(t), 12);
        expect(program.reconstructionWeight(t, T)).toBeCloseTo(1 - form.lambdaS(t), 12);
      }
    });
  }

  it("computes the paper's lr: 0.01, then linearly to 0 over the last 500 epochs", async () => {
    const program = await programOf(
      specWith('weights schedule exp(40)', 'lr = t < T - 500 ? 0.01 : 0.01 * (T - t) / 500'),
    );
    for (const t of epochs)
      expect(program.learningRate(t, T)).toBeCloseTo(t < T - 500 ? 0.01 : (0.01 * (T - t)) / 500, 15);
  });
});

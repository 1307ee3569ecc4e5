import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests `npm run mutation` runs against each mutant: the in-process tests of
// the mutated modules (data split, rule list, schedule verification, training
// math). Tests that start `mtl` as a child process are left out: a child process
// never sees the mutant Stryker switches on inside the test worker.
// MTL_MUTATION_TESTS (comma-separated globs) narrows the set for a quick run.
// The training set's mutants are tested by training-math (every backend against
// autodiff), algorithm1 (the steps taken), batch-steps (which steps and terms are
// taken, the events, the epoch losses, skip below, schedules that are not numbers),
// take-step (the divergence check) and step-programs (a `through` gradient two
// layers down, the check vector); backends-agree would kill a few more but costs a
// minute per surviving mutant.
const bySet: Record<string, string[]> = {
  checks: [
    'test/check/**/*.test.ts',
    'test/runtime/split.test.ts',
    'test/runtime/training-math.test.ts',
    'test/runtime/element-noise.test.ts',
    'test/runtime/noise-corruption.test.ts',
  ],
  training: [
    'test/runtime/training-math.test.ts',
    'test/runtime/algorithm1.test.ts',
    'test/runtime/batch-steps.test.ts',
    'test/runtime/take-step.test.ts',
    'test/runtime/step-programs.test.ts',
  ],
};
const tests =
  process.env.MTL_MUTATION_TESTS?.split(',') ??
  bySet[process.env.MTL_MUTATION_SET ?? ''] ?? [...bySet.checks, ...bySet.training];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: tests,
    reporters: ['default'],
    // As the scores in docs/mutation.md were measured: a fresh module graph per file.
    isolate: true,
  },
});

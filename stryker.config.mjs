// @ts-check
// Mutation testing of the modules where a silent bug costs most (docs/mutation.md):
// the data split, the rule list and the schedule verification ('checks'), and the
// training math ('training'). `npm run mutation` runs both; MTL_MUTATION_SET=checks
// or =training runs one. Slow (an hour or more on 2 cores), so not part of `npm test`.
const sets = {
  checks: [
    'src/runtime/data/split.ts',
    'src/check/rules/index.ts',
    'src/check/schedules.ts',
    'src/check/rules/schedule-verification.ts',
    'src/runtime/train/sgd.ts',
    'src/runtime/grad/noise.ts',
    'src/runtime/noise/element-noise.ts',
  ],
  // The step programs' supervised term, DAE noise inputs, DAE terms and SGD update
  // (lower.ts; the costs are left out for time), and the runtime code that scales and
  // takes each step.
  training: [
    'src/step/lower.ts:140-325',
    'src/runtime/train/batch-steps.ts',
    'src/runtime/train/take-step.ts',
  ],
};
const set = process.env.MTL_MUTATION_SET ?? 'all';
const mutate = set === 'all' ? [...sets.checks, ...sets.training] : sets[set];
if (!mutate) throw new Error(`MTL_MUTATION_SET must be checks, training or all, not '${set}'`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // Tests that start `mtl` as a child process are left out (vitest.mutation.config.ts).
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate,
  mutator: {
    // In the step programs string literals are value names (`dz_h1`, …): renaming one
    // changes no math, so those mutants would all be equivalent.
    excludedMutations: set === 'training' ? ['StringLiteral'] : [],
  },
  ignorePatterns: ['runs', 'reports', 'bench', 'editors', '.vitest-results.json', '.stryker-tmp*'],
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${set}.json` },
  htmlReporter: { fileName: `reports/mutation/${set}.html` },
  tempDirName: `.stryker-tmp-${set}`,
  cleanTempDir: true,
};
export default config;

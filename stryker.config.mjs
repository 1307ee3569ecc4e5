// @ts-check
// Mutation testing of the modules where a silent bug costs most (docs/mutation.md):
// the training math, the data split, the rule list and the schedule verification.
// `npm run mutation`; slow (tens of minutes on 2 cores), so not part of `npm test`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/step/**/*.ts',
    'src/runtime/train/sgd.ts',
    'src/runtime/train/batch-steps.ts',
    'src/runtime/train/take-step.ts',
    'src/runtime/grad/*.ts',
    'src/runtime/noise/element-noise.ts',
    'src/runtime/kernels/step-kernels.ts',
    'src/runtime/model/*.ts',
    'src/runtime/data/split.ts',
    'src/check/rules/index.ts',
    'src/check/schedules.ts',
    'src/check/rules/schedule-verification.ts',
  ],
  ignorePatterns: ['runs', 'reports', 'bench', 'editors', '.vitest-results.json'],
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
export default config;

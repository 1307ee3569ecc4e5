import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests `npm run mutation` runs against each mutant: the in-process tests of
// the mutated modules (data split, rule list, schedule verification, training
// math). Tests that start `mtl` as a child process are left out: a child process
// never sees the mutant Stryker switches on inside the test worker.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
      include: [
        'test/check/**/*.test.ts',
        'test/runtime/split.test.ts',
        'test/runtime/algorithm1.test.ts',
        'test/runtime/gradients.test.ts',
        'test/runtime/backends-agree.test.ts',
        'test/runtime/element-noise.test.ts',
        'test/runtime/init.test.ts',
        'test/runtime/training-math.test.ts',
        'test/runtime/initial-weights.test.ts',
      ],
      reporters: ['default'],
  },
});

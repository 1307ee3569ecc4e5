import { defineConfig } from 'vitest/config';

// vitest 5 calls Map.groupBy / Object.groupBy (Node 21+) when it reports failures
// and snapshots; on Node 20 that crash hides the failure itself. The config runs
// in the main process, where the reporters live, so the polyfills go here.
function groupBy<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  let index = 0;
  for (const item of items) {
    const k = key(item, index++);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
const mapStatics = Map as unknown as { groupBy?: typeof groupBy };
mapStatics.groupBy ??= groupBy;
const objectStatics = Object as unknown as { groupBy?: (items: Iterable<unknown>, key: never) => object };
objectStatics.groupBy ??= (items, key) => Object.fromEntries(groupBy(items, key));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Training tests are CPU-bound; two workers match the 2-core machines CI uses.
    maxWorkers: 2,
    // Each worker runs its files one after another in one module graph, instead of a fresh
    // process per file: importing TensorFlow.js, ONNX Runtime, TypeScript and the compiler
    // again for each of the 126 files was 23 % of the run. Measured on a clean cache, same
    // machine, one run after the other: 330 s isolated, 246 s not. Files that need a
    // TensorFlow.js backend select it in beforeAll (a run selects its own), and files that
    // change process.env put it back, so no file depends on the one before it; the suite
    // also passed with its files in two shuffled orders (--sequence.shuffle.files).
    isolate: false,
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});

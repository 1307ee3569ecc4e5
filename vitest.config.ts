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
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});

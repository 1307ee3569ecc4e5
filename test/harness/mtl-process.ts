// How tests start `mtl` as a real process: the built CLI (bin/mtl.js, what
// `npm test` runs after its build), or the sources through tsx when dist/ is
// missing or older than src/ (running one test file while editing).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
// Absolute, so children started in a data folder resolve it too.
const TSX = import.meta.resolve('tsx');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** Node arguments that run `mtl ARGS…`, with `preload` modules imported first (fault injection). */
export function mtlNodeArgs(args: readonly string[], preload: readonly string[] = []): string[] {
  const imports = preload.flatMap((file) => ['--import', file]);
  let fresh = false;
  try {
    fresh = statSync(join(root, 'dist/src/cli/main.js')).mtimeMs >= newest(join(root, 'src'));
  } catch {
    fresh = false;
  }
  if (fresh) return [...imports, join(root, 'bin/mtl.js'), ...args];
  return ['--import', TSX, ...imports, join(root, 'test/harness/mtl-child.ts'), ...args];
}

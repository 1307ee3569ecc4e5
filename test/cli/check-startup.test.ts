import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** Every module `mtl check` loads, following static imports from src/cli/check.ts (type-only imports excluded). */
function importClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        visit(target.endsWith('.json') ? target : target.replace(/\.js$/, '.ts'));
      } else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('mtl check startup', () => {
  it('loads neither ts-morph nor TensorFlow.js', () => {
    const { packages } = importClosure(join(root, 'src/cli/check.ts'));
    expect([...packages].filter((p) => p === 'ts-morph' || p.startsWith('@tensorflow'))).toEqual([]);
    expect(packages).toContain('chevrotain');
  });
});

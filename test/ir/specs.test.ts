import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/driver/check.js';
import { validateIr } from '../../src/ir/validate.js';

const root = join(import.meta.dirname, '../../specs');

function mtlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? mtlFiles(join(dir, e.name)) : e.name.endsWith('.mtl') ? [join(dir, e.name)] : [],
  );
}

const files = mtlFiles(root).sort();

describe('the specs under specs/', () => {
  const result = checkFiles(files);

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('check with no errors and no warnings', () => {
    expect(result.diagnostics.map((d) => `${relative(root, d.file)}: ${d.code} ${d.message}`)).toEqual([]);
  });

  it.each(files.map((f) => [relative(root, f), f]))(
    '%s lowers to IR that validates against the schema',
    (_name, file) => {
      const ir = result.irs.get(file);
      expect(ir).toBeDefined();
      expect(validateIr(ir)).toEqual({ valid: true, errors: [] });
    },
  );

  it('give the same hashes when checked again', () => {
    const again = checkFiles(files);
    for (const file of files) {
      expect(again.irs.get(file)?.experiments.map((e) => e.hash)).toEqual(
        result.irs.get(file)?.experiments.map((e) => e.hash),
      );
    }
  });
});

// Every `mtl` example in the language guide and the README is a spec that checks
// with no errors. Examples that name the paper's experiments (a sweep's `base
// nn1_exp40`) are checked beside copies of specs/paper/, importing what they name.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/driver/check.js';

const root = new URL('../..', import.meta.url).pathname;
const paper = join(root, 'specs/paper');

function examples(doc: string): string[] {
  const text = readFileSync(join(root, doc), 'utf8');
  return [...text.matchAll(/```mtl\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** A folder holding the paper's specs, where an example can import them. */
function paperFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-doc-'));
  for (const name of readdirSync(paper)) copyFileSync(join(paper, name), join(dir, name));
  return dir;
}

const cases = ['docs/language-guide.md', 'README.md'].flatMap((doc) =>
  examples(doc).map((text, index) => ({ doc, index, text })),
);

describe('documentation examples', () => {
  it('finds the examples', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)('$doc example $index checks with no errors', ({ text }) => {
    const dir = paperFolder();
    const uses = [...text.matchAll(/\bbase\s+(\w+)/g)].map((m) => m[1]);
    const imports = /^\s*import /m.test(text) ? '' : uses.map((name) => `import "${name}.mtl"\n`).join('');
    const file = join(dir, 'example.mtl');
    writeFileSync(file, imports + text);
    const errors = checkFile(file).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});

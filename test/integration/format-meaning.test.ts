// The formatter changes layout, never meaning: checking a formatted spec gives
// the very same IR (hashes included) as checking the original.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskHost, type SourceHost } from '../../src/check/host.js';
import { checkFile } from '../../src/driver/check.js';
import { formatText } from '../../src/syntax/format.js';
import { parse } from '../../src/syntax/parse.js';
import { sameTree } from '../../src/syntax/same-tree.js';

const root = new URL('../..', import.meta.url).pathname;

function specFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(path);
    return entry.name.endsWith('.mtl') ? [path] : [];
  });
}

/** Reads every file from disk, but shows the formatted text for one. */
function hostWith(file: string, text: string): SourceHost {
  return {
    readFile: (path) => (relative(root, path) === file || path === file ? text : diskHost.readFile(path)),
  };
}

const corpus = [...specFiles('specs'), ...specFiles('test/syntax/fixtures')];

describe('formatting keeps the meaning', () => {
  it.each(corpus)('%s: check(fmt(x)) gives the IR of check(x)', (file) => {
    const original = readFileSync(join(root, file), 'utf8');
    const formatted = formatText(original, file);
    expect(formatted.diagnostics).toEqual([]);
    expect(formatted.text).toBeDefined();
    const before = checkFile(join(root, file));
    const after = checkFile(join(root, file), { host: hostWith(file, formatted.text!) });
    // Same problems, each on the same words (spans move with the layout, their text does not).
    const path = join(root, file);
    const described = (ds: typeof before.diagnostics, text: string) =>
      ds.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        at: d.file === path ? text.slice(d.span.start, d.span.end).replace(/\s+/g, ' ') : d.file,
      }));
    expect(described(after.diagnostics, formatted.text!)).toEqual(described(before.diagnostics, original));
    expect(after.ir === undefined).toBe(before.ir === undefined);
    if (before.ir) {
      expect(after.ir).toEqual(before.ir);
    } else {
      // A file with errors has no IR to compare: its syntax tree, layout aside, must be the same.
      const parsedBefore = parse(original, path);
      const parsedAfter = parse(formatted.text!, path);
      expect(sameTree(parsedAfter.ast, parsedBefore.ast)).toBe(true);
      expect(before.diagnostics.length).toBeGreaterThan(0);
    }
    // The paper's specs check clean, so for them the comparison is between two real IRs.
    if (file.startsWith('specs')) expect(before.ir).toBeDefined();
  });

  it('changes the IR hash when a setting changes (the comparison can fail)', () => {
    const file = 'specs/quickstart.mtl';
    const original = readFileSync(join(root, file), 'utf8');
    const before = checkFile(join(root, file));
    const after = checkFile(join(root, file), {
      host: hostWith(file, original.replace('epochs 20', 'epochs 21')),
    });
    expect(after.ir?.experiments[0]?.hash).toBeDefined();
    expect(after.ir?.experiments[0]?.hash).not.toBe(before.ir?.experiments[0]?.hash);
  });
});

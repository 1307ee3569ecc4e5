// The README's examples are real: the spec it shows is the quickstart file, the
// diagnostics it shows are what `mtl check` prints, and the paper's specs check clean.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { fmtCommand } from '../../src/cli/fmt.js';
import { captureIo } from '../harness/codegen.js';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');

/** The fenced block that follows `marker` in the README. */
function blockAfter(marker: string): string {
  const at = readme.indexOf(marker);
  expect(at, `README has '${marker}'`).toBeGreaterThanOrEqual(0);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
  return match?.[1] ?? '';
}

describe('README', () => {
  it('shows specs/quickstart.mtl as it is', () => {
    expect(blockAfter('## A spec')).toBe(readFileSync(`${root}specs/quickstart.mtl`, 'utf8'));
  });

  it('shows the diagnostics mtl check prints for docs/examples/broken.mtl', async () => {
    const { io, stdout } = captureIo(root);
    expect(await checkCommand(['docs/examples/broken.mtl'], io)).toBe(1);
    expect(blockAfter('### Diagnostics')).toBe(stdout());
  });

  it('is right that the paper specs check with no errors and no warnings, in canonical layout', async () => {
    const checked = captureIo(root);
    expect(await checkCommand(['specs'], checked.io)).toBe(0);
    expect(checked.stdout()).toBe('');
    expect(checked.stderr()).toMatch(/^0 errors, 0 warnings in \d+ files\n$/);
    const formatted = captureIo(root);
    expect(await fmtCommand(['--check', 'specs'], formatted.io)).toBe(0);
  });
});

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
  it('lists every flag `mtl run` takes, and every verb', async () => {
    const { runVerb } = await import('../../src/cli/run.js');
    const row = readme.split('\n').find((line) => line.startsWith('| `mtl run FILE')) ?? '';
    for (const spec of Object.values(runVerb.flags)) {
      expect(row, spec.flags).toContain(/--[\w-]+/.exec(spec.flags)![0]);
    }
    for (const verb of ['check', 'fmt', 'compile', 'run', 'lsp', 'help'])
      expect(readme).toContain(`| \`mtl ${verb}`);
    expect(readme).toContain('`mtl --version`');
  });

  it('gives Neovim before 0.11 a form that works there (no vim.lsp.config)', () => {
    const lua = blockAfter('### Neovim 0.8–0.10');
    expect(lua).toContain("vim.filetype.add({ extension = { mtl = 'mtl' } })");
    expect(lua).toContain('vim.lsp.start_client(');
    expect(lua).toContain('vim.lsp.buf_attach_client(');
    expect(lua).not.toContain('vim.lsp.config');
  });

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

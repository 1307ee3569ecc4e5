// The README's examples are real: the spec it shows is the quickstart file, the
// diagnostics it shows are what `mtl check` prints, and the paper's specs check clean.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { fmtCommand } from '../../src/cli/fmt.js';
import { main } from '../../src/cli/main.js';
import { sweepCommand } from '../../src/cli/sweep.js';
import { captureIo } from '../harness/codegen.js';
import { tempDir } from '../harness/runtime.js';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');

/** The fenced block that follows `marker` in the README (the `skip`-th after it, counting from 0). */
function blockAfter(marker: string, skip = 0): string {
  const at = readme.indexOf(marker);
  expect(at, `README has '${marker}'`).toBeGreaterThanOrEqual(0);
  const blocks = [...readme.slice(at).matchAll(/```[a-z]*\n([\s\S]*?)```/g)];
  return blocks[skip]?.[1] ?? '';
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

  it('shows the plan mtl sweep --dry-run prints for the shortened Table 1a', async () => {
    const { io, stdout } = captureIo(root);
    expect(await sweepCommand(['specs/paper/table1a_short.mtl', '--epochs', '200', '--dry-run'], io)).toBe(0);
    expect(blockAfter('### Planning a sweep', 1)).toBe(stdout());
  });

  it('runs the small sweep, lists its runs and reports it, as the README says', async () => {
    const commands = blockAfter('A small sweep on the real MNIST files')
      .trim()
      .split('\n')
      .map((line) => line.replace(/^npx mtl /, '').split(/\s+/));
    expect(commands.map((c) => c[0])).toEqual(['sweep', 'runs', 'report']);
    const dir = tempDir('mtl-readme-sweep-');
    mkdirSync(join(dir, 'specs'));
    copyFileSync(join(root, 'specs/sweep_quick.mtl'), join(dir, 'specs/sweep_quick.mtl'));
    const out = commands.map(() => captureIo(dir));
    expect(await main([...commands[0]!, '--quiet'], out[0]!.io)).toBe(0);
    expect(out[0]!.stdout()).toMatch(
      /^quick_grid: 12\/12 runs done \(12 trained now, 0 already in the store\), 0 failed/,
    );
    expect(await main(commands[1]!, out[1]!.io)).toBe(0);
    expect(out[1]!.stdout()).toMatch(/\n12 runs: 12 done\n$/);
    expect(await main(commands[2]!, out[2]!.io)).toBe(0);
    const report = out[2]!.stdout();
    expect(report).toContain('Data limited to the first 2,000 training and test images (--limit).');
    expect(report).toContain('| unlabeled | lin(3) | exp(1) | control |');
    expect(report).toMatch(/\| 900 \| [-+]?\d+\.\d\d ± \d+\.\d\d \[/);
    expect(report).toContain('Steps per run (supervised/reconstruction, mean over repeats): baseline 40/0');

    // The pictures of the same store, as the Reports section shows them (outputs land in the temp folder).
    const pictures = blockAfter('The same report as pictures')
      .trim()
      .split('\n')
      .map((line) => line.replace(/^npx mtl /, '').split(/\s+/));
    expect(pictures.map((c) => c.slice(0, 2))).toEqual([
      ['report', 'quick_grid'],
      ['plot', 'sweep'],
      ['plot', 'sweep'],
    ]);
    for (const argv of pictures) {
      const run = captureIo(dir);
      expect(await main(argv, run.io), argv.join(' ')).toBe(0);
      expect(run.stderr()).toBe('');
    }
    const page = readFileSync(join(dir, 'quick-report.html'), 'utf8');
    expect(page).toContain('<title>Sweep quick_grid</title>');
    expect(page).toContain('<th scope="col" class="num">lin(3)</th>');
    expect(page.match(/<svg/g)).toHaveLength(2);
    const chart = readFileSync(join(dir, 'quick-table.svg'), 'utf8');
    expect(chart).toContain('>unlabeled examples u</text>');
    expect(chart).toContain('>control</text>');
    expect(readFileSync(join(dir, 'quick-fig1.png')).subarray(1, 4).toString()).toBe('PNG');
    const script = blockAfter('`scripts/reproduction-figures.sh STORE SWEEP [OUT_DIR]`');
    expect(script).toBe('npm run build\nscripts/reproduction-figures.sh runs/mtl.sqlite table1a\n');
    expect(existsSync(join(root, 'scripts/reproduction-figures.sh'))).toBe(true);
  }, 240_000); // 12 real training runs: ~40 s on an idle machine, several times that under load
});

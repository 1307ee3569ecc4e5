// The README's plot examples are real: each `npx mtl plot weights` line runs as
// written (from the repository root; only the output goes to a temp folder), and
// each `plot curves` line runs with its run folders replaced by tiny real runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCommand } from '../../src/cli/run.js';
import { captureIo } from '../harness/codegen.js';
import { linePaths, tempDir, texts, tinyRunSpec } from '../harness/plot.js';
import { writeTinyIdx } from '../harness/runtime.js';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');

/** The `npx mtl …` commands of the fenced block after `marker`, as argument lists (comments dropped). */
function commandsAfter(marker: string): string[][] {
  const at = readme.indexOf(marker);
  expect(at, `README has '${marker}'`).toBeGreaterThanOrEqual(0);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith('npx mtl '))
    .map((line) => line.slice('npx mtl '.length).split(/\s+/));
}

/** The argument list with the value of -o moved into `dir`; returns it and the new output path. */
function redirectOutput(argv: readonly string[], dir: string): { argv: string[]; out: string } {
  const at = argv.indexOf('-o');
  expect(at, `${argv.join(' ')} has -o`).toBeGreaterThan(0);
  const out = join(dir, argv[at + 1]!);
  return { argv: argv.map((a, i) => (i === at + 1 ? out : a)), out };
}

describe('README plot examples', () => {
  it('draw the weights charts they promise', async () => {
    const weights = commandsAfter('### Plots').filter((argv) => argv[0] === 'plot' && argv[1] === 'weights');
    expect(weights.length).toBeGreaterThanOrEqual(2);
    const dir = tempDir();
    for (const example of weights) {
      const { argv, out } = redirectOutput(example, dir);
      const { io, stderr } = captureIo(root);
      expect(await main(argv, io), example.join(' ')).toBe(0);
      expect(stderr()).toBe('');
      const bytes = readFileSync(out);
      // A chart the repository commits (the README shows it) is exactly what the command draws today.
      const committed = join(root, example[example.indexOf('-o') + 1]!);
      if (existsSync(committed))
        expect(bytes.equals(readFileSync(committed)), `${committed} is current`).toBe(true);
      if (out.endsWith('.png')) expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      else expect(linePaths(bytes.toString('utf8')).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('draw the learning curves they promise', async () => {
    const curves = commandsAfter('### Plots').filter((argv) => argv[0] === 'plot' && argv[1] === 'curves');
    expect(curves.length).toBeGreaterThanOrEqual(1);
    const data = writeTinyIdx({ train: 120, test: 30 }).dir;
    for (const example of curves) {
      const dirs = example.slice(2, example.indexOf('-o'));
      const labels = dirs.map((_, i) => `run_${i}`);
      const runDirs = dirs.map((_, i) => join(data, `run-${i}`));
      for (const [i, label] of labels.entries()) {
        writeFileSync(join(data, `${label}.mtl`), tinyRunSpec(label, 'schedule lin(2)', 2));
        const { io } = captureIo(data);
        expect(
          await runCommand([`${label}.mtl`, '--quiet', '--backend', 'cpu', '--out', runDirs[i]!], io),
        ).toBe(0);
      }
      const { argv, out } = redirectOutput(
        [...example.slice(0, 2), ...runDirs, ...example.slice(2 + dirs.length)],
        data,
      );
      const { io, stderr } = captureIo(root);
      expect(await main(argv, io), example.join(' ')).toBe(0);
      expect(stderr()).toBe('');
      if (out.endsWith('.png')) expect(readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
      // The same chart as SVG names every run.
      const svgOut = out.replace(/\.png$/, '.svg');
      expect(await main([...argv.slice(0, -1), svgOut], captureIo(root).io)).toBe(0);
      expect(texts(readFileSync(svgOut, 'utf8'))).toEqual(expect.arrayContaining(labels));
    }
  });
});

// The README's plot examples are real: each `npx mtl plot` line runs as written
// (from the repository root; only the output goes to a temp folder) and draws a chart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../harness/codegen.js';
import { linePaths, tempDir } from '../harness/plot.js';

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
      if (out.endsWith('.png')) expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      else expect(linePaths(bytes.toString('utf8')).length).toBeGreaterThanOrEqual(2);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { lspCommand } from '../../src/cli/lsp.js';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd: process.cwd(),
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    out: () => out,
    err: () => err,
  };
}

describe('mtl lsp (command line)', () => {
  it('--help prints the usage and exits 0', async () => {
    const io = captureIo();
    expect(await lspCommand(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: mtl lsp [options]');
  });

  it('refuses an unknown option with exit code 2', async () => {
    const io = captureIo();
    expect(await lspCommand(['--tcp'], io)).toBe(2);
    expect(io.err()).toContain("unknown option '--tcp'");
  });
});

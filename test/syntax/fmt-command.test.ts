import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fmtCommand } from '../../src/cli/fmt.js';
import { fakeIo } from '../harness/syntax.js';

const formatted = 'network a {\n  input 1\n  output y 2 softmax\n}\n';
const unformatted = 'network a { input 1  output y 2 softmax }';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mtl-fmt-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('mtl fmt', () => {
  it('rewrites files in place and leaves no temporary file behind', async () => {
    write('a.mtl', unformatted);
    write('b.mtl', formatted);
    const io = fakeIo(dir);
    expect(await fmtCommand(['a.mtl', 'b.mtl'], io)).toBe(0);
    expect(read('a.mtl')).toBe(formatted);
    expect(read('b.mtl')).toBe(formatted);
    expect(readdirSync(dir).sort()).toEqual(['a.mtl', 'b.mtl']);
  });

  it('--check lists the files that would change, changes nothing and exits 1', async () => {
    write('a.mtl', unformatted);
    write('b.mtl', formatted);
    const io = fakeIo(dir);
    expect(await fmtCommand(['--check', 'a.mtl', 'b.mtl'], io)).toBe(1);
    expect(io.out()).toBe('a.mtl\n');
    expect(read('a.mtl')).toBe(unformatted);
  });

  it('--check exits 0 when everything is formatted', async () => {
    write('b.mtl', formatted);
    const io = fakeIo(dir);
    expect(await fmtCommand(['b.mtl', '--check'], io)).toBe(0);
    expect(io.out()).toBe('');
  });

  it('formats every .mtl file below a directory', async () => {
    mkdirSync(join(dir, 'specs/paper'), { recursive: true });
    write('specs/paper/a.mtl', unformatted);
    write('specs/notes.txt', unformatted);
    const io = fakeIo(dir);
    expect(await fmtCommand(['specs', '--check'], io)).toBe(1);
    expect(io.out()).toBe(`${join('specs', 'paper/a.mtl')}\n`);
  });

  it('prints syntax errors as FILE:LINE:COL, leaves the file alone and exits 1', async () => {
    write('bad.mtl', 'network a {\n  input\n}\n');
    const io = fakeIo(dir);
    expect(await fmtCommand(['bad.mtl'], io)).toBe(1);
    expect(io.err()).toBe("bad.mtl:3:1: error MTL002: expected the input size (a number), found '}'\n");
    expect(read('bad.mtl')).toBe('network a {\n  input\n}\n');
  });

  it('exits 2 for a missing file, still formatting the others', async () => {
    write('a.mtl', unformatted);
    const io = fakeIo(dir);
    expect(await fmtCommand(['missing.mtl', 'a.mtl'], io)).toBe(2);
    expect(io.err()).toContain('missing.mtl');
    expect(read('a.mtl')).toBe(formatted);
  });

  it('exits 2 without files or with an unknown option', async () => {
    expect(await fmtCommand([], fakeIo(dir))).toBe(2);
    const io = fakeIo(dir);
    expect(await fmtCommand(['--chek', 'a.mtl'], io)).toBe(2);
    expect(io.err()).toContain("unknown option '--chek'");
  });
});

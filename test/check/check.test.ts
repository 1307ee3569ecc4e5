import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleContext } from '../../src/check/context.js';
import { parseProgram } from '../../src/check/program.js';
import { runRules } from '../../src/check/run-rules.js';
import type { Visitor } from '../../src/check/walk.js';
import { checkFile, checkFiles, checkText } from '../../src/driver/check.js';
import { expectDiagnostics, expectValid, located, MAIN, memoryHost, spec } from '../harness/check.js';

const NETS = 'network nn1 { input 784 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }';

describe('checkText', () => {
  it('gives the IR of a clean spec, and none when there is an error', () => {
    const host = memoryHost({});
    expect(checkText(spec(), MAIN, { host }).ir?.experiments.map((e) => e.name)).toEqual(['e']);
    expect(checkText(spec({ network: 'network nn9' }), MAIN, { host }).ir).toBeUndefined();
  });

  it('still checks the blocks that parsed when another has a syntax error', () => {
    expectDiagnostics(
      spec({
        data: 'data mnist { labeled 1000 unlabeled }',
        networks: 'network nn1 { input 784 dense h1 50 sigmod dense h2 40 sigmoid output y 10 softmax }',
      }),
      [
        {
          code: 'MTL020',
          line: 1,
          column: 37,
          message: "unknown activation 'sigmod'; did you mean 'sigmoid'?",
        },
        { code: 'MTL002', line: 3, column: 39 },
      ],
    );
  });

  it('still checks other experiments when one experiment is broken', () => {
    const broken = 'experiment bad { data mnist { labeled 1000 ) }';
    const diagnostics = located(spec({ after: broken }));
    expect(diagnostics.map((d) => d.code)).toContain('MTL002');
    const withError = located(
      spec({ train: 'train { epochs 300 batch 100 lr = 0.01 * foo }', after: broken }),
    );
    expect(withError.filter((d) => d.code === 'MTL070')).toMatchObject([{ line: 7, column: 44 }]);
  });

  it('sorts diagnostics by file then offset, without repeats', () => {
    const diagnostics = checkText(
      `import "lib.mtl"\n${spec({ networks: '', network: 'network nn9' })}`,
      MAIN,
      {
        host: memoryHost({ 'lib.mtl': `${NETS}\nexperiment x { }` }),
      },
    ).diagnostics;
    const keys = diagnostics.map((d) => `${d.file}:${String(d.span.start).padStart(6, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(diagnostics.map((d) => JSON.stringify(d))).size).toBe(diagnostics.length);
    expect(diagnostics.map((d) => d.file)).toEqual([
      '/virtual/lib.mtl',
      '/virtual/lib.mtl',
      '/virtual/lib.mtl',
      MAIN,
    ]);
  });

  it('turns a rule that throws into an internal error and keeps going', () => {
    function crashingRule(_ctx: RuleContext): Visitor {
      return {
        Layer(node) {
          if (node.name.name === 'h2') throw new Error('boom');
        },
      };
    }
    const program = parseProgram([{ name: MAIN, text: spec() }], memoryHost({}));
    const diagnostics = runRules(program, [crashingRule]);
    expect(diagnostics).toMatchObject([
      {
        code: 'MTL900',
        severity: 'error',
        message: 'internal error in crashingRule: boom (a bug in mtl)',
        span: { start: 44 },
      },
    ]);
  });
});

describe('imports', () => {
  it('resolves imports relative to the importing file', () => {
    expectValid(`import "lib/a.mtl"\n${spec({ networks: '' })}`, {
      files: { 'lib/a.mtl': 'import "../nets/b.mtl"', 'nets/b.mtl': NETS },
    });
  });

  it('reports a missing import on its path', () => {
    expectDiagnostics(`import "nope.mtl"\n${spec({ networks: '' })}`, [
      {
        code: 'MTL010',
        line: 1,
        column: 8,
        message: "cannot read imported file 'nope.mtl' (resolved to /virtual/nope.mtl)",
      },
      { code: 'MTL013', line: 5, column: 11 },
    ]);
  });

  it('reports an import cycle, naming it', () => {
    expectDiagnostics(
      `import "a.mtl"\n${spec({ networks: '' })}`,
      [
        {
          code: 'MTL011',
          line: 1,
          column: 8,
          message: 'import cycle: /virtual/a.mtl → /virtual/b.mtl → /virtual/a.mtl',
          file: '/virtual/b.mtl',
        },
      ],
      { files: { 'a.mtl': `import "b.mtl"\n${NETS}`, 'b.mtl': 'import "a.mtl"' } },
    );
  });

  it('reports a file that imports itself', () => {
    expectDiagnostics('import "main.mtl"', [
      { code: 'MTL011', line: 1, column: 8, message: 'import cycle: /virtual/main.mtl → /virtual/main.mtl' },
    ]);
  });
});

describe('checkFile and checkFiles on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-check-'));
  writeFileSync(join(dir, 'nets.mtl'), NETS);
  writeFileSync(join(dir, 'a.mtl'), `import "nets.mtl"\n${spec({ networks: '' })}`);
  writeFileSync(
    join(dir, 'b.mtl'),
    `import "nets.mtl"\n${spec({ networks: '' }).replace('experiment e', 'experiment f')}`,
  );

  it('reads a file and its imports from the disk', () => {
    const result = checkFile(join(dir, 'a.mtl'));
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.source).toBe(join(dir, 'a.mtl'));
  });

  it('treats a host that throws as a missing file', () => {
    const host = {
      readFile: (): string => {
        throw new Error('editor gone');
      },
    };
    expect(checkText('import "x.mtl"', MAIN, { host }).diagnostics).toMatchObject([{ code: 'MTL010' }]);
  });

  it('reports a root that cannot be read without throwing', () => {
    expect(checkFile(join(dir, 'missing.mtl')).diagnostics).toMatchObject([
      { code: 'MTL010', severity: 'error' },
    ]);
  });

  it('parses a file shared by several roots once', () => {
    const result = checkFiles([join(dir, 'a.mtl'), join(dir, 'b.mtl')]);
    expect(result.program.files.map((f) => f.name)).toEqual([
      join(dir, 'a.mtl'),
      join(dir, 'nets.mtl'),
      join(dir, 'b.mtl'),
    ]);
    expect([...result.irs.keys()]).toEqual([join(dir, 'a.mtl'), join(dir, 'b.mtl')]);
  });
});

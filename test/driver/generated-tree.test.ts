// generated/ is committed: these tests fail when it no longer matches specs/
// (run `npm run generate`) or when a generated program no longer type-checks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateTree, listFiles } from '../../src/driver/generated-tree.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('generated/', () => {
  it('holds exactly what specs/ compiles to, byte for byte (else run `npm run generate`)', () => {
    const tree = generateTree({ root });
    expect(tree.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(tree.files.map((f) => f.path)).toContain('generated/quickstart.ts');
    expect(tree.files.map((f) => f.path)).toContain('generated/paper/nn1_exp40.ts');
    expect(listFiles(root, 'generated', '.ts')).toEqual(tree.files.map((f) => f.path));
    for (const file of tree.files) {
      expect(readFileSync(join(root, file.path), 'utf8'), `${file.path} is stale: run npm run generate`).toBe(
        file.text,
      );
    }
  });

  it('type-checks with the repository tsconfig (mtlc/runtime from dist/, built by `npm run build`)', () => {
    expect(existsSync(join(root, 'dist/src/runtime/index.d.ts')), 'run `npm run build` first').toBe(true);
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    const files = listFiles(root, 'generated', '.ts').map((f) => join(root, f));
    expect(files.length).toBeGreaterThan(0);
    const program = ts.createProgram(files, { ...config!.options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}): `
        : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
    expect(diagnostics).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const extension = join(root, 'editors/vscode');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the VS Code extension', () => {
  it('ships the TextMate grammar of grammar/ unchanged (copied by its script: npm run grammar)', () => {
    const copy = readFileSync(join(extension, 'syntaxes/mtl.tmLanguage.json'), 'utf8');
    expect(copy).toBe(readFileSync(join(root, 'grammar/mtl.tmLanguage.json'), 'utf8'));
  });

  it('contributes the mtl language for .mtl files, its grammar, and the server path setting', () => {
    const pkg = json(join(extension, 'package.json'));
    expect(pkg.contributes.languages).toEqual([
      expect.objectContaining({
        id: 'mtl',
        extensions: ['.mtl'],
        configuration: './language-configuration.json',
      }),
    ]);
    const grammar = json(join(root, 'grammar/mtl.tmLanguage.json'));
    expect(pkg.contributes.grammars).toEqual([
      { language: 'mtl', scopeName: grammar.scopeName, path: './syntaxes/mtl.tmLanguage.json' },
    ]);
    expect(pkg.contributes.configuration.properties['mtl.server.path'].type).toBe('string');
    expect(pkg.main).toBe('./out/extension.js');
  });

  it('configures // and /* */ comments, brackets and auto-closing quotes', () => {
    const config = json(join(extension, 'language-configuration.json'));
    expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(config.brackets).toEqual([
      ['{', '}'],
      ['(', ')'],
      ['[', ']'],
    ]);
    expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(
      expect.arrayContaining(['{', '(', '[', '"']),
    );
  });
});

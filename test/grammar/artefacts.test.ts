import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MtlParser } from '../../grammar/parser.js';
import * as k from '../../src/syntax/keywords.js';
import { polyfillGroupBy, repoRoot } from '../harness/syntax.js';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

let ruleNames: string[];
beforeAll(() => {
  polyfillGroupBy();
  ruleNames = new MtlParser()
    .getSerializedGastProductions()
    .map((rule) => (rule as unknown as { name: string }).name);
});

describe('grammar', () => {
  it('passes chevrotain’s validations (no ambiguity, no left recursion)', () => {
    expect(() => new MtlParser({ validate: true })).not.toThrow();
  });

  it('has generated artefacts that are up to date', () => {
    // Throws (exit 1) when a generated file is stale.
    execFileSync(process.execPath, ['scripts/gen-grammar-artefacts.js', '--check'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  });

  it('has syntax diagrams that open offline', () => {
    const html = read('grammar/diagrams.html');
    expect(html).not.toMatch(/(src|href)\s*=\s*['"]?https?:/i);
    expect(html).toContain('drawDiagramsFromSerializedGrammar');
    for (const rule of ruleNames) expect(html).toContain(`"name": "${rule}"`);
  });

  it('has an EBNF with every rule', () => {
    const ebnf = read('grammar/mtl.ebnf');
    for (const rule of ruleNames) expect(ebnf).toMatch(new RegExp(`^${rule} ::= `, 'm'));
  });
});

describe('TextMate grammar', () => {
  const grammar = JSON.parse(read('grammar/mtl.tmLanguage.json')) as {
    scopeName: string;
    repository: Record<string, { match?: string; patterns?: { match?: string; name?: string }[] }>;
  };
  const regex = (key: string) => new RegExp(grammar.repository[key].match ?? '', 'g');

  it('is the source.mtl grammar', () => {
    expect(grammar.scopeName).toBe('source.mtl');
  });

  it('scopes keywords, activations, functions, numbers and operators', () => {
    for (const word of k.reservedWords) expect(word.match(regex('keywords'))).toEqual([word]);
    for (const word of k.activations) expect(word.match(regex('activations'))).toEqual([word]);
    expect('exp(-t)'.match(regex('functions'))).toEqual(['exp']);
    expect('exp'.match(regex('functions'))).toBeNull();
    expect('1e-3 0.25 5e4'.match(regex('numbers'))).toEqual(['1e-3', '0.25', '5e4']);
    expect('a <= b && !c'.match(regex('operators'))).toEqual(['<=', '&&', '!']);
  });

  it('scopes both kinds of comments and schedules', () => {
    const comments = grammar.repository.comments.patterns ?? [];
    expect(comments.map((p) => p.name)).toEqual(['comment.line.double-slash.mtl', 'comment.block.mtl']);
    expect(/\b(schedule)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec('weights schedule exp(40)')?.[2]).toBe('exp');
    expect(grammar.repository.schedules.match).toBe('\\b(schedule)\\s+([A-Za-z_][A-Za-z0-9_]*)');
  });
});

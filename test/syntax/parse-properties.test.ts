// Robustness: no input makes parse (or format) throw, every span lies inside the
// file, and whatever formats, formats to a fixed point. MTL_FUZZ_RUNS=5000 runs
// the properties longer than the default (fast enough for every test run).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mtlLexer } from '../../grammar/lexer.js';
import { formatText } from '../../src/syntax/format.js';
import { parse } from '../../src/syntax/parse.js';
import { specCorpus } from '../harness/syntax.js';

/** Every span in a value (AST or diagnostics), wherever it is. */
function spans(value: unknown, out: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (Array.isArray(value)) for (const item of value) spans(item, out);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.start === 'number' && typeof record.end === 'number') {
      out.push({ start: record.start, end: record.end });
    }
    for (const inner of Object.values(record)) spans(inner, out);
  }
  return out;
}

function assertWellFormed(text: string): void {
  const { ast, diagnostics } = parse(text, 'fuzz.mtl');
  for (const span of [...spans(diagnostics), ...spans(ast)]) {
    expect(span.start).toBeGreaterThanOrEqual(0);
    expect(span.end).toBeGreaterThanOrEqual(span.start);
    expect(span.end).toBeLessThanOrEqual(text.length);
  }
  for (const d of diagnostics) expect(['MTL001', 'MTL002']).toContain(d.code);
  const formatted = formatText(text, 'fuzz.mtl');
  expect(formatted.diagnostics.filter((d) => d.code === 'MTL003')).toEqual([]);
  if (formatted.text !== undefined) expect(formatText(formatted.text, 'fuzz.mtl').text).toBe(formatted.text);
}

const vocabulary = [
  ...['network', 'experiment', 'sweep', 'import', 'input', 'dense', 'output', 'data', 'reconstruct'],
  ...['weights', 'train', 'schedule', 'labeled', 'seed', 'noise', 'decoder', 'cost', 'lr', 'order', 'step'],
  ...['on', 'every', 'evaluate', 'vary', 'baseline', 'repeat', 'sigmoid', 'mask', 'exp', 't', 'T', 'x'],
  ...[
    '{',
    '}',
    '(',
    ')',
    '[',
    ']',
    ',',
    ';',
    ':',
    '.',
    '=',
    '+',
    '-',
    '*',
    '/',
    '^',
    '<',
    '<=',
    '==',
    '!=',
    '&&',
  ],
  ...['||', '?', '!', '0', '1.5', '1e-3', '"a.mtl"', '"open', '/* c */', '// c\n', '/* open', '#', '@'],
];

const corpus = specCorpus();
const tokenLists = corpus.map(({ text }) => {
  const lexed = mtlLexer.tokenize(text);
  return [...lexed.tokens, ...(lexed.groups.comments ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((token) => (token.image.startsWith('//') ? `${token.image}\n` : token.image));
});

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'insert'; at: number; word: string }
  | { kind: 'swap'; at: number; with: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), word: fc.constantFrom(...vocabulary) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
);

function mutate(tokens: readonly string[], mutations: readonly Mutation[]): string[] {
  const out = [...tokens];
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    if (m.kind === 'delete') out.splice(at, 1);
    else if (m.kind === 'insert') out.splice(at, 0, m.word);
    else {
      const other = m.with % out.length;
      [out[at], out[other]] = [out[other], out[at]];
    }
  }
  return out;
}

describe('parse never throws and keeps spans inside the file', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => assertWellFormed(text)),
      { numRuns: Number(process.env.MTL_FUZZ_RUNS ?? 300) },
    );
  });

  it('on strings made of the language’s own words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...vocabulary), { maxLength: 60 }),
        fc.constantFrom(' ', '\n', ''),
        (words, separator) => assertWellFormed(words.join(separator)),
      ),
      { numRuns: Number(process.env.MTL_FUZZ_RUNS ?? 300) },
    );
  });

  it('on valid specs with tokens deleted, inserted and swapped', () => {
    expect(tokenLists.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.nat({ max: tokenLists.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(' ', '\n'),
        (which, mutations, separator) =>
          assertWellFormed(mutate(tokenLists[which], mutations).join(separator)),
      ),
      { numRuns: Number(process.env.MTL_FUZZ_RUNS ?? 300) },
    );
  });
});

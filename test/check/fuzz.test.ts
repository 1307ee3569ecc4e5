import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/driver/check.js';
import { MAIN, memoryHost, spec } from '../harness/check.js';

const paper = join(import.meta.dirname, '../../specs/paper');
const networks = readFileSync(join(paper, 'networks.mtl'), 'utf8');
const seeds = [
  spec(),
  spec({
    after:
      'sweep s { base e vary data.labeled [100, 1000] vary data.unlabeled [0, 50000 - labeled] baseline { data.unlabeled 0 } }',
  }),
  readFileSync(join(paper, 'nn3_exp40.mtl'), 'utf8'),
  readFileSync(join(paper, 'nn1_exp40.mtl'), 'utf8'),
  readFileSync(join(paper, 'table1a.mtl'), 'utf8').replace(
    'import "nn1_exp40.mtl"',
    readFileSync(join(paper, 'nn1_exp40.mtl'), 'utf8'),
  ),
];

const TOKEN = /\s+|\/\/[^\n]*|"[^"\n]*"|[A-Za-z_]\w*|\d+(?:\.\d+)?(?:e[-+]?\d+)?|<=|>=|==|!=|&&|\|\||./g;
const POOL = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  '=',
  '?',
  ':',
  '-',
  '/',
  '^',
  '!',
  '0',
  '1e9',
  '-1',
  't',
  'T',
  'h1',
  'y',
  'nn1',
  'supervised',
  'reconstruction',
  'network',
  'experiment',
  'sweep',
  'data',
  'train',
  'weights',
  'schedule',
  'reconstruct',
  'step',
  'on',
  'labeled',
  'order',
  'alternate',
  'joint',
  'mask',
  'exp',
  'log',
  'vary',
  'base',
  '"x.mtl"',
  'import',
  '\n',
];

type Mutation = { kind: 'delete' | 'insert' | 'swap' | 'repeat'; at: number; other: number; token: string };

function mutate(text: string, mutations: readonly Mutation[]): string {
  const tokens = text.match(TOKEN) ?? [];
  for (const m of mutations) {
    if (tokens.length === 0) break;
    const i = m.at % tokens.length;
    const j = m.other % tokens.length;
    if (m.kind === 'delete') tokens.splice(i, 1);
    else if (m.kind === 'insert') tokens.splice(i, 0, ` ${m.token} `);
    else if (m.kind === 'repeat') tokens.splice(i, 0, tokens[j]);
    else [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
  }
  return tokens.join('');
}

const mutation = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'swap', 'repeat'),
  at: fc.nat(),
  other: fc.nat(),
  token: fc.constantFrom(...POOL),
});

describe('checkText on mutated specs', () => {
  it('never throws, and every diagnostic points inside its file', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => {
          const text = mutate(seed, mutations);
          const files: Record<string, string> = { 'networks.mtl': networks, 'main.mtl': text };
          const result = checkText(text, MAIN, { host: memoryHost(files) });
          const lengths = new Map(result.program.files.map((f) => [f.name, f.text.length]));
          for (const d of result.diagnostics) {
            const length = lengths.get(d.file);
            expect(length, `${d.code} names a file that was not checked: ${d.file}`).toBeDefined();
            expect(
              0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= length!,
              `${d.code} ${JSON.stringify(d.span)}`,
            ).toBe(true);
            for (const r of d.related ?? []) {
              const l = lengths.get(r.file);
              expect(
                l !== undefined && 0 <= r.span.start && r.span.start <= r.span.end && r.span.end <= l,
              ).toBe(true);
            }
            expect(['MTL900', 'MTL901']).not.toContain(d.code);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

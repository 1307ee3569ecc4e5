// The language guide's table of diagnostic codes is the registry in
// src/diagnostics/codes.ts, severities included: no code undocumented, none invented.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CODES } from '../../src/diagnostics/codes.js';

const guide = readFileSync(new URL('../../docs/language-guide.md', import.meta.url), 'utf8');

it('documents every diagnostic code with its severity', () => {
  const rows = [...guide.matchAll(/^\| (MTL\d{3})(?: \((w|i)\))? \|/gm)].map((m) => [
    m[1],
    m[2] === 'w' ? 'warning' : m[2] === 'i' ? 'info' : 'error',
  ]);
  const registry = Object.entries(CODES).map(([code, info]) => [code, info.severity]);
  expect(rows).toEqual(registry);
});

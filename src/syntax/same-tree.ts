// Structural equality of two ASTs, ignoring where things are (spans) and how
// line comments end (the formatter trims trailing blanks): the formatter's
// check that it kept the meaning and every comment of a file.
import type { MtlFile } from './ast.js';

const positional = new Set(['span', 'pathSpan', 'keyword']);

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (positional.has(key) && typeof inner === 'object' && inner !== null && 'start' in inner) continue;
    if (inner === undefined) continue;
    out[key] = normalize(inner);
  }
  if (out.kind === 'Comment' && out.block === false && typeof out.text === 'string')
    out.text = out.text.trimEnd();
  return out;
}

export function sameTree(a: MtlFile, b: MtlFile): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

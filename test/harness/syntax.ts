// Helpers of the syntax and grammar tests: parse and assert, errors as
// {code, message, line, column}, span-free views of AST nodes, the spec corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { MtlFile } from '../../src/syntax/ast.js';
import { LineIndex } from '../../src/syntax/location.js';
import { parse } from '../../src/syntax/parse.js';

export const repoRoot = new URL('../../', import.meta.url).pathname;

/** chevrotain 13 validates grammars with Object.groupBy, which Node 20 lacks. */
export function polyfillGroupBy(): void {
  const objectWithGroupBy = Object as unknown as { groupBy?: unknown };
  objectWithGroupBy.groupBy ??= <T>(items: Iterable<T>, keyOf: (item: T, index: number) => PropertyKey) => {
    const groups: Record<PropertyKey, T[]> = Object.create(null);
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      groups[key] ??= [];
      groups[key].push(item);
    }
    return groups;
  };
}

/** Parses text that must have no diagnostics. */
export function parseOk(text: string): MtlFile {
  const { ast, diagnostics } = parse(text, 'test.mtl');
  expect(diagnostics).toEqual([]);
  return ast;
}

export interface ErrorView {
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export function viewDiagnostics(text: string, diagnostics: readonly Diagnostic[]): ErrorView[] {
  const lines = new LineIndex(text);
  return diagnostics.map((d) => ({ code: d.code, message: d.message, ...lines.lineColumn(d.span.start) }));
}

/** The diagnostics of `text` with 1-based line and column. */
export function errorsOf(text: string): ErrorView[] {
  return viewDiagnostics(text, parse(text, 'test.mtl').diagnostics);
}

/** A node without its spans (and other positions), for comparing structure. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'span' || key === 'pathSpan' || (key === 'keyword' && typeof inner === 'object')) continue;
    if (inner !== undefined) out[key] = withoutSpans(inner);
  }
  return out;
}

/** A span-free `Identifier`. */
export const id = (name: string) => ({ kind: 'Identifier', name });
/** A span-free `NumberLit` written as `text`. */
export const num = (text: string) => ({ kind: 'Number', value: Number(text), text });
export const name = (n: string) => ({ kind: 'Name', name: n });

/** Every .mtl file of test/syntax/fixtures and specs/ (the lead's specs, when present). */
export function specCorpus(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const dir of ['test/syntax/fixtures', 'specs']) {
    let entries: string[];
    try {
      entries = readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' });
    } catch {
      continue;
    }
    for (const entry of entries.filter((e) => e.endsWith('.mtl')).sort()) {
      const path = join(dir, entry);
      out.push({ path, text: readFileSync(join(repoRoot, path), 'utf8') });
    }
  }
  return out;
}

/** A CliIo that records what a command writes. */
export function fakeIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

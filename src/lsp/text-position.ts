import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../syntax/ast.js';
import type { LineIndex } from '../syntax/location.js';

// LSP positions are 0-based and count UTF-16 code units, which is what JavaScript
// string offsets count too, so LineIndex's columns convert one-to-one.

export function isPosition(value: unknown): value is Position {
  if (typeof value !== 'object' || value === null) return false;
  const { line, character } = value as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character);
}

/** The offset of a position, clamped into the text (positions past the end are not an error). */
export function offsetAt(index: LineIndex, position: Position): number {
  if (position.line >= index.lineCount) return index.text.length;
  return index.offset({ line: Math.max(0, position.line) + 1, column: Math.max(0, position.character) + 1 });
}

/** Always a valid LSP position (non-negative integers), whatever the offset: a bad range breaks clients (Neovim). */
export function positionAt(index: LineIndex, offset: number): Position {
  const { line, column } = index.lineColumn(Number.isFinite(offset) ? offset : 0);
  const valid = (n: number) => (Number.isInteger(n) && n >= 0 ? n : 0);
  return { line: valid(line - 1), character: valid(column - 1) };
}

export function spanToRange(index: LineIndex, span: Span): Range {
  return { start: positionAt(index, span.start), end: positionAt(index, span.end) };
}

export function containsOffset(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The identifier around an offset (a cursor just after a word counts), if any. */
export function wordAt(text: string, offset: number): { text: string; span: Span } | undefined {
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let start = offset;
  let end = offset;
  while (isWord(text[start - 1])) start--;
  while (isWord(text[end])) end++;
  if (start === end || !/[A-Za-z_]/.test(text[start])) return undefined;
  return { text: text.slice(start, end), span: { start, end } };
}

import type { TextEdit } from 'vscode-languageserver';
import { formatText } from '../syntax/format.js';
import type { LineIndex } from '../syntax/location.js';
import { spanToRange } from './text-position.js';

/**
 * The whole document as `mtl fmt` prints it, as one edit; no edit when the
 * text is already formatted or has syntax errors (the printer refuses those).
 */
export function formatDocument(text: string, path: string, lines: LineIndex): TextEdit[] {
  const formatted = formatText(text, path).text;
  if (formatted === undefined || formatted === text) return [];
  return [{ range: spanToRange(lines, { start: 0, end: text.length }), newText: formatted }];
}

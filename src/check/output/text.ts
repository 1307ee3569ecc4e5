// `FILE:LINE:COL: error|warning MTLnnn: message` (1-based), the one-line form
// every front end prints, optionally followed by a code frame.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { escapeControl } from '../../diagnostics/escape.js';
import type { LineIndex } from '../../syntax/location.js';
import { codeFrame, colorSeverity } from './code-frame.js';

interface TextOptions {
  /** How to print a file name (the CLI makes them relative to its cwd). */
  readonly displayName?: (file: string) => string;
  /** The line index of a file, to turn offsets into lines and columns. */
  readonly lines: (file: string) => LineIndex | undefined;
  readonly frame?: boolean;
  readonly color?: boolean;
}

export function formatDiagnostic(d: Diagnostic, options: TextOptions): string {
  const lines = options.lines(d.file);
  const at = lines?.lineColumn(d.span.start) ?? { line: 1, column: 1 };
  const name = options.displayName?.(d.file) ?? d.file;
  const head = `${name}:${at.line}:${at.column}: ${colorSeverity(d.severity, options.color ?? false)} ${d.code}: ${escapeControl(d.message)}\n`;
  if (!options.frame || !lines) return head;
  return head + codeFrame(lines, d.span, { color: options.color, severity: d.severity });
}

/** "2 errors, 1 warning in 3 files" */
export function summaryLine(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return `${count(errors, 'error')}, ${count(warnings, 'warning')} in ${count(fileCount, 'file')}`;
}

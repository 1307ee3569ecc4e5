// A short code frame under a diagnostic, like tsc's: the line, and a caret
// underline of the span (to the end of the line when the span goes on).

import type { Severity } from '../../diagnostics/diagnostic.js';
import { maskControl } from '../../diagnostics/escape.js';
import type { Span } from '../../syntax/ast.js';
import type { LineIndex } from '../../syntax/location.js';

interface FrameOptions {
  readonly color?: boolean;
  readonly severity?: Severity;
}

const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const COLORS: Readonly<Record<Severity, string>> = {
  error: '\u001b[31m',
  warning: '\u001b[33m',
  info: '\u001b[36m',
};

export function codeFrame(lines: LineIndex, span: Span, options: FrameOptions = {}): string {
  const start = lines.lineColumn(span.start);
  const end = lines.lineColumn(Math.max(span.start, span.end));
  const text = maskControl(lines.lineText(start.line).replaceAll('\t', ' '));
  const width =
    end.line === start.line
      ? Math.max(1, end.column - start.column)
      : Math.max(1, text.length - start.column + 1);
  const gutter = String(start.line);
  const pad = ' '.repeat(gutter.length);
  const dim = (s: string) => (options.color ? `${DIM}${s}${RESET}` : s);
  const mark = (s: string) => (options.color ? `${COLORS[options.severity ?? 'error']}${s}${RESET}` : s);
  const caret = ' '.repeat(start.column - 1) + mark('~'.repeat(width));
  return `${dim(`${gutter} |`)} ${text}\n${dim(`${pad} |`)} ${caret}\n`;
}

export function colorSeverity(severity: Severity, color: boolean): string {
  return color ? `${COLORS[severity]}${severity}${RESET}` : severity;
}

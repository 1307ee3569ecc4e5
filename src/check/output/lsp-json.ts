// Diagnostics in the Language Server Protocol's shape (0-based ranges,
// numeric severities), grouped by file: `mtl check --format json`, and the
// conversion the language server uses.
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../syntax/ast.js';
import type { LineIndex } from '../../syntax/location.js';

interface LspPosition {
  readonly line: number;
  readonly character: number;
}

interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

export interface LspDiagnostic {
  readonly range: LspRange;
  /** 1 error, 2 warning, 3 information. */
  readonly severity: 1 | 2 | 3;
  readonly code: string;
  readonly source: 'mtl';
  readonly message: string;
  readonly relatedInformation?: readonly { location: { uri: string; range: LspRange }; message: string }[];
  /** mtl's "did you mean" replacements, for quick fixes. */
  readonly data?: { readonly suggestions: readonly string[] };
}

const SEVERITY: Readonly<Record<Severity, 1 | 2 | 3>> = { error: 1, warning: 2, info: 3 };

function lspRange(lines: LineIndex | undefined, span: Span): LspRange {
  const pos = (offset: number): LspPosition => {
    const at = lines?.lineColumn(offset) ?? { line: 1, column: 1 };
    return { line: at.line - 1, character: at.column - 1 };
  };
  return { start: pos(span.start), end: pos(Math.max(span.start, span.end)) };
}

export function toLspDiagnostic(
  d: Diagnostic,
  lines: (file: string) => LineIndex | undefined,
  uri: (file: string) => string,
): LspDiagnostic {
  return {
    range: lspRange(lines(d.file), d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'mtl',
    message: d.message,
    ...(d.related && d.related.length > 0
      ? {
          relatedInformation: d.related.map((r) => ({
            location: { uri: uri(r.file), range: lspRange(lines(r.file), r.span) },
            message: r.message,
          })),
        }
      : {}),
    ...(d.suggestions && d.suggestions.length > 0 ? { data: { suggestions: d.suggestions } } : {}),
  };
}

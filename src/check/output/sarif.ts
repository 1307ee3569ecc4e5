// SARIF 2.1.0 output (`mtl check --format sarif`) for code-scanning tools:
// one run of the tool "mtl", one rule per code, one result per diagnostic with
// 1-based regions.

import { CODES, codeInfo } from '../../diagnostics/codes.js';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../syntax/ast.js';
import type { LineIndex } from '../../syntax/location.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

interface SarifOptions {
  readonly lines: (file: string) => LineIndex | undefined;
  /** The artifact URI of a file (relative paths are fine). */
  readonly uri: (file: string) => string;
  readonly version?: string;
}

export function toSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): object {
  // Every known code is a rule, so a rule's index is stable from run to run.
  const ids = [...Object.keys(CODES)];
  for (const d of diagnostics) if (!ids.includes(d.code)) ids.push(d.code);
  const index = new Map(ids.map((id, i) => [id, i]));
  const region = (file: string, span: Span) => {
    const lines = options.lines(file);
    const start = lines?.lineColumn(span.start) ?? { line: 1, column: 1 };
    const end = lines?.lineColumn(Math.max(span.start, span.end)) ?? start;
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  };
  const location = (file: string, span: Span) => ({
    physicalLocation: { artifactLocation: { uri: options.uri(file) }, region: region(file, span) },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mtl',
            ...(options.version ? { version: options.version } : {}),
            rules: ids.map((id) => ({
              id,
              shortDescription: { text: codeInfo(id)?.summary ?? id },
              defaultConfiguration: { level: LEVEL[codeInfo(id)?.severity ?? 'error'] },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: index.get(d.code),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [location(d.file, d.span)],
          ...(d.related && d.related.length > 0
            ? {
                relatedLocations: d.related.map((r, i) => ({
                  id: i,
                  ...location(r.file, r.span),
                  message: { text: r.message },
                })),
              }
            : {}),
        })),
      },
    ],
  };
}

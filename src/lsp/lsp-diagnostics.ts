import {
  type DiagnosticRelatedInformation,
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../syntax/location.js';
import { spanToRange } from './text-position.js';

/** What travels in an LSP diagnostic's `data` so a code action request can offer the fixes. */
interface DiagnosticData {
  readonly suggestions: readonly string[];
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

interface ConversionContext {
  readonly lines: LineIndex;
  /** Line index and URI of another file (for related information); undefined when unreadable. */
  readonly other: (file: string) => { lines: LineIndex; uri: string } | undefined;
}

export function toLspDiagnostic(d: Diagnostic, ctx: ConversionContext): LspDiagnostic {
  const out: LspDiagnostic = {
    range: spanToRange(ctx.lines, d.span),
    severity: severities[d.severity] ?? DiagnosticSeverity.Error,
    source: 'mtl',
    code: d.code,
    message: d.message,
  };
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of d.related ?? []) {
    const target = ctx.other(r.file);
    if (target)
      related.push({
        location: { uri: target.uri, range: spanToRange(target.lines, r.span) },
        message: r.message,
      });
  }
  if (related.length > 0) out.relatedInformation = related;
  if (d.suggestions && d.suggestions.length > 0)
    out.data = { suggestions: [...d.suggestions] } satisfies DiagnosticData;
  return out;
}

export function suggestionsOf(d: LspDiagnostic): string[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || !Array.isArray(data.suggestions)) return [];
  return data.suggestions.filter((s): s is string => typeof s === 'string');
}

import type { Span } from '../syntax/ast.js';

export type Severity = 'error' | 'warning' | 'info';

/** A place in a file that a diagnostic points at besides its main one. */
export interface RelatedInfo {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

/**
 * The one diagnostic type of the toolchain: parser, checks, CLI and language
 * server all speak it. Positions are offsets; line/column are computed only
 * when a diagnostic is printed or sent (location.ts), as graphql-js does.
 */
export interface Diagnostic {
  /** The file the span is in, as the caller named it (a path, or a URI in the language server). */
  readonly file: string;
  readonly span: Span;
  readonly severity: Severity;
  /** Stable code, `MTLnnn`; quick fixes and docs look it up. */
  readonly code: string;
  readonly message: string;
  readonly related?: readonly RelatedInfo[];
  /** Replacement texts for the span that would fix the problem ("did you mean"), best first. */
  readonly suggestions?: readonly string[];
}

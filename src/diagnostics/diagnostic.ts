// The one diagnostic type of the toolchain, and the one way to make one.
import { CODES, type Code } from './codes.js';

export type { Code } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

/** A range of a file's text: offsets, end exclusive. Every AST node carries one. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

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
  /** Stable code, `MTLnnn`, from the code table (codes.ts); quick fixes and docs look it up. */
  readonly code: Code;
  readonly message: string;
  readonly related?: readonly RelatedInfo[];
  /** Replacement texts for the span that would fix the problem ("did you mean"), best first. */
  readonly suggestions?: readonly string[];
}

interface DiagnosticParts {
  readonly file: string;
  /** Default: the start of the file (problems of a whole file: unreadable, internal errors). */
  readonly span?: Span;
  readonly message: string;
  /** Default: the code's severity in the table. */
  readonly severity?: Severity;
  readonly related?: readonly RelatedInfo[];
  readonly suggestions?: readonly string[];
}

const FILE_START: Span = { start: 0, end: 0 };

/** A diagnostic of a code: its severity from the table unless given; empty related/suggestions left out. */
export function diagnostic(code: Code, parts: DiagnosticParts): Diagnostic {
  return {
    file: parts.file,
    span: parts.span ?? FILE_START,
    severity: parts.severity ?? CODES[code].severity,
    code,
    message: parts.message,
    ...(parts.related && parts.related.length > 0 ? { related: parts.related } : {}),
    ...(parts.suggestions && parts.suggestions.length > 0 ? { suggestions: parts.suggestions } : {}),
  };
}

// `formatText`: the canonical layout of a file (see printer.ts), or nothing if
// the file has syntax errors: a formatter must never guess at broken code.
import { mtlLexer } from '../../grammar/lexer.js';
import { type Code, type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { parse } from './parse.js';
import { printFile } from './printer.js';
import { sameTree } from './same-tree.js';

/** Reported if the printer would change a file's meaning (a formatter bug, never the user's). */
const FORMATTER_ERROR: Code = 'MTL003';

export interface FormatResult {
  /** The formatted text; undefined when the file has syntax errors. */
  readonly text?: string;
  readonly diagnostics: Diagnostic[];
}

export function formatText(text: string, file: string): FormatResult {
  const parsed = parse(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: parsed.diagnostics };
  let formatted: string;
  try {
    formatted = printFile(parsed.ast, text, mtlLexer.tokenize(text).tokens);
  } catch (error) {
    return { diagnostics: [internalError(file, error instanceof Error ? error.message : String(error))] };
  }
  // Cheap insurance: the output must parse back to the same tree, comments included.
  const reparsed = parse(formatted, file);
  if (reparsed.diagnostics.length > 0 || !sameTree(parsed.ast, reparsed.ast)) {
    return { diagnostics: [internalError(file, 'the formatted text would not mean the same')] };
  }
  return { text: formatted, diagnostics: parsed.diagnostics };
}

function internalError(file: string, reason: string): Diagnostic {
  return diagnostic(FORMATTER_ERROR, {
    file,
    message: `internal error, the file was left as it was: ${reason}`,
  });
}

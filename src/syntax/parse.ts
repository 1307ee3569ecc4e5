// Text → AST and every lexical and syntax error of the file. Never throws: a
// problem in the input is a Diagnostic. The lexer and parser are built once, at
// module load, and reused (chevrotain's self-analysis is the expensive part).
import { EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { mtlLexer } from '../../grammar/lexer.js';
import { MAX_EXPRESSION_DEPTH, MtlParser } from '../../grammar/parser.js';
import { type Code, type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { escapeControl } from '../diagnostics/escape.js';
import type { MtlFile, Span } from './ast.js';
import { cstToAst } from './cst-to-ast.js';
import { MtlErrorMessages } from './parse-errors.js';

/** Lexical errors: a character no token starts with, an unterminated string or comment. */
const LEXICAL_ERROR: Code = 'MTL001';
/** Syntax errors: the tokens do not follow the grammar. */
const SYNTAX_ERROR: Code = 'MTL002';

export interface ParseResult {
  readonly ast: MtlFile;
  /** Lexical (MTL001) and syntax (MTL002) errors, in source order. */
  readonly diagnostics: Diagnostic[];
}

const messages = new MtlErrorMessages((): boolean => parser.depth >= MAX_EXPRESSION_DEPTH);
const parser: MtlParser = new MtlParser({ errorMessageProvider: messages });

export function parse(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const report = (code: Code, span: Span, message: string, suggestions?: readonly string[]) => {
    const start = Math.max(0, Math.min(span.start, text.length));
    const end = Math.max(start, Math.min(span.end, text.length));
    diagnostics.push(diagnostic(code, { file, span: { start, end }, message, suggestions }));
  };
  try {
    const lexed = mtlLexer.tokenize(text);
    for (const error of lexed.errors) reportLexingError(error, text, report);
    const comments = lexed.groups.comments ?? [];
    for (const token of [...comments, ...lexed.tokens]) reportBrokenToken(token, report);

    messages.suggestionsByMessage.clear();
    parser.resetNesting();
    parser.input = lexed.tokens;
    const cst = parser.file();
    const seen = new Set<number>();
    const tooDeep = parser.depthLimitToken;
    if (tooDeep && tooDeep.startOffset >= 0) {
      seen.add(tooDeep.startOffset);
      const span = { start: tooDeep.startOffset, end: tooDeep.startOffset + tooDeep.image.length };
      report(
        SYNTAX_ERROR,
        span,
        `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels); split it up`,
      );
    }
    for (const error of parser.errors) {
      const span = errorSpan(error, text);
      // Recovery can report one place twice (a failed choice, then the resync): keep the first.
      if (seen.has(span.start)) continue;
      seen.add(span.start);
      report(SYNTAX_ERROR, span, error.message, messages.suggestionsByMessage.get(error.message));
    }
    const ast = cstToAst(
      { cst, text, comments },
      { report: (span, message) => report(SYNTAX_ERROR, span, message) },
    );
    diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return { ast, diagnostics };
  } catch (error) {
    // Not expected (depth is bounded); but a parser bug must not take an editor down.
    const reason = error instanceof Error ? error.message : String(error);
    report(SYNTAX_ERROR, { start: 0, end: 0 }, `could not parse this file: ${reason}`);
    return { ast: emptyFile(text), diagnostics };
  }
}

type Report = (code: Code, span: Span, message: string) => void;

function reportLexingError(error: ILexingError, text: string, report: Report): void {
  const skipped = text.slice(error.offset, error.offset + error.length);
  const shown = escapeControl(skipped.length > 20 ? `${skipped.slice(0, 19)}…` : skipped);
  const what = [...skipped].length === 1 ? 'character' : 'characters';
  report(
    LEXICAL_ERROR,
    { start: error.offset, end: error.offset + error.length },
    `unexpected ${what} '${shown}'`,
  );
}

function reportBrokenToken(token: IToken, report: Report): void {
  const start = token.startOffset;
  if (token.tokenType.name === 'NumberLiteral' && !Number.isFinite(Number(token.image))) {
    // 1e400 reads as Infinity: no count, rate or probability can hold it, and JSON cannot carry it.
    report(
      LEXICAL_ERROR,
      { start, end: start + token.image.length },
      `the number ${token.image.length > 24 ? `${token.image.slice(0, 23)}…` : token.image} is too large: numbers must lie within ±1.7976931348623157e308`,
    );
  } else if (token.tokenType.name === 'UnterminatedComment') {
    report(LEXICAL_ERROR, { start, end: start + 2 }, "unterminated comment: '/*' has no closing '*/'");
  } else if (token.tokenType.name === 'UnterminatedString') {
    report(
      LEXICAL_ERROR,
      { start, end: start + token.image.length },
      "unterminated string: add the closing '\"'",
    );
  }
}

function errorSpan(error: IRecognitionException, text: string): Span {
  const token = error.token;
  if (token.tokenType === EOF || !(token.startOffset >= 0)) return { start: text.length, end: text.length };
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function emptyFile(text: string): MtlFile {
  return { kind: 'File', imports: [], declarations: [], comments: [], span: { start: 0, end: text.length } };
}

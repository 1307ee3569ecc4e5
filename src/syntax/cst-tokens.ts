// Token helpers of the CST→AST pass, and the one place spans are made.
// After error recovery a CST may lack children its typings call mandatory, and
// may hold tokens chevrotain inserted (empty, at offset -1): both count as absent.
import type { IToken } from 'chevrotain';
import type { Identifier, NumberLit, Span, StringLit } from './ast.js';

/** A token that is really in the text (not one inserted by error recovery). */
function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && token.startOffset >= 0;
}

/** The i-th token of a CST child list, if it is really in the text. */
export function tokenAt(tokens: readonly IToken[] | undefined, index = 0): IToken | undefined {
  const token = tokens?.[index];
  return isReal(token) ? token : undefined;
}

/** Real tokens of a list, in order. */
export function realTokens(tokens: readonly IToken[] | undefined): IToken[] {
  return (tokens ?? []).filter(isReal);
}

/** True when a CST child list holds a token that error recovery made up. */
export function hasInserted(tokens: readonly IToken[] | undefined): boolean {
  return (tokens ?? []).some((token) => !isReal(token));
}

export function tokenSpan(token: IToken): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

type SpanPart = IToken | Span | { readonly span: Span } | undefined;

function partSpan(part: SpanPart): Span | undefined {
  if (part === undefined) return undefined;
  if ('span' in part) return part.span;
  if ('image' in part) return isReal(part) ? tokenSpan(part) : undefined;
  return part;
}

/** The span covering every present part (tokens, nodes, spans); undefined when none is. */
export function spanOf(...parts: SpanPart[]): Span | undefined {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const part of parts) {
    const span = partSpan(part);
    if (!span) continue;
    start = Math.min(start, span.start);
    end = Math.max(end, span.end);
  }
  return start <= end ? { start, end } : undefined;
}

export function identifier(token: IToken | undefined): Identifier | undefined {
  return isReal(token) ? { kind: 'Identifier', name: token.image, span: tokenSpan(token) } : undefined;
}

export function numberLit(token: IToken | undefined): NumberLit | undefined {
  if (!isReal(token)) return undefined;
  return { kind: 'Number', value: Number(token.image), text: token.image, span: tokenSpan(token) };
}

const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t' };

/** The value of a string token: quotes removed (an unterminated one has only the first), escapes resolved. */
function stringValue(image: string, terminated: boolean): string {
  const inner = image.slice(1, terminated ? -1 : undefined);
  return inner.replace(/\\(.)/g, (_, char: string) => escapes[char] ?? char);
}

export function stringLit(token: IToken | undefined): StringLit | undefined {
  if (!isReal(token)) return undefined;
  const terminated = token.tokenType.name === 'TerminatedString';
  return { kind: 'String', value: stringValue(token.image, terminated), span: tokenSpan(token) };
}

/** Sorts converted children of a block back into source order (the CST groups them by kind). */
export function inSourceOrder<T extends { readonly span: Span }>(items: readonly (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined).sort((a, b) => a.span.start - b.span.start);
}

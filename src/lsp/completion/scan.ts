/**
 * A forgiving tokenizer for completion. Half-typed text rarely parses, so
 * completion does not rely on the AST: it scans the tokens before the cursor
 * (comments and strings skipped, unterminated ones allowed) and reads the
 * block structure from the braces.
 */
type TokenKind = 'word' | 'number' | 'string' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

interface Scan {
  readonly tokens: readonly Token[];
  /** The cursor is inside a comment (no completion there). */
  readonly inComment: boolean;
  /** The cursor is inside a string: the string token so far (its text without the quote). */
  readonly inString?: Token;
}

const twoCharOps = new Set(['<=', '>=', '==', '!=', '&&', '||']);

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** The tokens of `text` that start before `end`. */
export function scan(text: string, end: number): Scan {
  const tokens: Token[] = [];
  let i = 0;
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const stop = text.indexOf('\n', i);
      if (stop === -1 || stop >= end) return { tokens, inComment: true };
      i = stop + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const stop = text.indexOf('*/', i + 2);
      if (stop === -1 || stop + 2 > end) return { tokens, inComment: true };
      i = stop + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j++;
      if (j >= end) return { tokens, inComment: false, inString: token('string', text, i + 1, end) };
      tokens.push(token('string', text, i + 1, j));
      i = j + 1;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < text.length && (isWordStart(text[j]) || isDigit(text[j]))) j++;
      tokens.push(token('word', text, i, j));
      i = j;
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      const match = /^\d*\.?\d*(?:[eE][-+]?\d+)?/.exec(text.slice(i, i + 64));
      const j = i + Math.max(1, match?.[0].length ?? 1);
      tokens.push(token('number', text, i, j));
      i = j;
    } else {
      const pair = text.slice(i, i + 2);
      const width = twoCharOps.has(pair) ? 2 : 1;
      tokens.push(token('punct', text, i, i + width));
      i += width;
    }
  }
  return { tokens, inComment: false };
}

function token(kind: TokenKind, text: string, start: number, end: number): Token {
  return { kind, text: text.slice(start, end), start, end };
}

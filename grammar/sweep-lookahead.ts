// Lookahead for sweep values that an LL(3) choice cannot tell from an expression:
// `sgd(momentum: 0.9)` starts like the call `sgd(x)`, and `tied sigmoid` like the
// name `tied`. Inside `baseline { … }` a value is followed by the next override's
// path, which is dotted or a keyword (`network`, `weights`), so an identifier
// followed by a dot starts a path, never a word of the value.
import { EOF, type IToken, tokenMatcher } from 'chevrotain';
import * as t from './lexer.js';

type LookAhead = (howFar: number) => IToken;

/** `NAME(… label: …)`: a call-like value with at least one labeled argument. */
export function labeledCallAhead(la: LookAhead): boolean {
  if (!tokenMatcher(la(1), t.ValueName) || !tokenMatcher(la(2), t.LParen)) return false;
  let depth = 0;
  for (let i = 3; ; i++) {
    const token = la(i);
    if (token.tokenType === EOF) return false;
    if (tokenMatcher(token, t.LParen)) depth++;
    else if (tokenMatcher(token, t.RParen)) {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && tokenMatcher(token, t.ValueName) && tokenMatcher(la(i + 1), t.Colon)) {
      // A label opens an argument; `c ? a : b` has its `:` after `?`, not after `(` or `,`.
      if (i === 3 || tokenMatcher(la(i - 1), t.Comma)) return true;
    } else if (isBlockPunctuation(token)) return false;
  }
}

/** A word that continues a word list: an identifier that does not start a dotted path. */
export function wordAhead(la: LookAhead, at = 1): boolean {
  return tokenMatcher(la(at), t.Identifier) && !tokenMatcher(la(at + 1), t.Dot);
}

/** Two or more words, as in `tied sigmoid`. */
export function wordListAhead(la: LookAhead): boolean {
  return wordAhead(la, 1) && wordAhead(la, 2);
}

function isBlockPunctuation(token: IToken): boolean {
  return [t.LCurly, t.RCurly, t.LBracket, t.RBracket].some((type) => tokenMatcher(token, type));
}

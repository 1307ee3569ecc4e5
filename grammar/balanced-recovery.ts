// Brace-aware error recovery. chevrotain recovers from a syntax error by skipping
// tokens up to one that may follow the broken part; it does not know that
// `trian { epochs 5 }` is one unit, so it stops at the `}` of that inner block,
// closes the enclosing block too early and reports everything after as garbage.
// These replacements of chevrotain's skipping steps (pinned chevrotain 13.2)
// skip `{ … }` groups whole; when braces do not balance before the end of the
// file, they fall back to chevrotain's own behaviour.
import {
  EOF,
  type IParserErrorMessageProvider,
  type IToken,
  MismatchedTokenException,
  type TokenType,
  tokenMatcher,
} from 'chevrotain';
import { LCurly, RCurly } from './lexer.js';

/** The parts of chevrotain's recognizer these steps use (not in its public typings). */
export interface RecoveryInternals {
  LA(howMuch: number): IToken;
  SKIP_TOKEN(): IToken;
  exportLexerState(): number;
  importLexerState(state: number): void;
  flattenFollowSet(): TokenType[];
  getCurrRuleFullName(): string;
  SAVE_ERROR(error: Error): unknown;
  readonly errorMessageProvider: IParserErrorMessageProvider;
  readonly RULE_STACK: readonly number[];
  readonly RULE_OCCURRENCE_STACK: readonly number[];
  readonly RULE_STACK_IDX: number;
  shortRuleNameToFullName(shortName: number): string;
  getFollowSetFromFollowKey(key: { ruleName: string; idxInCallingRule: number; inRule: string }): TokenType[];
}

/**
 * The token types that may follow some rule on the stack (chevrotain's
 * flattenFollowSet), without duplicates. chevrotain rebuilds string keys for the
 * whole stack on every call; on an error deep in an expression every rule of the
 * stack calls it, so the per-level sets are cached by numeric key here.
 */
export class FollowSets {
  private readonly byKey = new Map<number, readonly TokenType[]>();

  constructor(private readonly parser: RecoveryInternals) {}

  flatten(): TokenType[] {
    const p = this.parser;
    const union = new Set<TokenType>([EOF]);
    for (let idx = 1; idx <= p.RULE_STACK_IDX; idx++) {
      const rule = p.RULE_STACK[idx];
      const occurrence = p.RULE_OCCURRENCE_STACK[idx];
      const parent = p.RULE_STACK[idx - 1];
      const key = (rule * 4096 + occurrence) * 4096 + parent;
      let follows = this.byKey.get(key);
      if (!follows) {
        follows = p.getFollowSetFromFollowKey({
          ruleName: p.shortRuleNameToFullName(rule),
          idxInCallingRule: occurrence,
          inRule: p.shortRuleNameToFullName(parent),
        });
        this.byKey.set(key, follows);
      }
      for (const type of follows) union.add(type);
    }
    return [...union];
  }
}

/** Where the last balanced resync scan stopped, so reSyncTo skips to that very token. */
export interface ResyncTarget {
  type: TokenType;
  token: IToken;
}

function braceStep(token: IToken, depth: number): number {
  if (tokenMatcher(token, LCurly)) return depth + 1;
  if (tokenMatcher(token, RCurly) && depth > 0) return depth - 1;
  return depth;
}

interface Occurrence {
  readonly k: number;
  readonly token: IToken;
}

/**
 * Where each token type first occurs after the error, outside braces and
 * anywhere. An error deep in an expression is seen by every rule on the stack,
 * each asking for its own follow set; one incremental scan serves them all
 * (chevrotain rescans for each, which is quadratic on deeply nested input).
 */
export class ResyncScanner {
  private start: IToken | undefined;
  private k = 0;
  private depth = 0;
  private done = false;
  private readonly balanced = new Map<number, Occurrence>();
  private readonly anywhere = new Map<number, Occurrence>();

  constructor(private readonly parser: RecoveryInternals) {}

  /** The first token outside nested `{ … }` that may follow a rule on the stack (chevrotain's findReSyncTokenType). */
  find(): ResyncTarget {
    const follows = this.parser.flattenFollowSet();
    if (this.parser.LA(1) !== this.start) this.reset();
    let found = this.first(this.balanced, follows);
    while (!found && !this.done) {
      this.scanOne();
      found = this.first(this.balanced, follows);
    }
    if (found && found.occurrence.token.tokenType !== EOF)
      return { type: found.type, token: found.occurrence.token };
    // Braces do not balance before the end: the first token that may follow, at any depth.
    while (!this.done) this.scanOne();
    const anywhere = this.first(this.anywhere, follows);
    return anywhere
      ? { type: anywhere.type, token: anywhere.occurrence.token }
      : { type: EOF, token: this.parser.LA(1) };
  }

  private reset(): void {
    this.start = this.parser.LA(1);
    this.k = 0;
    this.depth = 0;
    this.done = false;
    this.balanced.clear();
    this.anywhere.clear();
  }

  private scanOne(): void {
    const token = this.parser.LA(++this.k);
    const occurrence = { k: this.k, token };
    const idx = token.tokenTypeIdx;
    if (!this.anywhere.has(idx)) this.anywhere.set(idx, occurrence);
    if (this.depth === 0 && !this.balanced.has(idx)) this.balanced.set(idx, occurrence);
    this.depth = braceStep(token, this.depth);
    if (token.tokenType === EOF) this.done = true;
  }

  private first(
    seen: ReadonlyMap<number, Occurrence>,
    follows: readonly TokenType[],
  ): { type: TokenType; occurrence: Occurrence } | undefined {
    let best: { type: TokenType; occurrence: Occurrence } | undefined;
    for (const type of follows) {
      for (const idx of [type.tokenTypeIdx ?? -1, ...(type.categoryMatches ?? [])]) {
        const occurrence = seen.get(idx);
        if (occurrence && (!best || occurrence.k < best.occurrence.k)) best = { type, occurrence };
      }
    }
    return best;
  }
}

/** Skips to the token the scanner chose (chevrotain's reSyncTo). */
export function reSyncToTarget(parser: RecoveryInternals, target: ResyncTarget): IToken[] {
  const skipped: IToken[] = [];
  while (parser.LA(1) !== target.token && parser.LA(1).tokenType !== EOF) skipped.push(parser.SKIP_TOKEN());
  return skipped;
}

/**
 * Inside a block's repetition, skips a broken item (braces balanced) up to the
 * next item or the token after the repetition (chevrotain's tryInRepetitionRecovery).
 * Like chevrotain, it gives up on reaching a token that may follow an enclosing
 * rule (a missing `}`): the rule-level recovery then resumes there.
 */
export function balancedRepetitionRecovery(
  parser: RecoveryInternals,
  resume: () => void,
  startsItem: () => boolean,
  expected: TokenType,
): void {
  const saved = parser.exportLexerState();
  const follows = parser.flattenFollowSet();
  const found = parser.LA(1);
  const report = () => {
    const message = parser.errorMessageProvider.buildMismatchTokenMessage({
      expected,
      actual: found,
      previous: parser.LA(0),
      ruleName: parser.getCurrRuleFullName(),
    });
    parser.SAVE_ERROR(new MismatchedTokenException(message, found, parser.LA(0)));
  };
  let depth = 0;
  for (;;) {
    const token = parser.LA(1);
    if (depth === 0 && tokenMatcher(token, expected)) {
      report();
      return;
    }
    if (depth === 0 && startsItem()) {
      report();
      resume();
      return;
    }
    const followsEnclosing = depth === 0 && follows.some((type) => tokenMatcher(token, type));
    if (token.tokenType === EOF || followsEnclosing) break;
    depth = braceStep(token, depth);
    parser.SKIP_TOKEN();
  }
  parser.importLexerState(saved);
}

// The base of the .mtl parser: chevrotain configuration, brace-aware error
// recovery, the nesting guard, and the expression rules shared by every block.
// grammar/parser.ts adds the declarations and runs the self-analysis.
import { CstParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import {
  balancedRepetitionRecovery,
  FollowSets,
  type RecoveryInternals,
  ResyncScanner,
  type ResyncTarget,
  reSyncToTarget,
} from './balanced-recovery.js';
import * as t from './lexer.js';

/** Deepest expression nesting accepted, so no input can exhaust the stack. */
export const MAX_EXPRESSION_DEPTH = 64;

export interface MtlParserOptions {
  readonly errorMessageProvider?: IParserErrorMessageProvider;
  /**
   * Run chevrotain's grammar validations (ambiguities, left recursion). Tests and
   * the artefact script do; the compiler does not need to pay for them on every start
   * (and they need Object.groupBy, which Node 20 lacks: callers polyfill it).
   */
  readonly validate?: boolean;
}

export class ExpressionParser extends CstParser {
  /** Current expression nesting; gates refuse to go deeper than MAX_EXPRESSION_DEPTH. */
  depth = 0;

  constructor(options: MtlParserOptions = {}) {
    super([...t.allTokens], {
      recoveryEnabled: true,
      maxLookahead: 3,
      skipValidations: options.validate !== true,
      ...(options.errorMessageProvider ? { errorMessageProvider: options.errorMessageProvider } : {}),
    });
  }

  /** The first token where nesting was refused in this parse (reset with `depth`). */
  depthLimitToken: IToken | undefined;

  /** Before each parse: no nesting yet, no refusal. */
  resetNesting(): void {
    this.depth = 0;
    this.depthLimitToken = undefined;
  }

  private readonly canNest = (): boolean => {
    if (this.depth < MAX_EXPRESSION_DEPTH) return true;
    this.depthLimitToken ??= this.LA(1);
    return false;
  };

  // ------------------------------------------------ brace-aware recovery
  // These shadow chevrotain's own recovery steps (see balanced-recovery.ts).

  private resyncTarget: ResyncTarget | undefined;
  private readonly scanner = new ResyncScanner(this as unknown as RecoveryInternals);
  private readonly followSets = new FollowSets(this as unknown as RecoveryInternals);

  flattenFollowSet(): TokenType[] {
    return this.followSets.flatten();
  }

  private get internals(): RecoveryInternals {
    return this as unknown as RecoveryInternals;
  }

  findReSyncTokenType(): TokenType {
    this.resyncTarget = this.scanner.find();
    return this.resyncTarget.type;
  }

  reSyncTo(type: TokenType): IToken[] {
    const target = this.resyncTarget;
    this.resyncTarget = undefined;
    if (target && target.type === type) return reSyncToTarget(this.internals, target);
    return reSyncToTarget(this.internals, this.scanner.find());
  }

  tryInRepetitionRecovery(
    grammarRule: (...args: unknown[]) => unknown,
    grammarRuleArgs: unknown[],
    lookAheadFunc: () => boolean,
    expectedTokType: TokenType,
  ): void {
    balancedRepetitionRecovery(
      this.internals,
      () => grammarRule.apply(this, grammarRuleArgs),
      () => lookAheadFunc.call(this),
      expectedTokType,
    );
  }

  // ----------------------------------------------------------- expressions
  // Lowest to highest precedence: ?: (right), ||, &&, comparisons, + -, * /,
  // unary - !, ^ (right; its right operand may be unary: 2 ^ -1), primaries.

  readonly expression = this.RULE('expression', () => {
    this.depth++;
    try {
      this.SUBRULE(this.orExpr);
      this.OPTION({
        GATE: this.canNest,
        DEF: () => {
          this.CONSUME(t.Question);
          this.SUBRULE(this.expression);
          this.CONSUME(t.Colon);
          this.SUBRULE2(this.expression);
        },
      });
    } finally {
      this.depth--;
    }
  });

  readonly orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(t.OrOp);
      this.SUBRULE2(this.andExpr);
    });
  });

  readonly andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.CONSUME(t.AndOp);
      this.SUBRULE2(this.comparison);
    });
  });

  readonly comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.MANY(() => {
      this.CONSUME(t.CompareOp);
      this.SUBRULE2(this.additive);
    });
  });

  readonly additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.CONSUME(t.AddOp);
      this.SUBRULE2(this.multiplicative);
    });
  });

  readonly multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(t.MulOp);
      this.SUBRULE2(this.unary);
    });
  });

  readonly unary = this.RULE('unary', () => {
    this.depth++;
    try {
      this.OR([
        {
          GATE: this.canNest,
          ALT: () => {
            this.CONSUME(t.UnaryOp);
            this.SUBRULE(this.unary);
          },
        },
        { ALT: () => this.SUBRULE(this.power) },
      ]);
    } finally {
      this.depth--;
    }
  });

  readonly power = this.RULE('power', () => {
    this.SUBRULE(this.primary);
    this.OPTION({
      GATE: this.canNest,
      DEF: () => {
        this.CONSUME(t.Caret);
        this.SUBRULE(this.unary);
      },
    });
  });

  readonly primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      {
        ALT: () => {
          this.CONSUME(t.ValueName);
          this.OPTION({
            GATE: this.canNest,
            DEF: () => {
              this.CONSUME(t.LParen);
              this.OPTION2(() => {
                this.SUBRULE(this.expression);
                this.MANY(() => {
                  this.CONSUME(t.Comma);
                  this.SUBRULE2(this.expression);
                });
              });
              this.CONSUME(t.RParen);
            },
          });
        },
      },
      {
        GATE: this.canNest,
        ALT: () => {
          this.CONSUME2(t.LParen);
          this.SUBRULE3(this.expression);
          this.CONSUME2(t.RParen);
        },
      },
    ]);
  });
}

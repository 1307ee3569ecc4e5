// The .mtl grammar as a chevrotain CstParser (see grammar/mtl.ebnf for a readable
// form and grammar/diagrams.html for the syntax diagrams, both generated from this
// file by scripts/gen-grammar-artefacts.js). Error recovery is on: one run reports
// every syntax error it can and still builds a (partial) tree.
//
// Block bodies are `{ MANY(item | ';') }` so chevrotain's in-repetition recovery
// can skip a broken item and carry on with the next one. Positions in a block
// where order matters (the network input, imports first) are accepted in any
// order here and reported by the CST→AST pass, which knows what the AST can hold.
import { ExpressionParser, type MtlParserOptions } from './expression-parser.js';
import * as t from './lexer.js';
import { labeledCallAhead, wordAhead, wordListAhead } from './sweep-lookahead.js';

export { MAX_EXPRESSION_DEPTH, type MtlParserOptions } from './expression-parser.js';

export class MtlParser extends ExpressionParser {
  constructor(options: MtlParserOptions = {}) {
    super(options);
    this.performSelfAnalysis();
  }

  // ------------------------------------------------------------- top level

  readonly file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.networkDecl) },
        { ALT: () => this.SUBRULE(this.experimentDecl) },
        { ALT: () => this.SUBRULE(this.sweepDecl) },
        { ALT: () => this.CONSUME(t.Semicolon) },
      ]),
    );
  });

  readonly importDecl = this.RULE('importDecl', () => {
    this.CONSUME(t.Import);
    this.CONSUME(t.StringLiteral);
  });

  // -------------------------------------------------------------- networks

  readonly networkDecl = this.RULE('networkDecl', () => {
    this.CONSUME(t.Network);
    this.CONSUME(t.Name);
    this.SUBRULE(this.networkBody);
  });

  readonly networkBody = this.RULE('networkBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.SUBRULE(this.layerDecl) },
        { ALT: () => this.CONSUME(t.Semicolon) },
      ]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(t.Input);
    this.CONSUME(t.NumberLiteral);
  });

  readonly layerDecl = this.RULE('layerDecl', () => {
    this.CONSUME(t.LayerRole);
    this.CONSUME(t.Name);
    this.CONSUME(t.NumberLiteral);
    this.CONSUME(t.ValueName);
  });

  // ----------------------------------------------------------- experiments

  readonly experimentDecl = this.RULE('experimentDecl', () => {
    this.CONSUME(t.Experiment);
    this.CONSUME(t.Name);
    this.SUBRULE(this.experimentBody);
  });

  readonly experimentBody = this.RULE('experimentBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.dataBlock) },
        { ALT: () => this.SUBRULE(this.experimentNetwork) },
        { ALT: () => this.SUBRULE(this.reconstructBlock) },
        { ALT: () => this.SUBRULE(this.weightsBlock) },
        { ALT: () => this.SUBRULE(this.trainBlock) },
        { ALT: () => this.CONSUME(t.Semicolon) },
      ]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly experimentNetwork = this.RULE('experimentNetwork', () => {
    this.CONSUME(t.Network);
    this.OR([{ ALT: () => this.SUBRULE(this.networkBody) }, { ALT: () => this.CONSUME(t.Name) }]);
  });

  readonly dataBlock = this.RULE('dataBlock', () => {
    this.CONSUME(t.Data);
    this.CONSUME(t.ValueName);
    this.SUBRULE(this.dataBody);
  });

  readonly dataBody = this.RULE('dataBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.dataSetting) }, { ALT: () => this.CONSUME(t.Semicolon) }]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly dataSetting = this.RULE('dataSetting', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.DataNumberKey);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.DataPathKey);
          this.CONSUME(t.StringLiteral);
        },
      },
    ]);
  });

  readonly reconstructBlock = this.RULE('reconstructBlock', () => {
    this.CONSUME(t.Reconstruct);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.Name) });
    this.SUBRULE(this.reconstructBody);
  });

  readonly reconstructBody = this.RULE('reconstructBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.callSetting) },
        { ALT: () => this.SUBRULE(this.decoderSetting) },
        { ALT: () => this.SUBRULE(this.costSetting) },
        { ALT: () => this.SUBRULE(this.weightSetting) },
        { ALT: () => this.CONSUME(t.Semicolon) },
      ]),
    );
    this.CONSUME(t.RCurly);
  });

  /** `noise mask(0.25)`, `gradient local` */
  readonly callSetting = this.RULE('callSetting', () => {
    this.CONSUME(t.CallKey);
    this.SUBRULE(this.callLike);
  });

  /** `decoder [tied] ACTIVATION`: words only, so it stops at the next setting keyword. */
  readonly decoderSetting = this.RULE('decoderSetting', () => {
    this.CONSUME(t.Decoder);
    this.AT_LEAST_ONE(() => this.CONSUME(t.Identifier));
  });

  /**
   * `cost COST [REDUCTION]`, e.g. `cost cross_entropy mean`: words only, like the decoder;
   * the checker says which words and how many.
   */
  readonly costSetting = this.RULE('costSetting', () => {
    this.CONSUME(t.Cost);
    this.AT_LEAST_ONE(() => this.CONSUME(t.Identifier));
  });

  readonly weightSetting = this.RULE('weightSetting', () => {
    this.CONSUME(t.Weight);
    this.SUBRULE(this.expression);
  });

  readonly callLike = this.RULE('callLike', () => {
    this.CONSUME(t.ValueName);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.callArg);
        this.MANY(() => {
          this.CONSUME(t.Comma);
          this.SUBRULE2(this.callArg);
        });
      });
      this.CONSUME(t.RParen);
    });
  });

  readonly callArg = this.RULE('callArg', () => {
    this.OPTION(() => {
      this.CONSUME(t.ValueName);
      this.CONSUME(t.Colon);
    });
    this.SUBRULE(this.expression);
  });

  readonly weightsBlock = this.RULE('weightsBlock', () => {
    this.CONSUME(t.Weights);
    this.OR([{ ALT: () => this.SUBRULE(this.weightsBody) }, { ALT: () => this.SUBRULE(this.scheduleRef) }]);
  });

  readonly weightsBody = this.RULE('weightsBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.weightEquation) }, { ALT: () => this.CONSUME(t.Semicolon) }]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly weightEquation = this.RULE('weightEquation', () => {
    this.CONSUME(t.ValueName);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  readonly scheduleRef = this.RULE('scheduleRef', () => {
    this.CONSUME(t.Schedule);
    this.CONSUME(t.ValueName);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.expression);
        this.MANY(() => {
          this.CONSUME(t.Comma);
          this.SUBRULE2(this.expression);
        });
      });
      this.CONSUME(t.RParen);
    });
  });

  readonly trainBlock = this.RULE('trainBlock', () => {
    this.CONSUME(t.Train);
    this.SUBRULE(this.trainBody);
  });

  readonly trainBody = this.RULE('trainBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.numberSetting) },
        { ALT: () => this.SUBRULE(this.optimizerSetting) },
        { ALT: () => this.SUBRULE(this.lrSetting) },
        { ALT: () => this.SUBRULE(this.everySetting) },
        { ALT: () => this.SUBRULE(this.skipSetting) },
        { ALT: () => this.SUBRULE(this.orderBlock) },
        { ALT: () => this.CONSUME(t.Semicolon) },
      ]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly numberSetting = this.RULE('numberSetting', () => {
    this.CONSUME(t.TrainNumberKey);
    this.SUBRULE(this.expression);
  });

  readonly optimizerSetting = this.RULE('optimizerSetting', () => {
    this.CONSUME(t.Optimizer);
    this.SUBRULE(this.callLike);
  });

  readonly lrSetting = this.RULE('lrSetting', () => {
    this.CONSUME(t.Lr);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  readonly everySetting = this.RULE('everySetting', () => {
    this.CONSUME(t.EveryKey);
    this.CONSUME(t.Every);
    this.CONSUME(t.NumberLiteral);
  });

  readonly skipSetting = this.RULE('skipSetting', () => {
    this.CONSUME(t.Skip);
    this.CONSUME(t.Below);
    this.CONSUME(t.NumberLiteral);
  });

  readonly orderBlock = this.RULE('orderBlock', () => {
    this.CONSUME(t.Order);
    this.CONSUME(t.ValueName);
    this.OPTION(() => this.SUBRULE(this.orderBody));
  });

  readonly orderBody = this.RULE('orderBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.stepDecl) }, { ALT: () => this.CONSUME(t.Semicolon) }]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly stepDecl = this.RULE('stepDecl', () => {
    this.CONSUME(t.Step);
    this.CONSUME(t.ValueName);
    this.CONSUME(t.On);
    this.CONSUME2(t.ValueName);
    this.OPTION(() => {
      this.CONSUME(t.Lr);
      this.CONSUME(t.Equals);
      this.SUBRULE(this.expression);
    });
  });

  // ---------------------------------------------------------------- sweeps

  readonly sweepDecl = this.RULE('sweepDecl', () => {
    this.CONSUME(t.Sweep);
    this.CONSUME(t.Name);
    this.SUBRULE(this.sweepBody);
  });

  readonly sweepBody = this.RULE('sweepBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.sweepBase) },
        { ALT: () => this.SUBRULE(this.sweepVary) },
        { ALT: () => this.SUBRULE(this.sweepOverrides) },
        { ALT: () => this.SUBRULE(this.sweepRepeat) },
        { ALT: () => this.CONSUME(t.Semicolon) },
      ]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly sweepBase = this.RULE('sweepBase', () => {
    this.CONSUME(t.Base);
    this.CONSUME(t.Name);
  });

  readonly sweepVary = this.RULE('sweepVary', () => {
    this.CONSUME(t.Vary);
    this.SUBRULE(this.settingPath);
    this.CONSUME(t.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.sweepValue);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.sweepValue);
      });
    });
    this.CONSUME(t.RBracket);
  });

  readonly sweepOverrides = this.RULE('sweepOverrides', () => {
    this.CONSUME(t.OverridesKey);
    this.SUBRULE(this.overridesBody);
  });

  readonly overridesBody = this.RULE('overridesBody', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.sweepOverride) }, { ALT: () => this.CONSUME(t.Semicolon) }]),
    );
    this.CONSUME(t.RCurly);
  });

  readonly sweepOverride = this.RULE('sweepOverride', () => {
    this.SUBRULE(this.settingPath);
    this.SUBRULE(this.sweepValue);
  });

  readonly settingPath = this.RULE('settingPath', () => {
    this.CONSUME(t.Name);
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.CONSUME2(t.Name);
    });
  });

  /** An expression, `schedule NAME(…)`, `sgd(momentum: 0.9)` or `tied sigmoid` (see sweep-lookahead.ts). */
  readonly sweepValue = this.RULE('sweepValue', () => {
    const la = (howFar: number) => this.LA(howFar);
    this.OR([
      { ALT: () => this.SUBRULE(this.scheduleRef) },
      { GATE: () => labeledCallAhead(la), ALT: () => this.SUBRULE(this.callLike) },
      { GATE: () => wordListAhead(la), ALT: () => this.SUBRULE(this.wordList) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  readonly wordList = this.RULE('wordList', () => {
    this.CONSUME(t.Identifier);
    this.CONSUME2(t.Identifier);
    this.MANY({ GATE: () => wordAhead((howFar) => this.LA(howFar)), DEF: () => this.CONSUME3(t.Identifier) });
  });

  readonly sweepRepeat = this.RULE('sweepRepeat', () => {
    this.CONSUME(t.Repeat);
    this.CONSUME(t.NumberLiteral);
  });
}

// The tokens of the .mtl language (chevrotain). Only words that give a file its
// structure are keyword tokens (block and setting keywords); value words such as
// activations, noise kinds or schedule names are plain identifiers that the
// checker validates, so a misspelt value keeps its place in the AST.
import { createToken, Lexer, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------- categories

/** Any word, keywords included: declaration names, layer names, path parts. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
/** Words usable as values and in expressions: identifiers and setting keywords (`labeled`, `batch`, …). */
export const ValueName = createToken({ name: 'ValueName', pattern: Lexer.NA, categories: [Name] });
/** Setting keywords taking a number expression in `data { … }`. */
export const DataNumberKey = createToken({ name: 'DataNumberKey', pattern: Lexer.NA });
/** Setting keywords taking a file path in `data idx { … }`. */
export const DataPathKey = createToken({ name: 'DataPathKey', pattern: Lexer.NA });
/** Setting keywords taking a number expression in `train { … }`. */
export const TrainNumberKey = createToken({ name: 'TrainNumberKey', pattern: Lexer.NA });
/** Reconstruct settings whose value is a word with optional arguments (`noise mask(0.25)`). */
export const CallKey = createToken({ name: 'CallKey', pattern: Lexer.NA });
/** `evaluate` and `checkpoint`, both followed by `every N`. */
export const EveryKey = createToken({ name: 'EveryKey', pattern: Lexer.NA });
/** `baseline` and `control` override blocks of a sweep. */
export const OverridesKey = createToken({ name: 'OverridesKey', pattern: Lexer.NA });
export const LayerRole = createToken({ name: 'LayerRole', pattern: Lexer.NA });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: Lexer.NA });
export const AddOp = createToken({ name: 'AddOp', pattern: Lexer.NA });
export const MulOp = createToken({ name: 'MulOp', pattern: Lexer.NA });
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA });
export const UnaryOp = createToken({ name: 'UnaryOp', pattern: Lexer.NA });

// ------------------------------------------------------------ trivia, errors

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
// A line ends at \n, \r\n or a lone \r (old Mac files), as LSP positions count them.
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
});
/** `/*` without its `*\/`: kept as a comment, reported as a lexical error. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
});

// ------------------------------------------------------------------ literals

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name, ValueName],
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
});
export const TerminatedString = createToken({
  name: 'TerminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  categories: [StringLiteral],
});
/** A string cut by the end of its line: parsed as a string, reported as a lexical error. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  categories: [StringLiteral],
});

// ------------------------------------------------------------------ keywords

function keyword(word: string, categories: TokenType[] = []): TokenType {
  const name = word
    .split('_')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Name, ...categories],
    label: `'${word}'`,
  });
}

export const Import = keyword('import');
export const Network = keyword('network');
export const Experiment = keyword('experiment');
export const Sweep = keyword('sweep');
export const Input = keyword('input');
export const Dense = keyword('dense', [LayerRole]);
export const Output = keyword('output', [LayerRole]);
export const Data = keyword('data');
export const Reconstruct = keyword('reconstruct');
export const Weights = keyword('weights');
export const Train = keyword('train');
export const Schedule = keyword('schedule');
export const Labeled = keyword('labeled', [ValueName, DataNumberKey]);
export const Unlabeled = keyword('unlabeled', [ValueName, DataNumberKey]);
export const Validation = keyword('validation', [ValueName, DataNumberKey]);
export const Seed = keyword('seed', [ValueName, DataNumberKey, TrainNumberKey]);
export const TrainImages = keyword('train_images', [ValueName, DataPathKey]);
export const TrainLabels = keyword('train_labels', [ValueName, DataPathKey]);
export const TestImages = keyword('test_images', [ValueName, DataPathKey]);
export const TestLabels = keyword('test_labels', [ValueName, DataPathKey]);
export const Noise = keyword('noise', [ValueName, CallKey]);
export const Cost = keyword('cost', [ValueName]);
export const Gradient = keyword('gradient', [ValueName, CallKey]);
export const Decoder = keyword('decoder', [ValueName]);
export const Weight = keyword('weight', [ValueName]);
export const Epochs = keyword('epochs', [ValueName, TrainNumberKey]);
export const Batch = keyword('batch', [ValueName, TrainNumberKey]);
export const Optimizer = keyword('optimizer', [ValueName]);
export const Lr = keyword('lr', [ValueName]);
export const Evaluate = keyword('evaluate', [EveryKey]);
export const Checkpoint = keyword('checkpoint', [EveryKey]);
export const Every = keyword('every');
export const Skip = keyword('skip');
export const Below = keyword('below');
export const Order = keyword('order');
export const Step = keyword('step');
export const On = keyword('on');
export const Base = keyword('base');
export const Vary = keyword('vary');
export const Baseline = keyword('baseline', [OverridesKey]);
export const Control = keyword('control', [OverridesKey]);
export const Repeat = keyword('repeat');

/** Every keyword token; the lexer tries the longest words first so `weights` never lexes as `weight` + `s`. */
export const keywordTokens: readonly TokenType[] = [
  Import,
  Network,
  Experiment,
  Sweep,
  Input,
  Dense,
  Output,
  Data,
  Reconstruct,
  Weights,
  Train,
  Schedule,
  Labeled,
  Unlabeled,
  Validation,
  Seed,
  TrainImages,
  TrainLabels,
  TestImages,
  TestLabels,
  Noise,
  Cost,
  Gradient,
  Decoder,
  Weight,
  Epochs,
  Batch,
  Optimizer,
  Lr,
  Evaluate,
  Checkpoint,
  Every,
  Skip,
  Below,
  Order,
  Step,
  On,
  Base,
  Vary,
  Baseline,
  Control,
  Repeat,
];

// --------------------------------------------------------------- punctuation

function symbol(name: string, text: string, categories: TokenType[] = []): TokenType {
  const pattern = new RegExp(text.replace(/[.*+?^$()[\]{}|\\/]/g, '\\$&'));
  return createToken({ name, pattern, categories, label: `'${text}'` });
}

export const LCurly = symbol('LCurly', '{');
export const RCurly = symbol('RCurly', '}');
export const LParen = symbol('LParen', '(');
export const RParen = symbol('RParen', ')');
export const LBracket = symbol('LBracket', '[');
export const RBracket = symbol('RBracket', ']');
export const Comma = symbol('Comma', ',');
export const Semicolon = symbol('Semicolon', ';');
export const Colon = symbol('Colon', ':');
export const Dot = symbol('Dot', '.');
export const Question = symbol('Question', '?');
export const OrOp = symbol('OrOp', '||');
export const AndOp = symbol('AndOp', '&&');
export const LessEqual = symbol('LessEqual', '<=', [CompareOp]);
export const GreaterEqual = symbol('GreaterEqual', '>=', [CompareOp]);
export const EqualEqual = symbol('EqualEqual', '==', [CompareOp]);
export const NotEqual = symbol('NotEqual', '!=', [CompareOp]);
export const Less = symbol('Less', '<', [CompareOp]);
export const Greater = symbol('Greater', '>', [CompareOp]);
export const Equals = symbol('Equals', '=');
export const Bang = symbol('Bang', '!', [UnaryOp]);
export const Plus = symbol('Plus', '+', [AddOp]);
export const Minus = symbol('Minus', '-', [AddOp, UnaryOp]);
export const Star = symbol('Star', '*', [MulOp]);
export const Slash = symbol('Slash', '/', [MulOp]);
export const Caret = symbol('Caret', '^');

const byLengthDescending = [...keywordTokens].sort(
  (a, b) => String(b.PATTERN).length - String(a.PATTERN).length,
);

/** Token order matters: comments before `/`, two-character operators before one-character ones. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  TerminatedString,
  UnterminatedString,
  NumberLiteral,
  ...byLengthDescending,
  Identifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Semicolon,
  Colon,
  Dot,
  Question,
  OrOp,
  AndOp,
  LessEqual,
  GreaterEqual,
  EqualEqual,
  NotEqual,
  Less,
  Greater,
  Equals,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  // Categories last: they match nothing themselves but the parser must know them.
  Name,
  ValueName,
  DataNumberKey,
  DataPathKey,
  TrainNumberKey,
  CallKey,
  EveryKey,
  OverridesKey,
  LayerRole,
  StringLiteral,
  AddOp,
  MulOp,
  CompareOp,
  UnaryOp,
];

/** Built once: chevrotain analyses the token patterns when a lexer is created. */
export const mtlLexer = new Lexer([...allTokens], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

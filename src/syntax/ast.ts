// The abstract syntax tree of a .mtl file. Every node carries the span of the
// source text it came from (offsets into that file's text, end exclusive), so
// checks can point at it; line and column are computed only when a diagnostic
// is printed (see location.ts). Parts that failed to parse are simply absent
// (optional fields, shorter lists), never placeholder values: a check can
// always trust what is there.

import type { Span } from '../diagnostics/diagnostic.js';

// Spans are the diagnostics' (the shared base); the AST's users import them from here too.
export type { Span };

interface NodeBase {
  readonly span: Span;
}

/** A name as written, with its own span (for go-to-definition and rename). */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

export interface MtlFile extends NodeBase {
  readonly kind: 'File';
  readonly imports: readonly ImportDecl[];
  readonly declarations: readonly Declaration[];
  /** Comments, kept for the formatter. */
  readonly comments: readonly Comment[];
}

export interface Comment extends NodeBase {
  readonly kind: 'Comment';
  readonly text: string;
  readonly block: boolean;
}

export interface ImportDecl extends NodeBase {
  readonly kind: 'Import';
  /** The path as written, without quotes. */
  readonly path: string;
  readonly pathSpan: Span;
}

export type Declaration = NetworkDecl | ExperimentDecl | SweepDecl;

// ---------------------------------------------------------------- networks

export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'linear' | 'softmax';

export interface NetworkBody extends NodeBase {
  readonly input?: InputDecl;
  readonly layers: readonly LayerDecl[];
}

export interface NetworkDecl extends NetworkBody {
  readonly kind: 'Network';
  readonly name: Identifier;
}

export interface InputDecl extends NodeBase {
  readonly kind: 'Input';
  readonly size: NumberLit;
}

export interface LayerDecl extends NodeBase {
  readonly kind: 'Layer';
  readonly role: 'dense' | 'output';
  readonly name: Identifier;
  readonly units?: NumberLit;
  /** The activation as written; checks reject unknown ones. */
  readonly activation?: Identifier;
}

// ------------------------------------------------------------- experiments

export interface ExperimentDecl extends NodeBase {
  readonly kind: 'Experiment';
  readonly name: Identifier;
  readonly items: readonly ExperimentItem[];
}

export type ExperimentItem =
  | DataBlock
  | NetworkRef
  | InlineNetwork
  | ReconstructBlock
  | WeightsBlock
  | TrainBlock;

export interface DataBlock extends NodeBase {
  readonly kind: 'Data';
  /** `mnist` or `idx` as written. */
  readonly source: Identifier;
  readonly settings: readonly Setting[];
}

/** `name value` inside data/reconstruct/train blocks, e.g. `labeled 1000`, `noise mask(0.25)`. */
export interface Setting extends NodeBase {
  readonly kind: 'Setting';
  readonly key: Identifier;
  readonly value?: SettingValue;
}

export type SettingValue = NumberLit | StringLit | CallLike | WordList | Expr;

/** `mask(0.25)`, `sgd(momentum: 0.9)`, `stairs(100)`: a name with (optionally named) arguments. */
export interface CallLike extends NodeBase {
  readonly kind: 'CallLike';
  readonly name: Identifier;
  readonly args: readonly CallArg[];
  /** false for a bare word such as `none`, `sgd`, `local`. */
  readonly hasParens: boolean;
}

export interface CallArg extends NodeBase {
  readonly label?: Identifier;
  readonly value: Expr;
}

/** One or more words, e.g. `tied sigmoid` after `decoder`. */
export interface WordList extends NodeBase {
  readonly kind: 'WordList';
  readonly words: readonly Identifier[];
}

export interface NetworkRef extends NodeBase {
  readonly kind: 'NetworkRef';
  readonly name: Identifier;
}

export interface InlineNetwork extends NetworkBody {
  readonly kind: 'InlineNetwork';
}

export interface ReconstructBlock extends NodeBase {
  readonly kind: 'Reconstruct';
  readonly layers: readonly Identifier[];
  readonly settings: readonly Setting[];
}

export type WeightsBlock = WeightsEquations | WeightsSchedule;

export interface WeightsEquations extends NodeBase {
  readonly kind: 'WeightsEquations';
  readonly equations: readonly WeightEquation[];
}

export interface WeightEquation extends NodeBase {
  readonly kind: 'WeightEquation';
  /** `supervised` or `reconstruction` as written (checks reject others). */
  readonly target: Identifier;
  readonly value?: Expr;
}

export interface WeightsSchedule extends NodeBase {
  readonly kind: 'WeightsSchedule';
  readonly schedule: ScheduleRef;
}

/** `supervised_only`, `stairs(100)`, `lin`, `lin(100)`, `exp(40)`, `constant(0.5)`. */
export interface ScheduleRef extends NodeBase {
  readonly kind: 'ScheduleRef';
  readonly name: Identifier;
  readonly args: readonly Expr[];
  readonly hasParens: boolean;
}

export interface TrainBlock extends NodeBase {
  readonly kind: 'Train';
  readonly items: readonly TrainItem[];
}

export type TrainItem = Setting | LrSetting | EverySetting | SkipSetting | OrderBlock;

/** `lr = EXPR` */
export interface LrSetting extends NodeBase {
  readonly kind: 'Lr';
  readonly keyword: Span;
  readonly value?: Expr;
}

/** `evaluate every N`, `checkpoint every N` */
export interface EverySetting extends NodeBase {
  readonly kind: 'Every';
  readonly what: 'evaluate' | 'checkpoint';
  readonly keyword: Span;
  readonly every?: NumberLit;
}

/** `skip below EPS`: a step whose weight λ(t) is below EPS is not taken. */
export interface SkipSetting extends NodeBase {
  readonly kind: 'Skip';
  readonly keyword: Span;
  readonly below?: NumberLit;
}

export interface OrderBlock extends NodeBase {
  readonly kind: 'Order';
  /** `alternate` or `joint` as written. */
  readonly mode: Identifier;
  readonly steps: readonly StepDecl[];
}

export interface StepDecl extends NodeBase {
  readonly kind: 'Step';
  /** `reconstruction` or `supervised` as written. */
  readonly objective: Identifier;
  /** `batch`, `labeled` or `unlabeled` as written. */
  readonly rows?: Identifier;
  readonly lr?: Expr;
}

// ------------------------------------------------------------------ sweeps

export interface SweepDecl extends NodeBase {
  readonly kind: 'Sweep';
  readonly name: Identifier;
  readonly items: readonly SweepItem[];
}

export type SweepItem = SweepBase | SweepVary | SweepOverrides | SweepRepeat;

export interface SweepBase extends NodeBase {
  readonly kind: 'SweepBase';
  readonly experiment: Identifier;
}

/** A dotted path such as `data.labeled`, `weights`, `network`. */
export interface SettingPath extends NodeBase {
  readonly kind: 'SettingPath';
  readonly parts: readonly Identifier[];
}

export interface SweepVary extends NodeBase {
  readonly kind: 'SweepVary';
  readonly path: SettingPath;
  readonly values: readonly SweepValue[];
}

/**
 * A value in a `vary` list or an override: an expression, a schedule, a name (a
 * network, a word), a setting with labeled arguments (`sgd(momentum: 0.9)`; without
 * labels, `mask(0.1)` is a call expression) or several words (`tied sigmoid`).
 */
export type SweepValue = Expr | WeightsSchedule | CallLike | WordList;

export interface SweepOverride extends NodeBase {
  readonly kind: 'SweepOverride';
  readonly path: SettingPath;
  readonly value?: SweepValue;
}

/** `baseline { … }` or `control { … }` */
export interface SweepOverrides extends NodeBase {
  readonly kind: 'SweepOverrides';
  readonly which: 'baseline' | 'control';
  readonly overrides: readonly SweepOverride[];
}

export interface SweepRepeat extends NodeBase {
  readonly kind: 'SweepRepeat';
  readonly count?: NumberLit;
}

// ------------------------------------------------------------- expressions

export type Expr = NumberLit | NameRef | UnaryExpr | BinaryExpr | ConditionalExpr | CallExpr;

export interface NumberLit extends NodeBase {
  readonly kind: 'Number';
  readonly value: number;
  /** The literal as written (the formatter keeps it). */
  readonly text: string;
}

export interface StringLit extends NodeBase {
  readonly kind: 'String';
  readonly value: string;
}

/** `t`, `T`, `supervised`, `reconstruction`, a swept name, or a bare word. */
export interface NameRef extends NodeBase {
  readonly kind: 'Name';
  readonly name: string;
}

export interface UnaryExpr extends NodeBase {
  readonly kind: 'Unary';
  readonly operator: '-' | '!';
  readonly operand: Expr;
}

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '^'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '&&'
  | '||';

export interface BinaryExpr extends NodeBase {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

export interface ConditionalExpr extends NodeBase {
  readonly kind: 'Conditional';
  readonly test: Expr;
  readonly then: Expr;
  readonly otherwise: Expr;
}

export interface CallExpr extends NodeBase {
  readonly kind: 'Call';
  readonly callee: Identifier;
  readonly args: readonly Expr[];
}

// Reading setting values. The grammar lets a setting's value be a number, a
// string, a word, a call-like `mask(0.25)`, a word list or an expression; these
// helpers read a value as the shape a setting expects, whichever way it was
// parsed (`sgd` may come as a bare CallLike, a one-word list or a name).
import type {
  CallArg,
  CallExpr,
  Expr,
  Identifier,
  NameRef,
  SettingValue,
  Span,
  StringLit,
} from '../syntax/ast.js';

export interface Word {
  readonly name: string;
  readonly span: Span;
}

export interface CallValue {
  readonly name: Word;
  readonly args: readonly CallArg[];
  readonly hasParens: boolean;
  readonly span: Span;
}

const EXPR_KINDS = new Set(['Number', 'Name', 'Unary', 'Binary', 'Conditional', 'Call']);

export function isExpr(value: { readonly kind: string }): value is Expr {
  return EXPR_KINDS.has(value.kind);
}

function asWord(value: SettingValue | undefined): Word | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'CallLike':
      return !value.hasParens && value.args.length === 0 ? value.name : undefined;
    case 'WordList':
      return value.words.length === 1 ? value.words[0] : undefined;
    case 'Name':
      return { name: value.name, span: value.span };
    default:
      return undefined;
  }
}

/** `tied sigmoid` → two words; a single word → one. */
export function asWords(value: SettingValue | undefined): readonly Word[] | undefined {
  if (value?.kind === 'WordList') return value.words;
  const word = asWord(value);
  return word ? [word] : undefined;
}

export function asCall(value: SettingValue | undefined): CallValue | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'CallLike':
      return value;
    case 'Call':
      return {
        name: value.callee,
        args: value.args.map((a) => ({ span: a.span, value: a })),
        hasParens: true,
        span: value.span,
      };
    default: {
      const word = asWord(value);
      return word ? { name: word, args: [], hasParens: false, span: value.span } : undefined;
    }
  }
}

const synthesized = new WeakMap<object, Expr>();

/** The value as an expression; a call-like without labels reads as a function call. */
export function asExpr(value: SettingValue | undefined): Expr | undefined {
  if (!value) return undefined;
  if (isExpr(value)) return value;
  const cached = synthesized.get(value);
  if (cached) return cached;
  let expr: Expr | undefined;
  if (value.kind === 'CallLike') {
    if (!value.hasParens) expr = nameRef(value.name);
    else if (value.args.every((a) => !a.label)) {
      const call: CallExpr = {
        kind: 'Call',
        callee: value.name,
        args: value.args.map((a) => a.value),
        span: value.span,
      };
      expr = call;
    }
  } else if (value.kind === 'WordList' && value.words.length === 1) {
    expr = nameRef(value.words[0]);
  }
  if (expr) synthesized.set(value, expr);
  return expr;
}

function nameRef(id: Identifier): NameRef {
  return { kind: 'Name', name: id.name, span: id.span };
}

export function asString(value: SettingValue | undefined): StringLit | undefined {
  return value?.kind === 'String' ? value : undefined;
}

/** What a value looks like, for messages: "a string", "the word 'x'", … */
export function describeValue(value: SettingValue): string {
  switch (value.kind) {
    case 'String':
      return 'a string';
    case 'Number':
      return `the number ${value.text}`;
    case 'WordList':
      return value.words.length === 1 ? `the word '${value.words[0].name}'` : 'a list of words';
    case 'CallLike':
      return value.hasParens ? `'${value.name.name}(…)'` : `the word '${value.name.name}'`;
    case 'Name':
      return `the word '${value.name}'`;
    default:
      return 'an expression';
  }
}

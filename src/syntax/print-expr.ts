// Printing expressions and setting values: single spaces around binary operators,
// none after a unary one or inside parentheses and brackets, and only the
// parentheses precedence needs (so parsing the output gives back the same tree).
// Numbers are printed as written.
import type { IToken } from 'chevrotain';
import type { BinaryOperator, CallLike, Expr, ScheduleRef, SettingValue, SweepValue } from './ast.js';
import type { Emitter } from './print-emitter.js';

/** Finds punctuation in the source (the AST keeps only spans of what carries meaning). */
export class SourceTokens {
  constructor(private readonly tokens: readonly IToken[]) {}

  /** Offset of the first token `image` at or after `from`; `from` itself if there is none. */
  find(image: string, from: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].startOffset < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.tokens.length; i++) {
      if (this.tokens[i].image === image) return this.tokens[i].startOffset;
    }
    return from;
  }
}

export interface PrintContext {
  readonly out: Emitter;
  readonly tokens: SourceTokens;
  /** The source text (strings are printed as written, escapes and all). */
  readonly text: string;
}

const CONDITIONAL = 1;
const UNARY = 7;
const PRIMARY = 9;

const binaryPrecedence: Readonly<Record<BinaryOperator, number>> = {
  '||': 2,
  '&&': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '==': 4,
  '!=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '^': 8,
};

function precedence(expr: Expr): number {
  switch (expr.kind) {
    case 'Conditional':
      return CONDITIONAL;
    case 'Binary':
      return binaryPrecedence[expr.operator];
    case 'Unary':
      return UNARY;
    default:
      return PRIMARY;
  }
}

/** Prints `expr`, in parentheses when its precedence is below `min`. */
export function printExpr(ctx: PrintContext, expr: Expr, min = CONDITIONAL): void {
  const { out } = ctx;
  if (precedence(expr) < min) {
    out.word('(', expr.span.start, { spaceAfter: false, synthetic: true });
    printExpr(ctx, expr);
    out.word(')', expr.span.end, { spaceBefore: false, synthetic: true });
    return;
  }
  switch (expr.kind) {
    case 'Number':
      out.word(expr.text, expr.span.start);
      return;
    case 'Name':
      out.word(expr.name, expr.span.start);
      return;
    case 'Unary':
      out.word(expr.operator, expr.span.start, { spaceAfter: false });
      printExpr(ctx, expr.operand, UNARY);
      return;
    case 'Binary': {
      const p = binaryPrecedence[expr.operator];
      // `^` is right-associative and its right operand may be unary (2 ^ -1); the others go left.
      const right = expr.operator === '^';
      printExpr(ctx, expr.left, right ? p + 1 : p);
      out.word(expr.operator, ctx.tokens.find(expr.operator, expr.left.span.end));
      printExpr(ctx, expr.right, right ? UNARY : p + 1);
      return;
    }
    case 'Conditional':
      printExpr(ctx, expr.test, CONDITIONAL + 1);
      out.word('?', ctx.tokens.find('?', expr.test.span.end));
      printExpr(ctx, expr.then);
      out.word(':', ctx.tokens.find(':', expr.then.span.end));
      printExpr(ctx, expr.otherwise);
      return;
    case 'Call':
      out.word(expr.callee.name, expr.callee.span.start);
      printArguments(ctx, expr.callee.span.end, expr.span.end - 1, expr.args, (arg) => printExpr(ctx, arg));
      return;
  }
}

/** `(a, b)` right after a name: glued to it, a space after each comma. */
function printArguments<T extends { readonly span: { readonly end: number } }>(
  ctx: PrintContext,
  openFrom: number,
  closeAt: number,
  args: readonly T[],
  print: (arg: T) => void,
): void {
  const { out } = ctx;
  out.word('(', ctx.tokens.find('(', openFrom), { spaceBefore: false, spaceAfter: false });
  args.forEach((arg, i) => {
    if (i > 0) out.word(',', ctx.tokens.find(',', args[i - 1].span.end), { spaceBefore: false });
    print(arg);
  });
  out.word(')', closeAt, { spaceBefore: false });
}

function printCallLike(ctx: PrintContext, call: CallLike): void {
  ctx.out.word(call.name.name, call.name.span.start);
  if (!call.hasParens) return;
  printArguments(ctx, call.name.span.end, call.span.end - 1, call.args, (arg) => {
    if (arg.label) {
      ctx.out.word(arg.label.name, arg.label.span.start);
      ctx.out.word(':', ctx.tokens.find(':', arg.label.span.end), { spaceBefore: false });
    }
    printExpr(ctx, arg.value);
  });
}

export function printScheduleRef(ctx: PrintContext, schedule: ScheduleRef): void {
  ctx.out.word(schedule.name.name, schedule.name.span.start);
  if (!schedule.hasParens) return;
  printArguments(ctx, schedule.name.span.end, schedule.span.end - 1, schedule.args, (arg) =>
    printExpr(ctx, arg),
  );
}

export function printSettingValue(ctx: PrintContext, value: SettingValue): void {
  switch (value.kind) {
    case 'String':
      ctx.out.word(ctx.text.slice(value.span.start, value.span.end), value.span.start);
      return;
    case 'CallLike':
      printCallLike(ctx, value);
      return;
    case 'WordList':
      for (const word of value.words) ctx.out.word(word.name, word.span.start);
      return;
    default:
      printExpr(ctx, value);
  }
}

export function printSweepValue(ctx: PrintContext, value: SweepValue): void {
  if (value.kind === 'WeightsSchedule') {
    ctx.out.word('schedule', value.span.start);
    printScheduleRef(ctx, value.schedule);
  } else {
    printSettingValue(ctx, value);
  }
}

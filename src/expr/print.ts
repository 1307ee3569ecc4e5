// IR expressions → JavaScript (and TypeScript) expressions over `t` and `T`:
// the one printer. The code generator writes its output into trainers; the
// evaluator (evaluate.ts) compiles it with `new Function` for the checker,
// sweeps and the language server, so what is checked is what runs.
//
// Parentheses follow JavaScript precedence exactly as the IR tree is nested
// (the tree, not the printed text, carries the spec's grouping). Types are
// tracked so the output always type-checks: comparisons and &&/||/! give
// booleans; a boolean where a number is needed becomes `Number(x)`, a number
// where a condition is needed becomes `x !== 0`.

import { InternalError } from '../diagnostics/internal-error.js';
import type { Expr } from '../ir/types.js';
import { arityText, CLAMP_HELPER, functionInfo } from './functions.js';

type ExprType = 'number' | 'boolean';

interface Printed {
  readonly code: string;
  /** JavaScript precedence of the outermost operator (higher binds tighter). */
  readonly prec: number;
  readonly type: ExprType;
}

const PREC = {
  cond: 2,
  or: 3,
  and: 4,
  equality: 8,
  relational: 9,
  additive: 11,
  multiplicative: 12,
} as const;
const PREC_EXPONENT = 13;
const PREC_UNARY = 14;
// `-x ** 2` is a syntax error in JavaScript: the left operand of ** must bind tighter than a prefix operator.
const PREC_POSTFIX = 15;
const PREC_ATOM = 17;

type BinaryOperator = Extract<Expr, { op: 'binary' }>['operator'];

const binaryOps: Record<
  BinaryOperator,
  { js: string; prec: number; operands: ExprType | 'same'; result: ExprType }
> = {
  '||': { js: '||', prec: PREC.or, operands: 'boolean', result: 'boolean' },
  '&&': { js: '&&', prec: PREC.and, operands: 'boolean', result: 'boolean' },
  '==': { js: '===', prec: PREC.equality, operands: 'same', result: 'boolean' },
  '!=': { js: '!==', prec: PREC.equality, operands: 'same', result: 'boolean' },
  '<': { js: '<', prec: PREC.relational, operands: 'number', result: 'boolean' },
  '<=': { js: '<=', prec: PREC.relational, operands: 'number', result: 'boolean' },
  '>': { js: '>', prec: PREC.relational, operands: 'number', result: 'boolean' },
  '>=': { js: '>=', prec: PREC.relational, operands: 'number', result: 'boolean' },
  '+': { js: '+', prec: PREC.additive, operands: 'number', result: 'number' },
  '-': { js: '-', prec: PREC.additive, operands: 'number', result: 'number' },
  '*': { js: '*', prec: PREC.multiplicative, operands: 'number', result: 'number' },
  '/': { js: '/', prec: PREC.multiplicative, operands: 'number', result: 'number' },
  '^': { js: '**', prec: PREC_EXPONENT, operands: 'number', result: 'number' },
};

const bug = (message: string) => new InternalError('expression printer', message);

export interface PrintOptions {
  /**
   * The code that reads a variable other than t and T (a sweep's varied name).
   * Without it such a name is an internal error: an experiment's IR mentions only t and T.
   */
  readonly variable?: (name: string) => string;
  /** Whether NaN and ±Infinity may appear as literals (evaluating what the checker has not yet refused). */
  readonly nonFinite?: boolean;
}

/** Shortest text that reads back as the same double (`String` round-trips; -0 needs a sign). */
export function numberLiteral(value: number, options: PrintOptions = {}): string {
  if (!Number.isFinite(value)) {
    if (!options.nonFinite) throw bug(`non-finite number ${value} in the IR`);
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

interface PrintedExpr {
  readonly code: string;
  /** True when the code calls the clamp helper, which the file must then define. */
  readonly usesClamp: boolean;
}

/** An expression of t and T as a JavaScript number expression (valid TypeScript too). */
export function printExpr(expr: Expr, options: PrintOptions = {}): PrintedExpr {
  const state: State = { usesClamp: false, options };
  const printed = coerce(print(expr, state), 'number');
  return { code: printed.code, usesClamp: state.usesClamp };
}

interface State {
  usesClamp: boolean;
  readonly options: PrintOptions;
}

function paren(part: Printed, minPrec: number): string {
  return part.prec >= minPrec ? part.code : `(${part.code})`;
}

function coerce(part: Printed, type: ExprType): Printed {
  if (part.type === type) return part;
  if (type === 'number') return { code: `Number(${part.code})`, prec: PREC_ATOM, type };
  return { code: `${paren(part, PREC.equality + 1)} !== 0`, prec: PREC.equality, type };
}

function print(expr: Expr, state: State): Printed {
  switch (expr.op) {
    case 'num':
      return {
        code: numberLiteral(expr.value, state.options),
        prec: expr.value < 0 || Object.is(expr.value, -0) ? PREC_UNARY : PREC_ATOM,
        type: 'number',
      };
    case 'var':
      if (expr.name === 't' || expr.name === 'T') return { code: expr.name, prec: PREC_ATOM, type: 'number' };
      if (!state.options.variable) {
        throw bug(`expression refers to '${expr.name}'; the IR should only mention t and T`);
      }
      return { code: state.options.variable(expr.name), prec: PREC_ATOM, type: 'number' };
    case 'unary': {
      const type: ExprType = expr.operator === '!' ? 'boolean' : 'number';
      const operand = coerce(print(expr.operand, state), type);
      // `- -t` and `--t` both misread; a nested sign gets parentheses.
      const nested = expr.operator === '-' && operand.code.startsWith('-');
      const code = nested ? `(${operand.code})` : paren(operand, PREC_UNARY);
      return { code: `${expr.operator}${code}`, prec: PREC_UNARY, type };
    }
    case 'binary': {
      const op = binaryOps[expr.operator];
      let left = print(expr.left, state);
      let right = print(expr.right, state);
      const operandType =
        op.operands === 'same' ? (left.type === right.type ? left.type : 'number') : op.operands;
      left = coerce(left, operandType);
      right = coerce(right, operandType);
      const exponent = expr.operator === '^';
      const leftCode = paren(left, exponent ? PREC_POSTFIX : op.prec);
      const rightCode = paren(right, exponent ? op.prec : op.prec + 1);
      return { code: `${leftCode} ${op.js} ${rightCode}`, prec: op.prec, type: op.result };
    }
    case 'cond': {
      const test = coerce(print(expr.test, state), 'boolean');
      let then = print(expr.then, state);
      let otherwise = print(expr.otherwise, state);
      const type: ExprType = then.type === otherwise.type ? then.type : 'number';
      then = coerce(then, type);
      otherwise = coerce(otherwise, type);
      return {
        code: `${paren(test, PREC.cond + 1)} ? ${paren(then, PREC.cond)} : ${paren(otherwise, PREC.cond)}`,
        prec: PREC.cond,
        type,
      };
    }
    case 'call': {
      const fn = functionInfo(expr.fn);
      if (!fn) throw bug(`unknown function ${expr.fn}`);
      if (expr.args.length < fn.minArgs || expr.args.length > fn.maxArgs) {
        throw bug(`${expr.fn} ${arityText(fn)}, but is called with ${expr.args.length}`);
      }
      const args = expr.args.map((arg) => coerce(print(arg, state), 'number').code).join(', ');
      if (fn.js === CLAMP_HELPER) state.usesClamp = true;
      return { code: `${fn.js}(${args})`, prec: PREC_ATOM, type: 'number' };
    }
    default:
      throw bug(`unknown expression node ${JSON.stringify(expr)}`);
  }
}

// Names, functions, arity and types of expressions (§8). Pure: returns the
// problems instead of reporting them, so the expressions rule reports them once
// and other rules ask only "is this expression sound enough to evaluate?".

import { arityText, FUNCTIONS, functionInfo, isFunctionName } from '../expr/functions.js';
import type { Expr, Span } from '../syntax/ast.js';
import { didYouMean, suggest } from './suggest.js';

export type ExprType = 'number' | 'boolean';

interface ExprProblem {
  readonly span: Span;
  /** MTL070 unknown name, MTL071 unknown function, MTL072 arity, MTL073 type. */
  readonly code: 'MTL070' | 'MTL071' | 'MTL072' | 'MTL073';
  readonly message: string;
  readonly suggestions?: readonly string[];
}

/** Where an expression is written: which names it may use, and what it must be. */
export interface ExprScope {
  /** Names the expression may read besides functions (t, T, the other weight, varied names). */
  readonly names: readonly string[];
  /** What the expression is, for messages ("lr", "labeled"). */
  readonly what: string;
  /** Whether t and T are refused because the value must be a constant. */
  readonly constant?: boolean;
}

const EPOCH_NAMES = new Set(['t', 'T']);
const WEIGHT_NAMES = new Set(['supervised', 'reconstruction']);

export function checkExpr(expr: Expr, scope: ExprScope, expected: ExprType = 'number'): ExprProblem[] {
  const checker = new ExprChecker(scope);
  checker.expect(expr, expected, scope.what);
  return checker.problems;
}

const describe = (type: ExprType) => (type === 'number' ? 'a number' : 'a condition');

/** One expression's walk: infers each node's type and collects what is wrong, in source order. */
class ExprChecker {
  readonly problems: ExprProblem[] = [];
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly scope: ExprScope) {
    this.allowed = new Set(scope.names);
  }

  expect(e: Expr, want: ExprType, role: string): void {
    const got = this.typeOf(e);
    if (got !== undefined && got !== want) {
      this.problems.push({
        span: e.span,
        code: 'MTL073',
        message: `${role} must be ${describe(want)}, but this is ${describe(got)}`,
      });
    }
  }

  private typeOf(e: Expr): ExprType | undefined {
    switch (e.kind) {
      case 'Number':
        return 'number';
      case 'Name':
        if (this.allowed.has(e.name)) return 'number';
        this.unknownName(e.name, e.span);
        return undefined;
      case 'Unary':
        this.expect(e.operand, e.operator === '-' ? 'number' : 'boolean', `the operand of '${e.operator}'`);
        return e.operator === '-' ? 'number' : 'boolean';
      case 'Binary':
        return this.binaryType(e.operator, e.left, e.right);
      case 'Conditional':
        return this.conditionalType(e);
      case 'Call':
        return this.callType(e);
    }
  }

  private unknownName(name: string, span: Span): void {
    const problem = (message: string, suggestions?: readonly string[]) =>
      this.problems.push({ span, code: 'MTL070', message, ...(suggestions ? { suggestions } : {}) });
    if (isFunctionName(name)) problem(`'${name}' is a function: call it as ${name}(…)`);
    else if (EPOCH_NAMES.has(name) && this.scope.constant) {
      problem(`'${name}' is not allowed here: ${this.scope.what} must be a constant`);
    } else if (WEIGHT_NAMES.has(name)) problem(`'${name}' can only be used inside weights`);
    else {
      const suggestions = suggest(name, this.allowed);
      problem(`unknown name '${name}' in ${this.scope.what}${didYouMean(suggestions)}`, suggestions);
    }
  }

  private conditionalType(e: Extract<Expr, { kind: 'Conditional' }>): ExprType | undefined {
    this.expect(e.test, 'boolean', "the condition of '?:'");
    const a = this.typeOf(e.then);
    const b = this.typeOf(e.otherwise);
    if (a && b && a !== b) {
      this.problems.push({
        span: e.otherwise.span,
        code: 'MTL073',
        message: `both branches of '?:' must be ${describe(a)}`,
      });
    }
    return a ?? b;
  }

  private binaryType(op: string, left: Expr, right: Expr): ExprType | undefined {
    if (op === '&&' || op === '||') {
      this.expect(left, 'boolean', `the left side of '${op}'`);
      this.expect(right, 'boolean', `the right side of '${op}'`);
      return 'boolean';
    }
    if (op === '==' || op === '!=') {
      const a = this.typeOf(left);
      const b = this.typeOf(right);
      if (a && b && a !== b) {
        this.problems.push({
          span: right.span,
          code: 'MTL073',
          message: `both sides of '${op}' must be of one type`,
        });
      }
      return 'boolean';
    }
    this.expect(left, 'number', `the left side of '${op}'`);
    this.expect(right, 'number', `the right side of '${op}'`);
    return op === '<' || op === '<=' || op === '>' || op === '>=' ? 'boolean' : 'number';
  }

  private callType(e: Extract<Expr, { kind: 'Call' }>): ExprType | undefined {
    const name = e.callee.name;
    const fn = functionInfo(name);
    if (!fn) {
      const suggestions = suggest(
        name,
        FUNCTIONS.map((f) => f.name),
      );
      this.problems.push({
        span: e.callee.span,
        code: 'MTL071',
        message: `unknown function '${name}'${didYouMean(suggestions)}`,
        suggestions,
      });
      for (const a of e.args) this.typeOf(a);
      return undefined;
    }
    if (e.args.length < fn.minArgs || e.args.length > fn.maxArgs) {
      this.problems.push({
        span: e.span,
        code: 'MTL072',
        message: `${name} ${arityText(fn)}, but got ${e.args.length}`,
      });
    }
    e.args.forEach((a, i) => {
      this.expect(a, 'number', `argument ${i + 1} of ${name}`);
    });
    return 'number';
  }
}

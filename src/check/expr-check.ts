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
  const problems: ExprProblem[] = [];
  const allowed = new Set(scope.names);
  const describe = (type: ExprType) => (type === 'number' ? 'a number' : 'a condition');

  const expect = (e: Expr, want: ExprType, role: string): void => {
    const got = typeOf(e);
    if (got !== undefined && got !== want) {
      problems.push({
        span: e.span,
        code: 'MTL073',
        message: `${role} must be ${describe(want)}, but this is ${describe(got)}`,
      });
    }
  };

  const unknownName = (name: string, span: Span): void => {
    if (isFunctionName(name)) {
      problems.push({ span, code: 'MTL070', message: `'${name}' is a function: call it as ${name}(…)` });
    } else if (EPOCH_NAMES.has(name) && scope.constant) {
      problems.push({
        span,
        code: 'MTL070',
        message: `'${name}' is not allowed here: ${scope.what} must be a constant`,
      });
    } else if (WEIGHT_NAMES.has(name)) {
      problems.push({ span, code: 'MTL070', message: `'${name}' can only be used inside weights` });
    } else {
      const suggestions = suggest(name, allowed);
      problems.push({
        span,
        code: 'MTL070',
        message: `unknown name '${name}' in ${scope.what}${didYouMean(suggestions)}`,
        suggestions,
      });
    }
  };

  const typeOf = (e: Expr): ExprType | undefined => {
    switch (e.kind) {
      case 'Number':
        return 'number';
      case 'Name':
        if (allowed.has(e.name)) return 'number';
        unknownName(e.name, e.span);
        return undefined;
      case 'Unary':
        expect(e.operand, e.operator === '-' ? 'number' : 'boolean', `the operand of '${e.operator}'`);
        return e.operator === '-' ? 'number' : 'boolean';
      case 'Binary':
        return binaryType(e.operator, e.left, e.right);
      case 'Conditional': {
        expect(e.test, 'boolean', "the condition of '?:'");
        const a = typeOf(e.then);
        const b = typeOf(e.otherwise);
        if (a && b && a !== b) {
          problems.push({
            span: e.otherwise.span,
            code: 'MTL073',
            message: `both branches of '?:' must be ${describe(a)}`,
          });
        }
        return a ?? b;
      }
      case 'Call':
        return callType(e);
    }
  };

  const binaryType = (op: string, left: Expr, right: Expr): ExprType | undefined => {
    if (op === '&&' || op === '||') {
      expect(left, 'boolean', `the left side of '${op}'`);
      expect(right, 'boolean', `the right side of '${op}'`);
      return 'boolean';
    }
    if (op === '==' || op === '!=') {
      const a = typeOf(left);
      const b = typeOf(right);
      if (a && b && a !== b) {
        problems.push({
          span: right.span,
          code: 'MTL073',
          message: `both sides of '${op}' must be of one type`,
        });
      }
      return 'boolean';
    }
    expect(left, 'number', `the left side of '${op}'`);
    expect(right, 'number', `the right side of '${op}'`);
    return op === '<' || op === '<=' || op === '>' || op === '>=' ? 'boolean' : 'number';
  };

  const callType = (e: Extract<Expr, { kind: 'Call' }>): ExprType | undefined => {
    const name = e.callee.name;
    if (!isFunctionName(name)) {
      const suggestions = suggest(
        name,
        FUNCTIONS.map((f) => f.name),
      );
      problems.push({
        span: e.callee.span,
        code: 'MTL071',
        message: `unknown function '${name}'${didYouMean(suggestions)}`,
        suggestions,
      });
      for (const a of e.args) typeOf(a);
      return undefined;
    }
    const fn = functionInfo(name)!;
    if (e.args.length < fn.minArgs || e.args.length > fn.maxArgs) {
      problems.push({
        span: e.span,
        code: 'MTL072',
        message: `${name} ${arityText(fn)}, but got ${e.args.length}`,
      });
    }
    e.args.forEach((a, i) => {
      expect(a, 'number', `argument ${i + 1} of ${name}`);
    });
    return 'number';
  };

  expect(expr, expected, scope.what);
  return problems;
}

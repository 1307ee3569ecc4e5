// AST expressions → IR expressions (plain JSON trees over t, T and named
// variables). Names listed in `substitute` are replaced by their expressions,
// which is how a weights equation that refers to the other one becomes
// self-contained.
import type { Expr as IrExpr } from '../ir/types.js';
import type { Expr } from '../syntax/ast.js';
import { isFunctionName } from './functions.js';

interface LowerExprOptions {
  readonly substitute?: ReadonlyMap<string, IrExpr>;
}

/** The IR of a checked expression; undefined if it calls an unknown function (a checked one never does). */
export function lowerExpr(expr: Expr, options: LowerExprOptions = {}): IrExpr | undefined {
  const go = (e: Expr): IrExpr | undefined => {
    switch (e.kind) {
      case 'Number':
        return { op: 'num', value: e.value };
      case 'Name':
        return options.substitute?.get(e.name) ?? { op: 'var', name: e.name };
      case 'Unary': {
        const operand = go(e.operand);
        return operand && { op: 'unary', operator: e.operator, operand };
      }
      case 'Binary': {
        const left = go(e.left);
        const right = go(e.right);
        return left && right && { op: 'binary', operator: e.operator, left, right };
      }
      case 'Conditional': {
        const test = go(e.test);
        const then = go(e.then);
        const otherwise = go(e.otherwise);
        return test && then && otherwise && { op: 'cond', test, then, otherwise };
      }
      case 'Call': {
        if (!isFunctionName(e.callee.name)) return undefined;
        const args: IrExpr[] = [];
        for (const a of e.args) {
          const lowered = go(a);
          if (!lowered) return undefined;
          args.push(lowered);
        }
        return { op: 'call', fn: e.callee.name, args };
      }
    }
  };
  return go(expr);
}

export const num = (value: number): IrExpr => ({ op: 'num', value });
export const variable = (name: string): IrExpr => ({ op: 'var', name });

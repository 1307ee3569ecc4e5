// How sweep values and IR expressions read in plans, the store and reports:
// short, stable text (`exp(40)`, `mask(0.25)`, `50000 - labeled` → 49900).
import type { Expr, Schedule, SweepValue } from '../ir/types.js';

function scheduleLabel(schedule: Schedule): string {
  return schedule.args.length === 0 ? schedule.name : `${schedule.name}(${schedule.args.join(', ')})`;
}

const PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '^': 7,
};

/** An IR expression in the spec's syntax, with the parentheses it needs. */
function exprLabel(expr: Expr, outer = 0): string {
  switch (expr.op) {
    case 'num':
      return String(expr.value);
    case 'var':
      return expr.name;
    case 'unary':
      return `${expr.operator}${exprLabel(expr.operand, 8)}`;
    case 'binary': {
      const p = PRECEDENCE[expr.operator] ?? 0;
      const text = `${exprLabel(expr.left, p)} ${expr.operator} ${exprLabel(expr.right, p + 1)}`;
      return p < outer ? `(${text})` : text;
    }
    case 'cond': {
      const text = `${exprLabel(expr.test, 1)} ? ${exprLabel(expr.then)} : ${exprLabel(expr.otherwise)}`;
      return outer > 0 ? `(${text})` : text;
    }
    case 'call':
      return `${expr.fn}(${expr.args.map((a) => exprLabel(a)).join(', ')})`;
  }
}

/** A sweep value as written (numbers already evaluated by the caller when known). */
export function valueLabel(value: SweepValue, evaluated?: number): string {
  switch (value.kind) {
    case 'expr':
      return evaluated === undefined ? exprLabel(value.expr) : String(evaluated);
    case 'schedule':
      return scheduleLabel(value.schedule);
    case 'name':
      return value.name;
    case 'noise': {
      const n = value.noise;
      return n.kind === 'none'
        ? 'none'
        : n.kind === 'gaussian'
          ? `gaussian(${n.sigma})`
          : `${n.kind}(${n.p})`;
    }
    case 'decoder':
      return `${value.decoder.tied ? 'tied ' : ''}${value.decoder.activation}`;
    case 'optimizer':
      return value.optimizer.momentum === 0 ? 'sgd' : `sgd(momentum: ${value.optimizer.momentum})`;
    case 'cost':
      return `${value.cost} ${value.reduction}`;
  }
}

// CST → AST for expressions and the word-with-arguments values (`mask(0.25)`,
// `sgd(momentum: 0.9)`, `schedule stairs(100)`). An expression is all or nothing:
// if any part of it failed to parse, or recovery had to invent a token inside it,
// it is left out of the AST, so checks never see half an expression.
import type { IToken } from 'chevrotain';
import type {
  AdditiveCstNode,
  AndExprCstNode,
  CallArgCstNode,
  CallLikeCstNode,
  ComparisonCstNode,
  ExpressionCstNode,
  MultiplicativeCstNode,
  OrExprCstNode,
  PowerCstNode,
  PrimaryCstNode,
  ScheduleRefCstNode,
  UnaryCstNode,
} from '../../grammar/cst.js';
import type { BinaryOperator, CallArg, CallLike, Expr, ScheduleRef } from './ast.js';
import { hasInserted, identifier, numberLit, spanOf, tokenAt } from './cst-tokens.js';

export function expression(node: ExpressionCstNode | undefined): Expr | undefined {
  if (!node) return undefined;
  const c = node.children;
  const test = orExpr(c.orExpr?.[0]);
  if (!c.Question) return test;
  const then = expression(c.expression?.[0]);
  const otherwise = expression(c.expression?.[1]);
  if (!test || !then || !otherwise || hasInserted(c.Colon) || !c.Colon) return undefined;
  return { kind: 'Conditional', test, then, otherwise, span: spanOf(test, otherwise)! };
}

/** Folds `a op b op c` to the left; undefined if an operand is missing. */
function leftAssociative<N>(
  operandNodes: readonly N[] | undefined,
  operators: readonly IToken[] | undefined,
  convert: (node: N) => Expr | undefined,
): Expr | undefined {
  const nodes = operandNodes ?? [];
  const ops = operators ?? [];
  if (nodes.length !== ops.length + 1 || hasInserted(ops)) return undefined;
  let left = convert(nodes[0]);
  for (let i = 0; i < ops.length && left; i++) {
    const right = convert(nodes[i + 1]);
    if (!right) return undefined;
    const operator = ops[i].image as BinaryOperator;
    left = { kind: 'Binary', operator, left, right, span: spanOf(left, right)! };
  }
  return left;
}

function orExpr(node: OrExprCstNode | undefined): Expr | undefined {
  return node && leftAssociative(node.children.andExpr, node.children.OrOp, andExpr);
}

function andExpr(node: AndExprCstNode): Expr | undefined {
  return leftAssociative(node.children.comparison, node.children.AndOp, comparison);
}

function comparison(node: ComparisonCstNode): Expr | undefined {
  return leftAssociative(node.children.additive, node.children.CompareOp, additive);
}

function additive(node: AdditiveCstNode): Expr | undefined {
  return leftAssociative(node.children.multiplicative, node.children.AddOp, multiplicative);
}

function multiplicative(node: MultiplicativeCstNode): Expr | undefined {
  return leftAssociative(node.children.unary, node.children.MulOp, unary);
}

function unary(node: UnaryCstNode | undefined): Expr | undefined {
  if (!node) return undefined;
  const c = node.children;
  const operator = tokenAt(c.UnaryOp);
  if (!operator) return power(c.power?.[0]);
  const operand = unary(c.unary?.[0]);
  if (!operand) return undefined;
  return { kind: 'Unary', operator: operator.image as '-' | '!', operand, span: spanOf(operator, operand)! };
}

function power(node: PowerCstNode | undefined): Expr | undefined {
  if (!node) return undefined;
  const c = node.children;
  const base = primary(c.primary?.[0]);
  if (!c.Caret) return base;
  const exponent = unary(c.unary?.[0]);
  if (!base || !exponent || hasInserted(c.Caret)) return undefined;
  return { kind: 'Binary', operator: '^', left: base, right: exponent, span: spanOf(base, exponent)! };
}

/** Converts every node of a list, or nothing if one fails. */
function all<N, T>(nodes: readonly N[] | undefined, convert: (node: N) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const node of nodes ?? []) {
    const converted = convert(node);
    if (converted === undefined) return undefined;
    out.push(converted);
  }
  return out;
}

/** Argument lists: every comma needs an argument after it, and the parentheses must be real. */
function argumentsComplete(c: {
  LParen?: IToken[];
  RParen?: IToken[];
  Comma?: IToken[];
  count: number;
}): boolean {
  if (hasInserted(c.LParen) || hasInserted(c.RParen) || hasInserted(c.Comma) || !c.RParen) return false;
  const commas = c.Comma?.length ?? 0;
  return c.count === 0 ? commas === 0 : commas === c.count - 1;
}

function primary(node: PrimaryCstNode | undefined): Expr | undefined {
  if (!node) return undefined;
  const c = node.children;
  if (c.NumberLiteral) return numberLit(tokenAt(c.NumberLiteral));
  const name = tokenAt(c.ValueName);
  if (c.ValueName) {
    if (!name) return undefined;
    if (!c.LParen) return { kind: 'Name', name: name.image, span: spanOf(name)! };
    const callee = identifier(name)!;
    const args = all(c.expression, expression);
    if (!args || !argumentsComplete({ ...c, count: args.length })) return undefined;
    return { kind: 'Call', callee, args, span: spanOf(name, tokenAt(c.RParen))! };
  }
  if (hasInserted(c.LParen) || hasInserted(c.RParen) || !c.RParen) return undefined;
  // Parentheses are not nodes (the printer puts back those precedence needs), but
  // the span of a parenthesised expression covers them: it is what was written.
  const inner = expression(c.expression?.[0]);
  return inner && { ...inner, span: spanOf(tokenAt(c.LParen), inner, tokenAt(c.RParen))! };
}

function callArg(node: CallArgCstNode): CallArg | undefined {
  const c = node.children;
  const value = expression(c.expression?.[0]);
  if (!value || hasInserted(c.Colon)) return undefined;
  if (!c.ValueName) return { value, span: value.span };
  const label = identifier(tokenAt(c.ValueName));
  if (!label) return undefined;
  return { label, value, span: spanOf(label, value)! };
}

export function callLike(node: CallLikeCstNode | undefined): CallLike | undefined {
  if (!node) return undefined;
  const c = node.children;
  const name = identifier(tokenAt(c.ValueName));
  if (!name) return undefined;
  if (!c.LParen) return { kind: 'CallLike', name, args: [], hasParens: false, span: name.span };
  const args = all(c.callArg, callArg);
  if (!args || !argumentsComplete({ ...c, count: args.length })) return undefined;
  return { kind: 'CallLike', name, args, hasParens: true, span: spanOf(name, tokenAt(c.RParen))! };
}

/** `stairs(100)` after `schedule`: the span covers the name and its arguments. */
export function scheduleRef(node: ScheduleRefCstNode | undefined): ScheduleRef | undefined {
  if (!node) return undefined;
  const c = node.children;
  const name = identifier(tokenAt(c.ValueName));
  if (!name) return undefined;
  if (!c.LParen) return { kind: 'ScheduleRef', name, args: [], hasParens: false, span: name.span };
  const args = all(c.expression, expression);
  if (!args || !argumentsComplete({ ...c, count: args.length })) return undefined;
  return { kind: 'ScheduleRef', name, args, hasParens: true, span: spanOf(name, tokenAt(c.RParen))! };
}

import { describe, expect, it } from 'vitest';
import type { ExperimentDecl, Expr, TrainBlock } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/parse.js';
import { parseOk } from '../harness/syntax.js';

/** The expression of `lr = …`. */
function expr(text: string): Expr {
  const ast = parseOk(`experiment e { train { lr = ${text} } }`);
  const train = (ast.declarations[0] as ExperimentDecl).items[0] as TrainBlock;
  const lr = train.items[0];
  if (lr.kind !== 'Lr' || !lr.value) throw new Error('no lr value');
  return lr.value;
}

/** Fully parenthesised form, to read precedence and associativity at a glance. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.text;
    case 'Name':
      return e.name;
    case 'Unary':
      return `(${e.operator}${shape(e.operand)})`;
    case 'Binary':
      return `(${shape(e.left)} ${e.operator} ${shape(e.right)})`;
    case 'Conditional':
      return `(${shape(e.test)} ? ${shape(e.then)} : ${shape(e.otherwise)})`;
    case 'Call':
      return `${e.callee.name}(${e.args.map(shape).join(', ')})`;
  }
}

describe('expressions', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['-2 ^ 2', '(-(2 ^ 2))'],
    ['2 ^ -1', '(2 ^ (-1))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['t < T - 500 ? 0.01 : 0.01 * (T - t) / 500', '((t < (T - 500)) ? 0.01 : ((0.01 * (T - t)) / 500))'],
    ['a || b && c', '(a || (b && c))'],
    ['a == b != c', '((a == b) != c)'],
    ['a <= b && c >= d || e > f', '(((a <= b) && (c >= d)) || (e > f))'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['!a && -b', '((!a) && (-b))'],
    ['clamp(t / T, 0, 1)', 'clamp((t / T), 0, 1)'],
    ['max(min(1, 2), exp(-t))', 'max(min(1, 2), exp((-t)))'],
    ['1e-3 * 5e4 + 0.25', '((1e-3 * 5e4) + 0.25)'],
  ])('%s', (text, expected) => {
    expect(shape(expr(text))).toBe(expected);
  });

  it('keeps numbers as written and their values', () => {
    const e = expr('1e-3');
    expect(e).toMatchObject({ kind: 'Number', text: '1e-3', value: 0.001 });
  });

  it('spans an expression from its first to its last token, parentheses included', () => {
    const text = 'experiment e { train { lr = 0.01 * (T - t) } }';
    const e = expr('0.01 * (T - t)');
    expect(text.slice(e.span.start, e.span.end)).toBe('0.01 * (T - t)');
    expect(e.kind === 'Binary' && text.slice(e.right.span.start, e.right.span.end)).toBe('(T - t)');
  });

  it('accepts setting keywords as names in expressions', () => {
    expect(shape(expr('labeled + batch * seed'))).toBe('(labeled + (batch * seed))');
  });

  it('refuses expressions nested deeper than the limit, without crashing', () => {
    const deep = `${'('.repeat(500)}1${')'.repeat(500)}`;
    const result = parse(`experiment e { train { lr = ${deep} } }`, 'deep.mtl');
    expect(result.diagnostics[0].message).toMatch(/nested too deeply/);
    const negations = parse(`experiment e { train { lr = ${'-'.repeat(5000)}1 } }`, 'deep.mtl');
    expect(negations.diagnostics[0].message).toMatch(/nested too deeply/);
  });
});

import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/syntax/format.js';
import { parse } from '../../src/syntax/parse.js';
import { specCorpus } from '../harness/syntax.js';

function fmt(text: string): string {
  const result = formatText(text, 'test.mtl');
  expect(result.diagnostics).toEqual([]);
  return result.text ?? '';
}

const lines = (...all: string[]) => `${all.join('\n')}\n`;

/** The formatted `lr = …` of an expression. */
function lr(expr: string): string {
  const out = fmt(`experiment e { train { lr = ${expr} } }`);
  return out.split('\n')[2].trim();
}

describe('canonical layout', () => {
  it('puts one statement per line, two spaces per level, and drops separators', () => {
    expect(fmt('network n { input 784;  dense   h1 50 sigmoid ; output y 10 softmax }')).toBe(
      lines('network n {', '  input 784', '  dense h1 50 sigmoid', '  output y 10 softmax', '}'),
    );
  });

  it('separates top-level declarations by one blank line and keeps imports together', () => {
    expect(fmt('import "a.mtl" import "b.mtl" network a {} network b {}\n\n\n\nsweep s {}')).toBe(
      lines('import "a.mtl"', 'import "b.mtl"', '', 'network a {}', '', 'network b {}', '', 'sweep s {}'),
    );
  });

  it('keeps one blank line where the source had some, never after { or before }', () => {
    const text = 'experiment e {\n\n  network n\n\n\n\n  weights schedule lin\n\n}\n';
    expect(fmt(text)).toBe(lines('experiment e {', '  network n', '', '  weights schedule lin', '}'));
  });

  it('normalises spacing in values, calls, lists and paths', () => {
    const text =
      'experiment e { reconstruct h1 ,h2{noise mask( 0.25 )} train{optimizer sgd( momentum :0.9 ) order alternate{}} }' +
      ' sweep s { vary data . labeled [ 1 ,2 ] vary weights [ schedule stairs( 100 ) ] }';
    expect(fmt(text)).toBe(
      lines(
        'experiment e {',
        '  reconstruct h1, h2 {',
        '    noise mask(0.25)',
        '  }',
        '  train {',
        '    optimizer sgd(momentum: 0.9)',
        '    order alternate {}',
        '  }',
        '}',
        '',
        'sweep s {',
        '  vary data.labeled [1, 2]',
        '  vary weights [schedule stairs(100)]',
        '}',
      ),
    );
  });

  it('writes a cost and its reduction on one line, as written (no default added)', () => {
    const text =
      'experiment e { reconstruct h1 {noise none ;cost   cross_entropy\n   mean} reconstruct h2 { cost squared_error } }' +
      ' sweep s { vary reconstruct.cost [ cross_entropy   sum,squared_error ] baseline { reconstruct.cost cross_entropy  mean } }';
    const out = fmt(text);
    expect(out).toBe(
      lines(
        'experiment e {',
        '  reconstruct h1 {',
        '    noise none',
        '    cost cross_entropy mean',
        '  }',
        '  reconstruct h2 {',
        '    cost squared_error',
        '  }',
        '}',
        '',
        'sweep s {',
        '  vary reconstruct.cost [cross_entropy sum, squared_error]',
        '  baseline {',
        '    reconstruct.cost cross_entropy mean',
        '  }',
        '}',
      ),
    );
    expect(fmt(out)).toBe(out);
  });

  it('keeps numbers and strings exactly as written', () => {
    expect(fmt('import "a\\"b.mtl"\nexperiment e { train { lr = 1e-3 + 0.250 + 5E4 } }')).toContain(
      'lr = 1e-3 + 0.250 + 5E4',
    );
    expect(fmt('import "a\\"b.mtl"')).toBe(lines('import "a\\"b.mtl"'));
  });

  it('refuses a file with syntax errors, returning them', () => {
    const result = formatText('network a { input }', 'bad.mtl');
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MTL002']);
  });
});

describe('expressions', () => {
  it.each([
    ['((a + b)) * c', '(a + b) * c'],
    ['(a * b) + c', 'a * b + c'],
    ['a - (b - c)', 'a - (b - c)'],
    ['a + (b + c)', 'a + (b + c)'],
    ['(a - b) - c', 'a - b - c'],
    ['-(2 ^ 2)', '-2 ^ 2'],
    ['(-2) ^ 2', '(-2) ^ 2'],
    ['2 ^ (3 ^ 2)', '2 ^ 3 ^ 2'],
    ['(2 ^ 3) ^ 2', '(2 ^ 3) ^ 2'],
    ['2^-1', '2 ^ -1'],
    ['- - t', '--t'],
    ['a - -b', 'a - -b'],
    ['(a ? b : c) + 1', '(a ? b : c) + 1'],
    ['(a ? b : c) ? d : e', '(a ? b : c) ? d : e'],
    ['a ? b : (c ? d : e)', 'a ? b : c ? d : e'],
    ['!(a && b) || c', '!(a && b) || c'],
    ['(a || b) && c', '(a || b) && c'],
    ['t<T-500?0.01:0.01*(T-t)/500', 't < T - 500 ? 0.01 : 0.01 * (T - t) / 500'],
    ['max( 1 , min(t,2) )', 'max(1, min(t, 2))'],
  ])('%s → %s', (input, expected) => {
    expect(lr(input)).toBe(`lr = ${expected}`);
  });
});

describe('comments', () => {
  it('keeps leading, trailing and end-of-file comments where they were', () => {
    const text = [
      '// header',
      '',
      '// about a',
      'network a { // after the brace',
      '  input 1   // trailing',
      '  /* own line */',
      '  output y 2 softmax',
      '  // before the brace',
      '}  // after the block',
      '// the end',
    ].join('\n');
    expect(fmt(text)).toBe(
      lines(
        '// header',
        '',
        '// about a',
        'network a { // after the brace',
        '  input 1 // trailing',
        '  /* own line */',
        '  output y 2 softmax',
        '  // before the brace',
        '} // after the block',
        '// the end',
      ),
    );
  });

  it('keeps comments inside a statement, breaking the line after a line comment', () => {
    const text = 'experiment e { train { lr = 0.01 * // why\n (T - t) / /* inline */ 500 } }';
    const out = fmt(text);
    expect(out).toBe(
      lines(
        'experiment e {',
        '  train {',
        '    lr = 0.01 * // why',
        '      (T - t) / /* inline */ 500',
        '  }',
        '}',
      ),
    );
    expect(fmt(out)).toBe(out);
  });

  it('keeps a comment that follows a dropped separator on its statement’s line', () => {
    expect(fmt('network a { input 1; // one\n}')).toBe(lines('network a {', '  input 1 // one', '}'));
  });

  it('keeps every comment, once, in order', () => {
    const text = '/*a*/ network /*b*/ n /*c*/ { /*d*/ input /*e*/ 1 /*f*/ } /*g*/';
    const out = fmt(text);
    expect(parse(out, 'x').ast.comments.map((c) => c.text)).toEqual([
      '/*a*/',
      '/*b*/',
      '/*c*/',
      '/*d*/',
      '/*e*/',
      '/*f*/',
      '/*g*/',
    ]);
    expect(fmt(out)).toBe(out);
  });
});

describe('idempotence over the spec corpus', () => {
  const corpus = specCorpus();

  it('has specs to format', () => {
    expect(corpus.length).toBeGreaterThan(3);
  });

  it.each(corpus.map((spec) => [spec.path, spec.text]))('%s', (_, text) => {
    const once = fmt(text);
    expect(fmt(once)).toBe(once);
  });
});

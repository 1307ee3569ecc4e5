import { describe, expect, it } from 'vitest';
import type { ExperimentDecl } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/parse.js';
import { errorsOf, withoutSpans } from '../harness/syntax.js';

const activations = 'sigmoid, tanh, relu, linear, softmax';

describe('syntax errors', () => {
  it('names what was expected and what was found, at the offending token', () => {
    expect(errorsOf('network a {\n  input 784\n  dense h1 50\n}\n')).toEqual([
      {
        code: 'MTL002',
        message: `expected a layer activation (${activations}), found '}'`,
        line: 4,
        column: 1,
      },
    ]);
  });

  it('puts a missing cost at the token found instead', () => {
    expect(errorsOf('experiment e {\n  reconstruct h1 {\n    cost\n  }\n}\n')).toEqual([
      {
        code: 'MTL002',
        message: "expected a cost (cross_entropy, squared_error), found '}'",
        line: 4,
        column: 3,
      },
    ]);
  });

  it('suggests the keyword a misspelt word was probably meant to be', () => {
    const text = 'network a {\n  input 784\n  dnse h1 50 sigmoid\n  output y 10 softmax\n}\n';
    const { diagnostics } = parse(text, 'a.mtl');
    expect(errorsOf(text)).toEqual([
      {
        code: 'MTL002',
        message: "expected a network item (input, dense, output) or '}', found 'dnse'; did you mean 'dense'?",
        line: 3,
        column: 3,
      },
    ]);
    expect(diagnostics[0].suggestions).toEqual(['dense']);
    expect(text.slice(diagnostics[0].span.start, diagnostics[0].span.end)).toBe('dnse');
  });

  it.each([
    [
      'netwrk a {}',
      "expected a declaration (network, experiment, sweep, import), found 'netwrk'; did you mean 'network'?",
    ],
    ['experiment e { trian {} }', "found 'trian'; did you mean 'train'?"],
    ['experiment e { data mnist { labelled 10 } }', "found 'labelled'; did you mean 'labeled'?"],
    [
      'experiment e { weights schedul lin }',
      "expected '{' or 'schedule NAME' after 'weights', found 'schedul'",
    ],
    ['experiment e { train { evaluate evrey 5 } }', "found 'evrey'; did you mean 'every'?"],
    [
      'experiment e { reconstruct h { noise } }',
      'expected a noise (mask(p), gaussian(sigma), salt_pepper(p), none)',
    ],
    ['experiment e { train { optimizer } }', "expected an optimizer (sgd, sgd(momentum: 0.9)), found '}'"],
    [
      'experiment e { reconstruct h { noise none cost } }',
      "expected a cost (cross_entropy, squared_error), found '}'",
    ],
    [
      'experiment e { reconstruct h { noise none cost cross_entropy(2) } }',
      "expected a reconstruct setting (noise, decoder, cost, gradient, weight) or '}', found '('",
    ],
    [
      'experiment e { train { order alternate { step on batch } } }',
      'expected an objective (reconstruction, supervised)',
    ],
    [
      'experiment e { train { order alternate { step supervised on } } }',
      'expected the rows (batch, labeled, unlabeled)',
    ],
    ['experiment e { train { lr 0.1 } }', "expected '=' (lr = EXPR), found '0.1'"],
    ['sweep s { vary data.labeled [1, 2 repeat 1 }', "expected ',' or ']', found 'repeat'"],
    ['network a { input }', "expected the input size (a number), found '}'"],
    ['network { input 1 }', "expected a network name, found '{'"],
    ['import networks.mtl', 'expected the path of the imported file in double quotes'],
  ])('%s', (text, message) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toContain(message);
  });

  it('points at the end of the file when the file ends too early', () => {
    const text = 'network a { input 784';
    expect(errorsOf(text)).toEqual([
      {
        code: 'MTL002',
        message: "expected a network item (input, dense, output) or '}', found the end of the file",
        line: 1,
        column: 22,
      },
    ]);
    const [d] = parse(text, 'a.mtl').diagnostics;
    expect(d.span).toEqual({ start: text.length, end: text.length });
  });

  it('requires imports before declarations and one input first in a network', () => {
    expect(errorsOf('network a { dense h 2 relu input 1 input 2 }\nimport "x.mtl"')).toEqual([
      {
        code: 'MTL002',
        message: 'the input comes first in a network, before its layers',
        line: 1,
        column: 28,
      },
      { code: 'MTL002', message: 'a network has one input; remove this one', line: 1, column: 36 },
      {
        code: 'MTL002',
        message: 'imports come first in a file, before its networks, experiments and sweeps',
        line: 2,
        column: 1,
      },
    ]);
  });
});

describe('lexical errors', () => {
  it('reports an unexpected character and goes on', () => {
    const { ast, diagnostics } = parse('network a { input 7 # dense h 5 relu }', 'a.mtl');
    expect(errorsOf('network a { input 7 # dense h 5 relu }')).toEqual([
      { code: 'MTL001', message: "unexpected character '#'", line: 1, column: 21 },
    ]);
    expect(diagnostics[0].span).toEqual({ start: 20, end: 21 });
    expect(ast.declarations[0].kind === 'Network' && ast.declarations[0].layers).toHaveLength(1);
  });

  it('reports an unterminated string and still reads the import', () => {
    const text = 'import "networks.mtl\nnetwork a {}';
    expect(errorsOf(text)).toEqual([
      { code: 'MTL001', message: "unterminated string: add the closing '\"'", line: 1, column: 8 },
    ]);
    expect(parse(text, 'a.mtl').ast.imports[0].path).toBe('networks.mtl');
  });

  it('reports an unterminated block comment at its opening', () => {
    expect(errorsOf('network a {}\n/* never closed\nnetwork b {}')).toEqual([
      { code: 'MTL001', message: "unterminated comment: '/*' has no closing '*/'", line: 2, column: 1 },
    ]);
  });
});

describe('error recovery', () => {
  it('reports every broken block and keeps the intact ones', () => {
    const text = [
      'network ok1 { input 784 dense h1 50 sigmoid output y 10 softmax }',
      'network broken1 { input 784 dnse h1 50 sigmoid output y 10 softmax }',
      'experiment broken2 {',
      '  data mnist { labeled 100 }',
      '  trian { epochs 5 }',
      '  weights schedule lin',
      '}',
      'network ok2 { input 10 output y 2 softmax }',
      'sweep broken3 { base broken2 vary data.labeled [100 200] repeat 2 }',
    ].join('\n');
    const { ast, diagnostics } = parse(text, 'a.mtl');
    expect(errorsOf(text).map((e) => [e.line, e.column])).toEqual([
      [2, 29],
      [5, 3],
      [9, 53],
    ]);
    expect(diagnostics.every((d) => d.code === 'MTL002')).toBe(true);
    expect(ast.declarations.map((d) => d.name.name)).toEqual(['ok1', 'broken1', 'broken2', 'ok2', 'broken3']);
    const experiment = ast.declarations[2] as ExperimentDecl;
    expect(experiment.items.map((i) => i.kind)).toEqual(['Data', 'WeightsSchedule']);
    const sweep = ast.declarations[4];
    expect(sweep.kind === 'Sweep' && sweep.items.map((i) => i.kind)).toEqual([
      'SweepBase',
      'SweepVary',
      'SweepRepeat',
    ]);
  });

  it('leaves out what failed and invents nothing', () => {
    const { ast } = parse(
      'experiment e { data mnist { labeled unlabeled 5 } train { lr = 0.1 * } }',
      'a.mtl',
    );
    const items = (ast.declarations[0] as ExperimentDecl).items;
    expect(withoutSpans(items)).toEqual([
      {
        kind: 'Data',
        source: { kind: 'Identifier', name: 'mnist' },
        settings: [
          {
            kind: 'Setting',
            key: { kind: 'Identifier', name: 'labeled' },
            value: { kind: 'Name', name: 'unlabeled' },
          },
        ],
      },
      { kind: 'Train', items: [{ kind: 'Lr' }] },
    ]);
  });

  it('drops a layer field that is missing rather than making one up', () => {
    const { ast } = parse('network a { input 1 dense h sigmoid output y 2 softmax }', 'a.mtl');
    const net = ast.declarations[0];
    expect(net.kind === 'Network' && withoutSpans(net.layers[0])).toEqual({
      kind: 'Layer',
      role: 'dense',
      name: { kind: 'Identifier', name: 'h' },
      activation: { kind: 'Identifier', name: 'sigmoid' },
    });
  });

  it('skips a broken block whole, braces included', () => {
    const text = 'experiment e { reconstruct { noise mask(0.2) } weights schedule lin }';
    const { ast } = parse(text, 'a.mtl');
    expect(errorsOf(text)).toHaveLength(1);
    expect((ast.declarations[0] as ExperimentDecl).items.map((i) => i.kind)).toEqual(['WeightsSchedule']);
  });
});

import { describe, expect, it } from 'vitest';
import { uniqueNamesRule } from '../../../src/check/rules/unique-names.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [uniqueNamesRule];
const NET = 'network nn1 { input 784 dense h1 50 sigmoid output y 10 softmax }';

describe('uniqueNamesRule', () => {
  it('reports a name declared twice in a file, pointing at both', () => {
    const diagnostics = expectDiagnostics(
      spec({ after: 'network e { input 784 dense h1 5 sigmoid output y 10 softmax }' }),
      [{ code: 'MTL012', line: 9, column: 9, message: "'e' is already declared as an experiment" }],
      { rules },
    );
    expect(diagnostics[0].related?.[0]).toMatchObject({
      file: '/virtual/main.mtl',
      span: { start: 97, end: 98 },
    });
  });

  it('reports a name that clashes with an imported one on the own declaration', () => {
    expectDiagnostics(
      `import "networks.mtl"\n${NET}\n`,
      [
        {
          code: 'MTL012',
          line: 2,
          column: 9,
          message: "'nn1' is already declared as a network in /virtual/networks.mtl",
        },
      ],
      { rules, files: { 'networks.mtl': NET } },
    );
  });

  it('reports two imports that clash on the import that brings the second', () => {
    expectDiagnostics(
      'import "a.mtl"\nimport "b.mtl"\n',
      [
        {
          code: 'MTL012',
          line: 2,
          column: 8,
          message: "'nn1' is already declared as a network in /virtual/a.mtl",
        },
      ],
      { rules, files: { 'a.mtl': NET, 'b.mtl': NET } },
    );
  });

  it('reports a layer name declared twice in one network', () => {
    expectDiagnostics(
      'network n { input 784 dense h1 5 sigmoid dense h1 4 sigmoid output y 10 softmax }',
      [{ code: 'MTL014', line: 1, column: 48, message: "layer 'h1' is already declared in this network" }],
      { rules },
    );
  });

  it('accepts distinct names, and the same layer names in different networks', () => {
    expectValid(spec({ after: 'network nn2 { input 784 dense h1 50 sigmoid output y 10 softmax }' }), {
      rules,
    });
  });
});

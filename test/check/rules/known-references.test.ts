import { describe, expect, it } from 'vitest';
import { knownReferencesRule } from '../../../src/check/rules/known-references.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const rules = [knownReferencesRule];

describe('knownReferencesRule', () => {
  it('reports an unknown network with a suggestion', () => {
    const [d] = expectDiagnostics(
      spec({ network: 'network nn9' }),
      [{ code: 'MTL013', line: 4, column: 11, message: "unknown network 'nn9'; did you mean 'nn1'?" }],
      { rules },
    );
    expect(d.suggestions).toEqual(['nn1']);
  });

  it('reports a name of the wrong kind', () => {
    expectDiagnostics(
      spec({ network: 'network e' }),
      [{ code: 'MTL013', line: 4, column: 11, message: "'e' is an experiment, not a network" }],
      { rules },
    );
  });

  it('reports an unknown sweep base', () => {
    expectDiagnostics(
      spec({ after: 'sweep s { base f vary data.unlabeled [0] }' }),
      [{ code: 'MTL013', line: 9, column: 16 }],
      {
        rules,
      },
    );
  });

  it('reports an unknown network among swept values', () => {
    expectDiagnostics(
      spec({ after: 'sweep s { base e vary network [nn1, nn7] }' }),
      [{ code: 'MTL013', line: 9, column: 37 }],
      {
        rules,
      },
    );
  });

  it('resolves names declared in imported files', () => {
    expectValid(`import "lib.mtl"\n${spec({ networks: '' })}`, {
      rules,
      files: {
        'lib.mtl': 'network nn1 { input 784 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }',
      },
    });
  });
});

import { describe, it } from 'vitest';
import { networkStructureRule } from '../../../src/check/rules/network-structure.js';
import { expectDiagnostics, expectValid } from '../../harness/check.js';

const rules = [networkStructureRule];

describe('networkStructureRule', () => {
  it('reports a network without input, hidden layer or output', () => {
    expectDiagnostics(
      'network a { dense h1 5 sigmoid output y 10 softmax }\nnetwork b { input 4 output y 10 softmax }\nnetwork c { input 4 dense h 3 relu }',
      [
        { code: 'MTL030', line: 1, column: 9, message: "network 'a' has no input N" },
        {
          code: 'MTL030',
          line: 2,
          column: 9,
          message: "network 'b' has no hidden layer (dense NAME UNITS ACTIVATION)",
        },
        {
          code: 'MTL030',
          line: 3,
          column: 9,
          message: "network 'c' has no output layer (output NAME UNITS ACTIVATION)",
        },
      ],
      { rules },
    );
  });

  it('reports a hidden layer after the output and a second output', () => {
    expectDiagnostics(
      'network a { input 4 dense h1 5 sigmoid output y 10 softmax dense h2 3 sigmoid output z 2 softmax }',
      [
        { code: 'MTL030', line: 1, column: 66, message: "hidden layer 'h2' comes after the output layer" },
        { code: 'MTL030', line: 1, column: 86, message: "network 'a' has more than one output layer" },
      ],
      { rules },
    );
  });

  it('accepts input, hidden layers, then one output', () => {
    expectValid('network a { input 4 dense h1 5 sigmoid dense h2 3 relu output y 10 softmax }', { rules });
  });
});

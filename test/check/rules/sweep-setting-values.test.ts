// Noise, decoder and optimizer values in sweeps are checked as the settings are
// in their blocks: same codes, same messages, spans on the value as written.
import { describe, expect, it } from 'vitest';
import { sweepPathsRule } from '../../../src/check/rules/sweep-paths.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

/** Line 9 of the spec; the body starts at column 18. */
const sweep = (body: string) => spec({ after: `sweep s { base e ${body} }` });
const rules = [sweepPathsRule];

describe('sweep values of noise, decoder and optimizer', () => {
  it('accepts every form, in vary lists and overrides, with every rule', () => {
    expectValid(
      sweep(
        'vary reconstruct.noise [none, mask(0.1), mask(0.25), gaussian(0.3), gaussian(sigma: 0), salt_pepper(0.1)] ' +
          'vary reconstruct.decoder [sigmoid, tied sigmoid, tied tanh] ' +
          'vary train.optimizer [sgd, sgd(momentum: 0.9)] ' +
          'vary reconstruct.cost [cross_entropy, squared_error] vary reconstruct.gradient [local, through] ' +
          'baseline { weights schedule supervised_only  data.unlabeled 0  train.optimizer sgd(momentum: 0.5) } ' +
          'control { reconstruct.decoder tied sigmoid  data.unlabeled 0  reconstruct.noise mask(0.5) }',
      ),
    );
  });

  it('reports noise parameters out of range or of the wrong count (MTL052)', () => {
    expectDiagnostics(
      sweep('vary reconstruct.noise [mask(1.5), gaussian(-1), none(1), salt_pepper, mask(sigma: 0.1)]'),
      [
        { code: 'MTL052', line: 9, column: 47, message: 'mask(p) needs p in [0, 1), not 1.5' },
        { code: 'MTL052', line: 9, column: 62, message: 'gaussian(sigma) needs sigma ≥ 0, not -1' },
        { code: 'MTL052', line: 9, column: 67, message: 'noise none takes no parameter' },
        {
          code: 'MTL052',
          line: 9,
          column: 76,
          message: 'noise salt_pepper takes one parameter, salt_pepper(p), but got 0',
        },
        { code: 'MTL052', line: 9, column: 94, message: "noise mask's parameter is p" },
      ],
      { rules },
    );
  });

  it('reports a bad momentum and positional or repeated arguments (MTL082)', () => {
    expectDiagnostics(
      sweep(
        'vary train.optimizer [sgd(momentum: 1.5), sgd(0.9)] baseline { train.optimizer sgd(momentum: 0.1, momentum: 0.2) }',
      ),
      [
        { code: 'MTL082', line: 9, column: 54, message: 'momentum must be in [0, 1), not 1.5' },
        { code: 'MTL082', line: 9, column: 64, message: 'sgd takes named arguments: sgd(momentum: 0.9)' },
        { code: 'MTL082', line: 9, column: 116, message: 'momentum is given twice' },
      ],
      { rules },
    );
  });

  it('reports unknown words with suggestions (MTL020)', () => {
    const diagnostics = expectDiagnostics(
      sweep(
        'vary reconstruct.noise [mak(0.1)] vary reconstruct.decoder [sigmod, tide sigmoid] vary train.optimizer [adam, sgd(momentm: 0.9)]',
      ),
      [
        { code: 'MTL020', line: 9, column: 42, message: "unknown noise 'mak'; did you mean 'mask'?" },
        {
          code: 'MTL020',
          line: 9,
          column: 78,
          message: "unknown decoder activation 'sigmod'; did you mean 'sigmoid'?",
        },
        {
          code: 'MTL020',
          line: 9,
          column: 86,
          message: "unknown decoder option 'tide'; did you mean 'tied'?",
        },
        { code: 'MTL020', line: 9, column: 122, message: "unknown optimizer 'adam' (expected 'sgd')" },
        {
          code: 'MTL020',
          line: 9,
          column: 132,
          message: "unknown optimizer argument 'momentm'; did you mean 'momentum'?",
        },
      ],
      { rules },
    );
    expect(diagnostics.map((d) => d.suggestions?.[0])).toEqual([
      'mask',
      'sigmoid',
      'tied',
      undefined,
      'momentum',
    ]);
  });

  it('reports softmax on a decoder (MTL032)', () => {
    expectDiagnostics(
      sweep('baseline { reconstruct.decoder tied softmax }'),
      [{ code: 'MTL032', line: 9, column: 54, message: /^softmax is for the output layer only; a decoder/ }],
      { rules },
    );
  });

  it('reports arguments that are not constants', () => {
    expectDiagnostics(
      sweep('vary data.seed [1, 2] vary reconstruct.noise [mask(t), mask(seed)]'),
      [
        {
          code: 'MTL070',
          line: 9,
          column: 69,
          message: "'t' is not allowed here: mask's argument must be a constant",
        },
        { code: 'MTL070', line: 9, column: 78, message: "unknown name 'seed' in mask's argument" },
      ],
      { rules },
    );
  });

  it('reports values of the wrong kind for their path (MTL102)', () => {
    expectDiagnostics(
      sweep(
        'vary reconstruct.noise [0.5, tied sigmoid] vary reconstruct.decoder [mask(0.1), tied tied sigmoid] vary train.optimizer [1] vary reconstruct.cost [mask(0.1)] vary data.labeled [sgd(momentum: 0.5), tied sigmoid] baseline { network nn1 sigmoid }',
      ),
      [
        {
          code: 'MTL102',
          line: 9,
          column: 42,
          message: 'reconstruct.noise takes noises (none, mask(p), gaussian(sigma), salt_pepper(p))',
        },
        { code: 'MTL102', line: 9, column: 47, message: /^reconstruct.noise takes noises/ },
        {
          code: 'MTL102',
          line: 9,
          column: 87,
          message: 'reconstruct.decoder takes decoders ([tied] ACTIVATION: sigmoid, tied sigmoid, …)',
        },
        { code: 'MTL102', line: 9, column: 98, message: /^reconstruct.decoder takes decoders/ },
        {
          code: 'MTL102',
          line: 9,
          column: 139,
          message: 'train.optimizer takes optimizers (sgd, sgd(momentum: 0.9))',
        },
        {
          code: 'MTL102',
          line: 9,
          column: 165,
          message: 'reconstruct.cost takes costs (COST [mean|sum]: cross_entropy, cross_entropy sum, …)',
        },
        { code: 'MTL102', line: 9, column: 195, message: 'data.labeled takes numbers' },
        { code: 'MTL102', line: 9, column: 215, message: 'data.labeled takes numbers' },
        { code: 'MTL102', line: 9, column: 248, message: 'network takes network names' },
      ],
      { rules },
    );
  });

  it('reports the same problems through the whole checker, once each', () => {
    expectDiagnostics(
      sweep('vary reconstruct.noise [mask(1.5)] baseline { train.optimizer sgd(momentum: 1) }'),
      [
        { code: 'MTL052', line: 9, column: 47, message: 'mask(p) needs p in [0, 1), not 1.5' },
        { code: 'MTL082', line: 9, column: 94, message: 'momentum must be in [0, 1), not 1' },
      ],
    );
  });
});

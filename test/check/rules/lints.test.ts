import { describe, it } from 'vitest';
import { deadReconstructRule } from '../../../src/check/rules/dead-reconstruct.js';
import { periodLengthRule } from '../../../src/check/rules/period-length.js';
import { reconstructionStepRule } from '../../../src/check/rules/reconstruction-step.js';
import { supervisedReachesOneRule } from '../../../src/check/rules/supervised-reaches-one.js';
import { supervisedStepRule } from '../../../src/check/rules/supervised-step.js';
import { unusedNetworksRule } from '../../../src/check/rules/unused-networks.js';
import { expectDiagnostics, expectValid, spec } from '../../harness/check.js';

const NETS =
  'network a { input 784 dense h 5 sigmoid output y 10 softmax }\nnetwork b { input 784 dense h 5 sigmoid output y 10 softmax }';

describe('unusedNetworksRule', () => {
  const rules = [unusedNetworksRule];

  it('warns about a network beside experiments that nothing uses', () => {
    expectDiagnostics(
      spec({ after: 'network other { input 784 dense h1 5 sigmoid output y 10 softmax }' }),
      [
        {
          code: 'MTL200',
          line: 9,
          column: 9,
          message: "network 'other' is not used by any experiment or sweep",
        },
      ],
      { rules },
    );
  });

  it('does not warn in a library file of networks, nor about a network a sweep varies', () => {
    expectValid(NETS, { rules });
    expectValid(
      `import "nets.mtl"\n${spec({ networks: '', network: 'network a', reconstruct: '', weights: '', after: 'sweep s { base e vary network [b] }' })}`,
      {
        rules,
        files: { 'nets.mtl': NETS },
      },
    );
  });
});

describe('deadReconstructRule', () => {
  const rules = [deadReconstructRule];

  it('warns about a reconstruct block with weight 0 at every epoch', () => {
    expectDiagnostics(
      spec({ weights: 'weights schedule supervised_only' }),
      [{ code: 'MTL201', line: 5, column: 3, message: /is 0 at every epoch: its DAEs are never trained$/ }],
      { rules },
    );
    expectDiagnostics(
      spec({ reconstruct: 'reconstruct h1 { noise none weight 0 } reconstruct h2 { noise none }' }),
      [{ code: 'MTL201', line: 5, column: 3 }],
      { rules },
    );
  });

  it('does not warn when the weight is positive at some epoch, nor for the baseline without reconstruct blocks', () => {
    expectValid(spec({ weights: 'weights schedule stairs(100)' }), { rules });
    expectValid(spec({ reconstruct: '', weights: 'weights schedule supervised_only' }), { rules });
  });
});

describe('supervisedReachesOneRule', () => {
  const rules = [supervisedReachesOneRule];

  it('warns when an evolving λ_s stays below 1, naming its last value', () => {
    expectDiagnostics(
      spec({ weights: 'weights schedule lin(1000)' }),
      [
        {
          code: 'MTL202',
          line: 6,
          column: 20,
          message: 'λ_s never reaches 1: λ_s(t) = 0.299 at t = 299 (epoch 300), the last epoch',
        },
      ],
      { rules },
    );
  });

  it('warns when λ_s is 0 throughout', () => {
    expectDiagnostics(
      spec({ weights: 'weights schedule stairs(300)' }),
      [
        {
          code: 'MTL202',
          line: 6,
          column: 20,
          message: 'λ_s is 0 at every epoch (T = 300): the supervised task is never trained',
        },
      ],
      { rules },
    );
  });

  it('accepts lin (t / T ends at 1 − 1/T), a constant λ_s, and exp(40) over 300 epochs', () => {
    expectValid(spec({ weights: 'weights schedule lin' }), { rules });
    expectValid(spec({ weights: 'weights schedule constant(0.5)' }), { rules });
    expectValid(spec(), { rules });
  });
});

describe('supervisedStepRule', () => {
  const rules = [supervisedStepRule];

  it('warns about an order without a supervised step', () => {
    expectDiagnostics(
      spec({
        train: 'train { epochs 300 batch 100 lr = 0.01 order alternate { step reconstruction on batch } }',
      }),
      [
        {
          code: 'MTL203',
          line: 7,
          column: 48,
          message: 'this order has no supervised step: the output layer is never trained',
        },
      ],
      { rules },
    );
  });

  it('accepts an order with a supervised step', () => {
    expectValid(
      spec({
        train: 'train { epochs 300 batch 100 lr = 0.01 order alternate { step supervised on labeled } }',
      }),
      {
        rules,
      },
    );
  });
});

describe('periodLengthRule', () => {
  const rules = [periodLengthRule];

  it('warns about evaluate and checkpoint periods longer than training', () => {
    expectDiagnostics(
      spec({ train: 'train { epochs 300 batch 100 lr = 0.01 evaluate every 500 checkpoint every 301 }' }),
      [
        {
          code: 'MTL204',
          line: 7,
          column: 57,
          message: 'evaluate every 500 is longer than the 300 epochs: it evaluates at the end only',
        },
        {
          code: 'MTL204',
          line: 7,
          column: 78,
          message: 'checkpoint every 301 is longer than the 300 epochs: it never checkpoints',
        },
      ],
      { rules },
    );
  });

  it('accepts a period equal to the epochs', () => {
    expectValid(spec({ train: 'train { epochs 300 batch 100 lr = 0.01 evaluate every 300 }' }), { rules });
  });
});

describe('reconstructionStepRule', () => {
  const rules = [reconstructionStepRule];

  it('warns about reconstruct blocks with an order that never reconstructs', () => {
    expectDiagnostics(
      spec({
        train: 'train { epochs 300 batch 100 lr = 0.01 order alternate { step supervised on labeled } }',
      }),
      [
        {
          code: 'MTL205',
          line: 7,
          column: 48,
          message: /this order has no reconstruction step: its DAEs are never trained$/,
        },
      ],
      { rules },
    );
  });

  it('accepts the default order, order joint, and an order without reconstruct blocks', () => {
    expectValid(spec(), { rules });
    expectValid(spec({ train: 'train { epochs 300 batch 100 lr = 0.01 order joint }' }), { rules });
    expectValid(
      spec({
        reconstruct: '',
        weights: '',
        train: 'train { epochs 300 batch 100 lr = 0.01 order alternate { step supervised on labeled } }',
      }),
      { rules },
    );
  });
});

// Schedule verification at its edges, through the rule: the last epoch
// verified, the values shared between experiments and checks (cached by
// expression and T), the bounds of each check, and the first epoch named.
import { describe, expect, it } from 'vitest';
import { scheduleVerificationRule } from '../../src/check/rules/schedule-verification.js';
import { MAX_VERIFIED_EPOCHS } from '../../src/check/schedules.js';
import { expectDiagnostics, expectValid, located, spec } from '../harness/check.js';

const rules = [scheduleVerificationRule];
const codes = (src: string) => located(src, { rules }).map((d) => `${d.code} ${d.message}`);

describe('schedule verification at its edges', () => {
  it(`verifies T = ${MAX_VERIFIED_EPOCHS} epochs (the last one too) and skips longer runs`, () => {
    const weights = `weights { supervised = t / ${MAX_VERIFIED_EPOCHS - 2} reconstruction = 0 }`;
    const at = (epochs: number) =>
      spec({ reconstruct: '', weights, train: `train { epochs ${epochs} batch 100 lr = 0.01 }` });
    expect(codes(at(MAX_VERIFIED_EPOCHS))).toEqual([
      `MTL090 λ_s(t) = 1.000001 at t = ${MAX_VERIFIED_EPOCHS - 1} (epoch ${MAX_VERIFIED_EPOCHS}): importance weights must lie in [0, 1]`,
    ]);
    expect(codes(at(MAX_VERIFIED_EPOCHS + 1))).toEqual([]);
  });

  it('evaluates one expression afresh for each T (experiments of one file share the cache)', () => {
    const experiment = (name: string, epochs: number) =>
      `experiment ${name} { data mnist { labeled 100 } network nn1 weights schedule supervised_only train { epochs ${epochs} batch 100 lr = 0.01 * (6 - t) } }`;
    const nets = 'network nn1 { input 784 dense h1 50 sigmoid output y 10 softmax }';
    // lr reaches 0 at t = 6: in a 10-epoch run, not in a 6-epoch one, whichever is checked first.
    for (const order of [
      [experiment('long', 10), experiment('short', 6)],
      [experiment('short', 6), experiment('long', 10)],
    ]) {
      expect(codes([nets, ...order].join('\n'))).toEqual([
        'MTL092 lr(t) = 0 at t = 6 (epoch 7): the learning rate must be positive',
      ]);
    }
  });

  it('checks one shared series against each bound: lr > 0, a DAE weight ≥ 0', () => {
    // The same expression as lr and as a DAE weight is one cached array: 0 at t = 0 is
    // wrong for the lr only.
    expectDiagnostics(
      spec({
        reconstruct: 'reconstruct h1 { noise none weight 0.01 * t }',
        train: 'train { epochs 300 batch 100 lr = 0.01 * t }',
      }),
      [
        {
          code: 'MTL092',
          line: 7,
          column: 37,
          message: 'lr(t) = 0 at t = 0 (epoch 1): the learning rate must be positive',
        },
      ],
      { rules },
    );
    expectDiagnostics(
      spec({
        reconstruct: 'reconstruct h1 { noise none weight 0.01 * t }',
        train: 'train { epochs 300 batch 100 lr = 0.01 * t + 0.5 }',
      }),
      [],
      { rules },
    );
  });

  it('accepts the bounds themselves: λ at exactly 0 and 1, a DAE weight of exactly 0', () => {
    expectValid(
      spec({
        reconstruct: 'reconstruct h1 { noise none weight t < 5 ? 0 : 1 }',
        weights: 'weights { supervised = t < 10 ? 0 : 1 reconstruction = 1 - supervised }',
      }),
      { rules },
    );
  });

  it('names the first epoch at fault, not a later one', () => {
    expectDiagnostics(
      spec({ weights: 'weights { supervised = t > 3 ? 2 : 1 reconstruction = 1 - supervised }' }),
      [
        {
          code: 'MTL090',
          line: 6,
          column: 26,
          message: 'λ_s(t) = 2 at t = 4 (epoch 5): importance weights must lie in [0, 1]',
        },
        {
          code: 'MTL090',
          line: 6,
          column: 57,
          message: 'λ_r(t) = -1 at t = 4 (epoch 5): importance weights must lie in [0, 1]',
        },
      ],
      { rules },
    );
  });

  it('λ_s + λ_r is checked only when both weights are sound, and within 1e-9', () => {
    expectValid(spec({ weights: 'weights { supervised = 0.3 reconstruction = 0.7 + 1e-10 }' }), { rules });
    expectDiagnostics(
      spec({ weights: 'weights { supervised = 0.3 reconstruction = 0.7 + 1e-8 }' }),
      [
        {
          code: 'MTL091',
          line: 6,
          column: 26,
          message:
            'λ_s(t) + λ_r(t) = 1.00000001 at t = 0 (epoch 1) (λ_s = 0.3, λ_r = 0.70000001): the paper keeps λ_s + λ_r = 1',
        },
      ],
      { rules },
    );
    // λ_r out of range: MTL090 only, no sum warning on top.
    expect(
      codes(spec({ weights: 'weights { supervised = 0.5 reconstruction = 1.5 }' })).map((c) => c.slice(0, 6)),
    ).toEqual(['MTL090']);
  });

  it('leaves an expression with errors to the expression rules (full checker: no schedule code, no crash)', () => {
    const full = (src: string) => located(src).map((d) => d.code);
    expect(full(spec({ train: 'train { epochs 300 batch 100 lr = (t < 3) - 1 }' }))).toEqual(['MTL073']);
    expect(full(spec({ reconstruct: 'reconstruct h1 { noise none weight foo }' }))).toEqual(['MTL070']);
  });
});

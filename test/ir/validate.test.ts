import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../grammar/ir.schema.json' with { type: 'json' };
import { canonicalJson, experimentHash } from '../../src/ir/hash.js';
import { validateIr } from '../../src/ir/validate.js';
import { quickstartIr } from '../harness/codegen.js';

describe('validateIr', () => {
  it('uses a schema that is itself valid draft-07 (the validator skips that check for speed)', () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('reports where an IR breaks the schema', () => {
    const result = validateIr({ irVersion: 1, source: 'x.mtl', experiments: [{ name: 'e' }], sweeps: [] });
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatch(/^\/experiments\/0 /);
  });

  it('requires every DAE to say how its cost is reduced, mean or sum', () => {
    const ir = (dae: object) => ({
      irVersion: 1,
      source: 'x.mtl',
      experiments: [{ ...quickstartIr(), reconstruct: [dae] }],
      sweeps: [],
    });
    const { reduction: _, ...withoutReduction } = quickstartIr().reconstruct[0];
    expect(validateIr(ir({ ...withoutReduction, reduction: 'sum' })).valid).toBe(true);
    expect(validateIr(ir({ ...withoutReduction, reduction: 'mean' })).valid).toBe(true);
    const missing = validateIr(ir(withoutReduction));
    expect(missing.valid).toBe(false);
    expect(missing.errors.join('\n')).toMatch(/\/experiments\/0\/reconstruct\/0 .*reduction/);
    expect(validateIr(ir({ ...withoutReduction, reduction: 'average' })).valid).toBe(false);
  });

  it('accepts an empty IR', () => {
    expect(validateIr({ irVersion: 1, source: 'x.mtl', experiments: [], sweeps: [] }).valid).toBe(true);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"z":1}]},"b":1}',
    );
  });

  it('makes the hash ignore key order and the hash field itself', () => {
    const a = experimentHash({ name: 'e', data: { seed: 1, source: 'mnist' } } as never);
    const b = experimentHash({
      data: { source: 'mnist', seed: 1 },
      name: 'e',
      hash: 'ffffffffffffffff',
    } as never);
    expect(a).toBe(b);
  });
});

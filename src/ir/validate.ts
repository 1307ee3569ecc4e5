// Validates IR against grammar/ir.schema.json with ajv. The validator is
// compiled once, on first use, so `mtl check` pays for it only when it lowers.
// The schema is imported as a JSON module so that `npm run build` copies it
// next to the compiled code (dist/grammar), where this import finds it.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../grammar/ir.schema.json' with { type: 'json' };
import type { MtlIr } from './types.js';

let validator: ValidateFunction<MtlIr> | undefined;

function compiled(): ValidateFunction<MtlIr> {
  validator ??= new Ajv({ strict: false, validateSchema: false, code: { optimize: false } }).compile<MtlIr>(
    schema,
  );
  return validator;
}

export interface IrValidation {
  readonly valid: boolean;
  /** One line per problem: the JSON pointer and what is wrong there. */
  readonly errors: readonly string[];
}

export function validateIr(ir: unknown): IrValidation {
  // JSON has no Infinity or NaN (JSON.stringify writes null): the IR must never hold one.
  const nonFinite = nonFiniteNumbers(ir, '');
  if (nonFinite.length > 0)
    return { valid: false, errors: nonFinite.map((at) => `${at} is not a finite number`) };
  const validate = compiled();
  if (validate(ir)) return { valid: true, errors: [] };
  return { valid: false, errors: (validate.errors ?? []).map(describe) };
}

function nonFiniteNumbers(value: unknown, at: string): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [at || '/'];
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => nonFiniteNumbers(v, `${at}/${key}`));
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}

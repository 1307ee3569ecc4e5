// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1:x}` is LSP snippet syntax, not a template.
// The functions expressions may call (language reference §8): the one table the
// checker (names, arity), lowering, both printers (through print.ts), the
// language server's completion and hover, and the IR schema's `fn` enum (a test
// compares them) all read. Every function takes numbers and returns a number.
import type { Expr as IrExpr } from '../ir/types.js';

/** A function name as the IR spells it (the schema's enum: the table below must list exactly these). */
type FunctionName = Extract<IrExpr, { op: 'call' }>['fn'];

interface FunctionInfo {
  readonly name: FunctionName;
  /** Fewest and most arguments a call takes. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** How a call is written in JavaScript: `Math.exp`, or the `clamp` helper a printed file defines. */
  readonly js: string;
  /** Hover text: the call's shape and what it computes. */
  readonly signature: string;
  readonly summary: string;
  /** The snippet completion inserts. */
  readonly snippet: string;
}

const unary = (name: FunctionName, summary: string): FunctionInfo => ({
  name,
  minArgs: 1,
  maxArgs: 1,
  js: `Math.${name}`,
  signature: `${name}(x)`,
  summary,
  snippet: `${name}(\${1:x})`,
});

/** The name of the helper a printed expression calls for `clamp`, defined by whoever runs the code. */
export const CLAMP_HELPER = 'clamp';

/** In the language reference's order. `min` and `max` take exactly two arguments (§8). */
export const FUNCTIONS: readonly FunctionInfo[] = Object.freeze([
  unary('exp', 'e raised to x.'),
  unary('log', 'Natural logarithm of x.'),
  unary('sqrt', 'Square root of x.'),
  unary('abs', 'Absolute value of x.'),
  {
    name: 'min',
    minArgs: 2,
    maxArgs: 2,
    js: 'Math.min',
    signature: 'min(a, b)',
    summary: 'The smaller of a and b.',
    snippet: 'min(${1:a}, ${2:b})',
  },
  {
    name: 'max',
    minArgs: 2,
    maxArgs: 2,
    js: 'Math.max',
    signature: 'max(a, b)',
    summary: 'The larger of a and b.',
    snippet: 'max(${1:a}, ${2:b})',
  },
  {
    name: 'clamp',
    minArgs: 3,
    maxArgs: 3,
    js: CLAMP_HELPER,
    signature: 'clamp(x, lo, hi)',
    summary: 'x limited to [lo, hi].',
    snippet: 'clamp(${1:x}, ${2:0}, ${3:1})',
  },
  unary('floor', 'The largest integer ≤ x.'),
  unary('ceil', 'The smallest integer ≥ x.'),
]);

const BY_NAME: ReadonlyMap<string, FunctionInfo> = new Map(FUNCTIONS.map((f) => [f.name, f]));

export function isFunctionName(name: string): name is FunctionName {
  return BY_NAME.has(name);
}

/** The table's entry for a function name, or undefined for a name that is not a function. */
export function functionInfo(name: string): FunctionInfo | undefined {
  return BY_NAME.get(name);
}

/** "takes 2 arguments", "takes 1 to 3 arguments": for arity messages. */
export function arityText(info: FunctionInfo): string {
  const { minArgs: min, maxArgs: max } = info;
  const count = min === max ? String(min) : Number.isFinite(max) ? `${min} to ${max}` : `${min} or more`;
  return `takes ${count} argument${min === 1 && max === 1 ? '' : 's'}`;
}

// Test helpers for the checker: run it on inline sources (other files and IDX
// headers served from memory), and compare the whole diagnostic list with
// code, line and column — graphql-js's expectErrors / expectValid.
import { expect } from 'vitest';
import type { SourceHost } from '../../src/check/host.js';
import { parseProgram } from '../../src/check/program.js';
import { type Rule, runRules } from '../../src/check/run-rules.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkText, sortDiagnostics } from '../../src/driver/check.js';
import { LineIndex } from '../../src/syntax/location.js';

/** The root file's name in fixtures; other files are named relative to the same folder. */
export const MAIN = '/virtual/main.mtl';

export interface FixtureOptions {
  /** Other files by name ("networks.mtl", "data/train-images.idx"): text, or bytes for IDX files. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** Run only these rules (parse and import diagnostics are left out). */
  readonly rules?: readonly Rule[];
}

export interface Expected {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  /** Compared when given: equal to a string, or matching a RegExp. */
  readonly message?: string | RegExp;
  readonly file?: string;
}

export function memoryHost(files: Readonly<Record<string, string | Uint8Array>>): SourceHost {
  const at = (path: string) => files[path.startsWith('/virtual/') ? path.slice('/virtual/'.length) : path];
  return {
    readFile: (path) => {
      const content = at(path);
      return typeof content === 'string' ? content : undefined;
    },
    readHeader: (path, length) => {
      const content = at(path);
      return content instanceof Uint8Array ? content.subarray(0, length) : undefined;
    },
  };
}

export function diagnosticsOf(src: string, options: FixtureOptions = {}): Diagnostic[] {
  const host = memoryHost({ ...(options.files ?? {}), 'main.mtl': src });
  if (!options.rules) return checkText(src, MAIN, { host }).diagnostics;
  const program = parseProgram([{ name: MAIN, text: src }], host);
  return sortDiagnostics(runRules(program, options.rules));
}

/** The diagnostics as {code, line, column, message, file}, 1-based. */
export function located(src: string, options: FixtureOptions = {}) {
  const texts: Record<string, string> = { [MAIN]: src };
  for (const [name, content] of Object.entries(options.files ?? {})) {
    if (typeof content === 'string') texts[`/virtual/${name}`] = content;
  }
  return diagnosticsOf(src, options).map((d) => {
    const text = texts[d.file] ?? '';
    const at = new LineIndex(text).lineColumn(d.span.start);
    return {
      code: d.code,
      line: at.line,
      column: at.column,
      message: d.message,
      file: d.file,
      severity: d.severity,
    };
  });
}

export function expectDiagnostics(
  src: string,
  expected: readonly Expected[],
  options: FixtureOptions = {},
): Diagnostic[] {
  const actual = located(src, options);
  const shaped = actual.map((a, i) => {
    const e = expected[i];
    const out: Record<string, unknown> = { code: a.code, line: a.line, column: a.column };
    if (e?.message !== undefined) out.message = a.message;
    if (e?.file !== undefined) out.file = a.file;
    return out;
  });
  const wanted = expected.map((e) => ({
    code: e.code,
    line: e.line,
    column: e.column,
    ...(e.message !== undefined
      ? { message: e.message instanceof RegExp ? expect.stringMatching(e.message) : e.message }
      : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
  }));
  expect(shaped, JSON.stringify(actual, null, 1)).toEqual(wanted);
  return diagnosticsOf(src, options);
}

export function expectValid(src: string, options: FixtureOptions = {}): void {
  expect(located(src, options)).toEqual([]);
}

export interface SpecParts {
  readonly networks?: string;
  readonly data?: string;
  readonly network?: string;
  readonly reconstruct?: string;
  readonly weights?: string;
  readonly train?: string;
  readonly after?: string;
}

/**
 * A valid spec, one part per line, so a test replaces one part and knows its
 * line: 1 networks, 2 `experiment e {`, 3 data, 4 network, 5 reconstruct,
 * 6 weights, 7 train, 8 `}`, 9 what comes after (a sweep, another experiment).
 */
export function spec(parts: SpecParts = {}): string {
  return [
    parts.networks ?? 'network nn1 { input 784 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }',
    'experiment e {',
    `  ${parts.data ?? 'data mnist { labeled 1000 unlabeled 1000 }'}`,
    `  ${parts.network ?? 'network nn1'}`,
    `  ${parts.reconstruct ?? 'reconstruct h1, h2 { noise mask(0.25) }'}`,
    `  ${parts.weights ?? 'weights schedule exp(40)'}`,
    `  ${parts.train ?? 'train { epochs 300 batch 100 lr = 0.01 }'}`,
    '}',
    parts.after ?? '',
  ].join('\n');
}

/** A minimal IDX header: magic 0 0 0x08 NDIMS, then the dimensions (big-endian). */
export function idxHeader(dims: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length);
  bytes[2] = 0x08;
  bytes[3] = dims.length;
  const view = new DataView(bytes.buffer);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d, false);
  return bytes;
}

// Hand-written IR for codegen tests: small builders for expressions and an
// experiment shaped like specs/quickstart.mtl, so tests do not depend on the
// checker to exist or to lower things a particular way.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { CliIo } from '../../src/cli/io.js';
import type { Experiment, Expr } from '../../src/ir/types.js';

export const num = (value: number): Expr => ({ op: 'num', value });
export const t: Expr = { op: 'var', name: 't' };
export const T: Expr = { op: 'var', name: 'T' };
export const neg = (operand: Expr): Expr => ({ op: 'unary', operator: '-', operand });
export const not = (operand: Expr): Expr => ({ op: 'unary', operator: '!', operand });
export const bin = (
  operator: Extract<Expr, { op: 'binary' }>['operator'],
  left: Expr,
  right: Expr,
): Expr => ({ op: 'binary', operator, left, right });
export const cond = (test: Expr, then: Expr, otherwise: Expr): Expr => ({
  op: 'cond',
  test,
  then,
  otherwise,
});
export const call = (fn: Extract<Expr, { op: 'call' }>['fn'], ...args: Expr[]): Expr => ({
  op: 'call',
  fn,
  args,
});

/** The paper's learning rate: 0.01, decreased linearly to 0 over the last 500 epochs. */
export const paperLr: Expr = cond(
  bin('<', t, bin('-', T, num(500))),
  num(0.01),
  bin('/', bin('*', num(0.01), bin('-', T, t)), num(500)),
);

/** An experiment like specs/quickstart.mtl (lin(10), one DAE, alternate order). */
export function quickstartIr(overrides: Partial<Experiment> = {}): Experiment {
  const lambdaS = call('min', num(1), bin('/', t, num(10)));
  return {
    name: 'quickstart',
    hash: '0123456789abcdef',
    data: { source: 'mnist', labeled: 3000, unlabeled: 7000, validation: 10000, seed: 1 },
    network: {
      name: 'small',
      input: 784,
      hidden: [{ name: 'h1', units: 100, activation: 'sigmoid' }],
      output: { name: 'y', units: 10, activation: 'softmax' },
    },
    reconstruct: [
      {
        layer: 'h1',
        layerIndex: 0,
        noise: { kind: 'mask', p: 0.25 },
        decoder: { tied: false, activation: 'sigmoid' },
        cost: 'cross_entropy',
        reduction: 'mean',
        gradient: 'local',
        weight: num(1),
      },
    ],
    weights: {
      schedule: { name: 'lin', args: [10] },
      supervised: lambdaS,
      reconstruction: bin('-', num(1), lambdaS),
    },
    train: {
      epochs: 20,
      batch: 100,
      optimizer: { kind: 'sgd', momentum: 0.9 },
      lr: num(0.05),
      seed: 7,
      evaluateEvery: 5,
      checkpointEvery: 5,
      order: {
        kind: 'alternate',
        steps: [
          { objective: 'reconstruction', rows: 'batch', lr: null },
          { objective: 'supervised', rows: 'labeled', lr: null },
        ],
      },
    },
    ...overrides,
  };
}

/** A deep copy of a JSON value with every object's keys in reverse order. */
export function reverseKeys<V>(value: V): V {
  if (Array.isArray(value)) return value.map(reverseKeys) as V;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .reverse()
        .map((key) => [key, reverseKeys((value as Record<string, unknown>)[key])]),
    ) as V;
  }
  return value;
}

/**
 * Loads generated source as a module: transpiled to JS, written to a temp
 * folder and imported. The runtime specifier must resolve from there (tests
 * pass a stub module's file URL).
 */
export async function importGenerated<M>(source: string): Promise<M> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const dir = mkdtempSync(join(tmpdir(), 'mtl-codegen-test-'));
  try {
    const file = join(dir, 'program.mjs');
    writeFileSync(file, js);
    return (await import(pathToFileURL(file).href)) as M;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CapturedIo {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** A CliIo rooted at `cwd` whose output the test reads back. */
export function captureIo(cwd: string): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      cwd,
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (err += text) },
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** A temp folder holding the given files (paths relative to it); returns the folder. */
export function tempTree(files: Readonly<Record<string, string | Uint8Array>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-codegen-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A small valid spec with an inline network; `extra` is appended (another experiment, say). */
export function smallSpec(name = 'small', extra = ''): string {
  return `experiment ${name} {
  data mnist { labeled 100 unlabeled 100 validation 100 seed 1 }
  network { input 784 dense h1 20 sigmoid output y 10 softmax }
  reconstruct h1 { noise mask(0.25) }
  weights schedule lin(1)
  train { epochs 2 batch 50 optimizer sgd lr = 0.1 seed 7 order alternate { step reconstruction on batch step supervised on labeled } }
}
${extra}`;
}

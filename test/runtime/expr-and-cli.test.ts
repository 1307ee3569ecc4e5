import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseVerb } from '../../src/args/verb.js';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Expr } from '../../src/ir/types.js';
import { isMainModule } from '../../src/runtime/cli.js';
import { evaluateExpr } from '../../src/runtime/index.js';
import { RUN_FLAGS, runOptionsFromFlags } from '../../src/runtime/run-flags.js';
import { makeExperiment, num, T_VAR } from '../harness/runtime.js';

const bin = (operator: '+' | '-' | '*' | '/' | '^' | '<' | '&&', left: Expr, right: Expr): Expr => ({
  op: 'binary',
  operator,
  left,
  right,
});

describe('evaluateExpr', () => {
  it('evaluates the exp_40 schedule and a decaying lr', () => {
    const lambdaR: Expr = {
      op: 'call',
      fn: 'exp',
      args: [bin('/', { op: 'unary', operator: '-', operand: T_VAR }, num(40))],
    };
    expect(evaluateExpr(lambdaR, { t: 40, T: 100 })).toBeCloseTo(Math.exp(-1), 12);
    const lr: Expr = {
      op: 'cond',
      test: bin('<', T_VAR, bin('-', { op: 'var', name: 'T' }, num(10))),
      // biome-ignore lint/suspicious/noThenProperty: the IR's conditional expression names its branch `then`.
      then: num(0.01),
      otherwise: bin('/', bin('*', num(0.01), bin('-', { op: 'var', name: 'T' }, T_VAR)), num(10)),
    };
    expect(evaluateExpr(lr, { t: 5, T: 100 })).toBe(0.01);
    expect(evaluateExpr(lr, { t: 95, T: 100 })).toBeCloseTo(0.005, 12);
    expect(evaluateExpr({ op: 'call', fn: 'clamp', args: [num(3), num(0), num(1)] }, {})).toBe(1);
    expect(evaluateExpr(bin('&&', num(1), num(0)), {})).toBe(0);
    expect(evaluateExpr(bin('^', num(2), num(10)), {})).toBe(1024);
  });
});

describe('a compiled trainer program', () => {
  it('calls the steps of the order with λ(t) and per-step lr', async () => {
    const experiment = makeExperiment({
      supervised: bin('/', T_VAR, num(10)),
      reconstruction: bin('-', num(1), bin('/', T_VAR, num(10))),
      order: {
        kind: 'alternate',
        steps: [
          { objective: 'reconstruction', rows: 'unlabeled', lr: num(0.5) },
          { objective: 'supervised', rows: 'labeled', lr: null },
        ],
      },
    });
    const calls: string[] = [];
    const program = await importTrainer(experiment, { source: 'x.mtl' });
    program.trainBatch(
      {
        reconstruction: (s) => calls.push(`r ${s.rows} ${s.weight} ${s.lr}`),
        supervised: (s) => calls.push(`s ${s.rows} ${s.weight} ${s.lr}`),
        joint: () => calls.push('joint'),
      },
      2,
      10,
    );
    expect(calls).toEqual(['r unlabeled 0.8 0.5', 's labeled 0.2 0.1']);
  });
});

describe('runtime command-line flags', () => {
  const parse = (argv: string[]) => {
    let err = '';
    const parsed = parseVerb({ command: 'npx tsx x.ts', summary: 'train x', flags: RUN_FLAGS }, argv, {
      stdout: { write: () => 0 },
      stderr: { write: (text: string) => (err += text) },
    });
    return parsed.ok ? { options: runOptionsFromFlags(parsed.values) } : { exit: parsed.exitCode, err };
  };

  it('parses the documented flags', () => {
    expect(
      parse([
        '--epochs',
        '3',
        '--backend',
        'cpu',
        '--out',
        'o',
        '--resume',
        '--quiet',
        '--keep-checkpoints',
        '4',
      ]),
    ).toEqual({
      options: { epochs: 3, backend: 'cpu', out: 'o', resume: true, progress: null, keepCheckpoints: 4 },
    });
  });

  it('rejects bad values and unknown flags with one message each, exit 2', () => {
    const usage = "\nRun 'npx tsx x.ts --help' for usage.\n";
    expect(parse(['--epochs', '0'])).toEqual({
      exit: 2,
      err: `npx tsx x.ts: --epochs needs a positive integer, got '0'${usage}`,
    });
    expect(parse(['--epochs', '-1']).err).toContain("--epochs needs a positive integer, got '-1'");
    expect(parse(['--backend', 'gpu']).err).toContain(
      "--backend must be onnx, tensorflow, wasm or cpu, got 'gpu'",
    );
    expect(parse(['--out']).err).toContain("option '--out <DIR>' argument missing");
    expect(parse(['--fast']).err).toContain("unknown option '--fast'");
    expect(parse(['--epoch', '3']).err).toBe(
      `npx tsx x.ts: unknown option '--epoch'; did you mean --epochs?${usage}`,
    );
  });

  it('tells whether a module is the script Node started', () => {
    const file = path.resolve('src/runtime/cli.ts');
    expect(isMainModule(pathToFileURL(file).href, file)).toBe(true);
    expect(isMainModule(pathToFileURL(file).href, path.resolve('src/runtime/index.ts'))).toBe(false);
    expect(isMainModule(pathToFileURL(file).href, undefined)).toBe(false);
  });
});

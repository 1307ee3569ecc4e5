// Tiny sweeps for the sweep tests: 4×4 IDX images of 3 classes (a run takes
// a fraction of a second) and a spec whose sweep the test writes.

import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFile } from '../../src/driver/check.js';
import { rootedHost } from '../../src/driver/rooted-host.js';
import type { MtlIr } from '../../src/ir/types.js';
import type { NetworkLookup } from '../../src/sweep/apply-value.js';
import { networkLookup } from '../../src/sweep/network-lookup.js';
import { findSweep, type PlanOptions, planSweep } from '../../src/sweep/plan.js';
import type { SweepPlan } from '../../src/sweep/plan-types.js';
import { mtlNodeArgs } from './mtl-process.js';
import { writeTinyIdx } from './runtime.js';

export interface TinyExperiment {
  readonly epochs?: number;
  readonly lr?: string;
  readonly checkpointEvery?: number;
}

export function tinyExperiment(options: TinyExperiment = {}): string {
  return `experiment tiny {
  data idx {
    train_images "train-images.idx"
    train_labels "train-labels.idx"
    test_images "test-images.idx"
    test_labels "test-labels.idx"
    labeled 40
    unlabeled 40
    validation 30
    seed 1
  }
  network {
    input 16
    dense h1 8 sigmoid
    output y 3 softmax
  }
  reconstruct h1 {
    noise mask(0.25)
  }
  weights schedule lin(2)
  train {
    epochs ${options.epochs ?? 3}
    batch 20
    optimizer sgd(momentum: 0.5)
    lr = ${options.lr ?? '0.5'}
    seed 7${options.checkpointEvery ? `\n    checkpoint every ${options.checkpointEvery}` : ''}
  }
}
`;
}

/** A 2 × 2 grid (u ∈ {0, 40} × two schedules) with baseline, control and `repeat` seeds. */
export function gridSweep(name = 'grid', repeat = 2): string {
  return `sweep ${name} {
  base tiny
  vary data.unlabeled [0, 40]
  vary weights [schedule lin(2), schedule exp(1)]
  baseline {
    weights schedule supervised_only
    data.unlabeled 0
  }
  control {
    weights schedule supervised_only
  }
  repeat ${repeat}
}
`;
}

/** A folder with the tiny IDX files and `tiny.mtl` = the experiment + the given sweeps. */
export function tinySweepFolder(sweeps: string, experiment: TinyExperiment = {}): string {
  const data = writeTinyIdx({ train: 120, test: 30 });
  writeFileSync(join(data.dir, 'tiny.mtl'), `${tinyExperiment(experiment)}\n${sweeps}`);
  return data.dir;
}

/** The checked IR of a spec (relative to cwd); fails the test on diagnostics. */
export function checkedIr(cwd: string, file: string): { ir: MtlIr; networks: NetworkLookup } {
  const result = checkFile(file, { host: rootedHost(cwd) });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.ir || errors.length > 0) throw new Error(`${file} does not check: ${JSON.stringify(errors)}`);
  return { ir: result.ir, networks: networkLookup(result.program, file) };
}

export function planOf(cwd: string, file: string, sweep?: string, options: PlanOptions = {}): SweepPlan {
  const { ir, networks } = checkedIr(cwd, file);
  const found = findSweep(ir, sweep);
  if (typeof found === 'string') throw new Error(found);
  return planSweep(ir, found, { networks, ...options });
}

/** `node` arguments that run `mtl ARGS` as its own process (built CLI or sources: see mtl-process.ts). */
export const mtlProcessArgs = (args: readonly string[]): string[] => mtlNodeArgs(args);

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `mtl ARGS` in `cwd` as a real process (with `env` added to this process's environment). */
export function mtlProcess(
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): { child: ChildProcess; done: Promise<Finished>; log: () => string } {
  const child = spawn(process.execPath, mtlProcessArgs(args), {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += String(d)));
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  // log(): its stderr so far, for a failure message while it still runs.
  return { child, done, log: () => stderr };
}

// `mtl sweep FILE [--sweep NAME] [--workers N] [--epochs N] [--limit N]
// [--backend B] [--store PATH] [--runs DIR] [--retry-failed] [--dry-run]`:
// plan a sweep's grid, then train its runs on a local pool, recording each in
// the result store. Running it again resumes.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isBackendName } from '../runtime/backend.js';
import { PlanError } from '../sweep/apply-value.js';
import { networkLookup } from '../sweep/network-lookup.js';
import { findSweep, planSweep } from '../sweep/plan.js';
import { planSummary } from '../sweep/plan-summary.js';
import type { SweepPlan } from '../sweep/plan-types.js';
import { checkSpec, usageError } from './compile.js';
import { type Command, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './io.js';

export const DEFAULT_STORE = 'runs/mtl.sqlite';
export const DEFAULT_RUNS = 'runs';

const usage = `usage: mtl sweep FILE [--sweep NAME] [options]

Expands a sweep's grid (vary × repeat, with baseline and control runs; identical
runs once), trains the runs on a local pool of worker processes and records them
in the result store. Running it again resumes: finished runs are skipped,
interrupted ones continue from their checkpoints.
  --sweep NAME     the sweep to run (needed when FILE declares several)
  --workers N      worker processes (default: the machine's cores, ${availableParallelism()} here)
  --epochs N       shortened protocol: T = N for every run (recorded in the store and the report)
  --limit N        read at most N training and N test images per run (quick trials)
  --backend B      onnx | tensorflow | wasm | cpu (default: the fastest that loads)
  --store PATH     the result store (default ${DEFAULT_STORE})
  --runs DIR       where run folders go (default ${DEFAULT_RUNS}/)
  --retry-failed   train again runs recorded as failed
  --dry-run        print the plan (runs, shared runs, estimated cost) and train nothing
  --quiet          no progress output
`;

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      sweep: { type: 'string' },
      workers: { type: 'string' },
      epochs: { type: 'string' },
      limit: { type: 'string' },
      backend: { type: 'string' },
      store: { type: 'string' },
      runs: { type: 'string' },
      'retry-failed': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function positive(name: string, text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : `--${name} needs a positive integer, got '${text}'`;
}

export const sweepCommand: Command = async (argv, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, 'sweep', (error as Error).message, usage);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return usageError(io, 'sweep', 'expected exactly one FILE', usage);
  const workers = positive('workers', values.workers);
  const epochs = positive('epochs', values.epochs);
  const limit = positive('limit', values.limit);
  for (const v of [workers, epochs, limit])
    if (typeof v === 'string') return usageError(io, 'sweep', v, usage);
  if (values.backend !== undefined && !isBackendName(values.backend))
    return usageError(
      io,
      'sweep',
      `--backend must be onnx, tensorflow, wasm or cpu, got '${values.backend}'`,
      usage,
    );

  const checked = checkSpec(positionals[0]!, io, 'sweep');
  if (!checked.ok) return checked.exitCode;
  const sweep = findSweep(checked.ir, values.sweep);
  if (typeof sweep === 'string') return usageError(io, 'sweep', sweep);
  let plan: SweepPlan;
  try {
    plan = planSweep(checked.ir, sweep, {
      ...(epochs === undefined ? {} : { epochs: epochs as number }),
      ...(limit === undefined ? {} : { limit: limit as number }),
      networks: networkLookup(checked.program, checked.source),
    });
  } catch (error) {
    if (error instanceof PlanError) {
      io.stderr.write(`mtl sweep: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  }
  if (values['dry-run']) {
    io.stdout.write(planSummary(plan));
    return EXIT_OK;
  }
  for (const warning of plan.warnings) io.stderr.write(`mtl sweep: ${warning}\n`);

  const { trainSweep } = await import('./sweep-train.js');
  return trainSweep(plan, io, {
    workers: (workers as number | undefined) ?? availableParallelism(),
    store: resolve(io.cwd, values.store ?? DEFAULT_STORE),
    runsDir: values.runs ?? DEFAULT_RUNS,
    ...(values.backend === undefined ? {} : { backend: values.backend as 'tensorflow' | 'wasm' | 'cpu' }),
    retryFailed: values['retry-failed'] === true,
    quiet: values.quiet === true,
  }).catch((error: unknown) => {
    if ((error as Error).name === 'StoreError') {
      io.stderr.write(`mtl sweep: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  });
};

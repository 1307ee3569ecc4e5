// `mtl sweep FILE [--sweep NAME] [--workers N] [--epochs N] [--limit N]
// [--backend B] [--store PATH] [--runs DIR] [--retry-failed] [--dry-run]
// [--queue URL [--attempts N] [--backoff-ms MS]]`: plan a sweep's grid, then
// train its runs on a local pool (or put them on a queue for `mtl worker`s),
// recording each in the result store. Running it again resumes.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isBackendName } from '../runtime/backend.js';
import { PlanError } from '../sweep/apply-value.js';
import { networkLookup } from '../sweep/network-lookup.js';
import { findSweep, planSweep } from '../sweep/plan.js';
import { planSummary } from '../sweep/plan-summary.js';
import type { SweepPlan } from '../sweep/plan-types.js';
import { parseQueueUrl, type QueueAddress, redactUrl } from '../sweep/queue/queue-url.js';
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
  --queue URL      put the runs on a queue instead (redis://[:PASSWORD@]HOST[:PORT][/DB], or
                   rediss:// for TLS; default: $MTL_QUEUE when set) for \`mtl worker\`s on any
                   machine to train; results come back into the store. Waits for every run.
  --attempts N     with --queue: tries per run before it is recorded failed (default 3;
                   a diverged run is not tried again)
  --backoff-ms MS  with --queue: delay before the first retry, doubled each time (default 10000)
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
      queue: { type: 'string' },
      attempts: { type: 'string' },
      'backoff-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export interface QueueFlags {
  readonly address: QueueAddress;
  readonly attempts: number;
  readonly backoffMs: number;
}

/** --queue and its options (or $MTL_QUEUE): undefined for the local pool, a message when wrong. */
export function queueFlags(
  values: {
    readonly queue?: string;
    readonly attempts?: string;
    readonly 'backoff-ms'?: string;
    readonly workers?: string;
  },
  env: NodeJS.ProcessEnv,
): QueueFlags | undefined | string {
  const url = values.queue ?? (values.workers === undefined ? env.MTL_QUEUE : undefined);
  if (url === undefined) {
    if (values.attempts !== undefined || values['backoff-ms'] !== undefined)
      return '--attempts and --backoff-ms need --queue';
    return undefined;
  }
  if (values.queue !== undefined && values.workers !== undefined)
    return '--workers is for the local pool; with --queue, start `mtl worker`s';
  const address = parseQueueUrl(url);
  if (typeof address === 'string') return address;
  const attempts = positive('attempts', values.attempts) ?? 3;
  if (typeof attempts === 'string') return attempts;
  const backoffMs = Number(values['backoff-ms'] ?? 10_000);
  if (!Number.isInteger(backoffMs) || backoffMs < 0)
    return `--backoff-ms needs a whole number of milliseconds, got '${values['backoff-ms']}'`;
  return { address, attempts, backoffMs };
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
    return usageError(io, 'sweep', redactUrl((error as Error).message), usage);
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
  const queue = queueFlags(values, process.env);
  if (typeof queue === 'string') return usageError(io, 'sweep', queue, usage);
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
    ...(queue ? { queue } : {}),
  }).catch((error: unknown) => {
    if ((error as Error).name === 'StoreError' || (error as Error).name === 'QueueConnectError') {
      io.stderr.write(`mtl sweep: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  });
};

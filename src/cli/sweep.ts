// `mtl sweep FILE [--sweep NAME] [--workers N] [--epochs N] [--limit N]
// [--backend B] [--store PATH] [--runs DIR] [--retry-failed] [--dry-run]
// [--queue URL [--attempts N] [--backoff-ms MS] [--tls-ca FILE]]`: plan a sweep's grid, then
// train its runs on a local pool (or put them on a queue for `mtl worker`s),
// recording each in the result store. Running it again resumes.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type Flags, flag, parseVerb, type VerbSpec } from '../args/verb.js';
import { BACKEND_NAMES } from '../runtime/backend-names.js';
import { PlanError } from '../sweep/apply-value.js';
import { networkLookup } from '../sweep/network-lookup.js';
import { findSweep, planSweep } from '../sweep/plan.js';
import { planSummary } from '../sweep/plan-summary.js';
import type { SweepPlan } from '../sweep/plan-types.js';
import { parseQueueUrl, type QueueAddress, readTlsCa } from '../sweep/queue/queue-url.js';
import { checkSpec, usageError } from './compile.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './io.js';
import { verbError } from './verb-error.js';

export const DEFAULT_STORE = 'runs/mtl.sqlite';
export const DEFAULT_RUNS = 'runs';

/** `mtl sweep`'s arguments, as data for the shared parser (src/args/verb.ts). */
const sweepVerb = {
  command: 'mtl sweep',
  summary:
    "Expands a sweep's grid (vary × repeat, with baseline and control runs; identical runs once), " +
    'trains the runs on a local pool of worker processes and records them in the result store. ' +
    'Running it again resumes: finished runs are skipped, interrupted ones continue from their checkpoints.',
  arguments: [{ syntax: '<file>', description: 'the .mtl spec that declares the sweep' }],
  flags: {
    sweep: flag.string('--sweep <NAME>', 'the sweep to run (needed when FILE declares several)'),
    workers: flag.positiveInt(
      '--workers <N>',
      `worker processes (default: the machine's cores, ${availableParallelism()} here)`,
    ),
    epochs: flag.positiveInt(
      '--epochs <N>',
      'shortened protocol: T = N for every run (recorded in the store and the report)',
    ),
    limit: flag.positiveInt(
      '--limit <N>',
      'read at most N training and N test images per run (quick trials)',
    ),
    backend: flag.choice('--backend <B>', 'the backend (default: the fastest that loads)', BACKEND_NAMES),
    store: flag.string('--store <PATH>', `the result store (default ${DEFAULT_STORE})`),
    runs: flag.string('--runs <DIR>', `where run folders go (default ${DEFAULT_RUNS}/)`),
    retryFailed: flag.boolean('--retry-failed', 'train again runs recorded as failed'),
    dryRun: flag.boolean('--dry-run', 'print the plan (runs, shared runs, estimated cost) and train nothing'),
    quiet: flag.boolean('--quiet', 'no progress output'),
    queue: flag.string(
      '--queue <URL>',
      "put the runs on the sweep's own queue in Redis instead (redis://[:PASSWORD@]HOST[:PORT][/DB], or " +
        'rediss:// for TLS; default: $MTL_QUEUE when set), named after the sweep, for `mtl worker`s on any ' +
        'machine to train; results come back into the store. Waits for every run.',
    ),
    tlsCa: flag.string(
      '--tls-ca <FILE>',
      "with a rediss:// queue: trust only this CA's certificate (PEM) for the server (default: Node's CAs and $NODE_EXTRA_CA_CERTS)",
    ),
    attempts: flag.string(
      '--attempts <N>',
      'with --queue: tries per run before it is recorded failed (default 3; a diverged run is not tried again)',
    ),
    backoffMs: flag.string(
      '--backoff-ms <MS>',
      'with --queue: delay before the first retry, doubled each time (default 10000)',
    ),
  },
} as const satisfies VerbSpec<Flags>;

/** The CLI's streams with every `//user:password@` in what it prints hidden (a misspelt --queue=URL flag echoes it). */
export function redactingIo(io: CliIo): CliIo {
  const write = (text: string) => io.stderr.write(text.replace(/(\/\/)[^/@\s]*@/g, '$1***@'));
  return { ...io, stderr: { write } as CliIo['stderr'] };
}

export interface QueueFlags {
  readonly address: QueueAddress;
  readonly attempts: number;
  readonly backoffMs: number;
}

/** --queue and its options (or $MTL_QUEUE): undefined for the local pool, a message when wrong. */
function queueFlags(
  values: {
    readonly queue?: string;
    readonly attempts?: string;
    readonly backoffMs?: string;
    readonly workers?: number;
    readonly tlsCa?: string;
  },
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): QueueFlags | undefined | string {
  const url = values.queue ?? (values.workers === undefined ? env.MTL_QUEUE : undefined);
  if (url === undefined) {
    if (values.attempts !== undefined || values.backoffMs !== undefined || values.tlsCa !== undefined)
      return '--attempts, --backoff-ms and --tls-ca need --queue';
    return undefined;
  }
  if (values.queue !== undefined && values.workers !== undefined)
    return '--workers is for the local pool; with --queue, start `mtl worker`s';
  const tls = values.tlsCa === undefined ? {} : readTlsCa(values.tlsCa, cwd);
  if (typeof tls === 'string') return tls;
  const address = parseQueueUrl(url, tls);
  if (typeof address === 'string') return address;
  const attempts = positive('attempts', values.attempts) ?? 3;
  if (typeof attempts === 'string') return attempts;
  const backoffMs = Number(values.backoffMs ?? 10_000);
  if (!Number.isInteger(backoffMs) || backoffMs < 0)
    return `--backoff-ms needs a whole number of milliseconds, got '${values.backoffMs}'`;
  return { address, attempts, backoffMs };
}

function positive(name: string, text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : `--${name} needs a positive integer, got '${text}'`;
}

export const sweepCommand: Command = async (argv, io) => {
  const parsed = parseVerb(sweepVerb, argv, redactingIo(io));
  if (!parsed.ok) return parsed.exitCode;
  const { values, positionals } = parsed;
  const { workers, epochs, limit } = values;
  const queue = queueFlags(values, process.env, io.cwd);
  if (typeof queue === 'string') return verbError(redactingIo(io), 'mtl sweep', queue);

  const checked = checkSpec(positionals[0]!, io, 'sweep');
  if (!checked.ok) return checked.exitCode;
  const sweep = findSweep(checked.ir, values.sweep);
  if (typeof sweep === 'string') return usageError(io, 'sweep', sweep);
  let plan: SweepPlan;
  try {
    plan = planSweep(checked.ir, sweep, {
      ...(epochs === undefined ? {} : { epochs }),
      ...(limit === undefined ? {} : { limit }),
      networks: networkLookup(checked.program, checked.source),
    });
  } catch (error) {
    if (error instanceof PlanError) {
      io.stderr.write(`mtl sweep: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  }
  if (values.dryRun) {
    io.stdout.write(planSummary(plan));
    return EXIT_OK;
  }
  for (const warning of plan.warnings) io.stderr.write(`mtl sweep: ${warning}\n`);

  const { trainSweep } = await import('./sweep-train.js');
  return trainSweep(plan, io, {
    workers: workers ?? availableParallelism(),
    store: resolve(io.cwd, values.store ?? DEFAULT_STORE),
    runsDir: values.runs ?? DEFAULT_RUNS,
    ...(values.backend === undefined ? {} : { backend: values.backend }),
    retryFailed: values.retryFailed === true,
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

// `mtl worker --queue redis://… [--sweep NAME[,NAME…]] [--concurrency N]
// [--runs DIR] [--lock-ms MS] [--tls-ca FILE]`: take runs from the queued
// sweeps' queues (every sweep submitted to that Redis, or the ones named) and
// train them here until stopped (Ctrl-C or SIGTERM: running runs save a
// checkpoint and go back on the queue).
import { availableParallelism } from 'node:os';
import { type Flags, type FlagValues, flag, parseVerb, type VerbSpec } from '../args/verb.js';
import { queueNameOf } from '../sweep/queue/names.js';
import { parseQueueUrl, type QueueAddress, readTlsCa } from '../sweep/queue/queue-url.js';
import { type Command, EXIT_OK, EXIT_USAGE } from './io.js';
import { DEFAULT_RUNS, redactingIo } from './sweep.js';
import { verbError } from './verb-error.js';

/** `mtl worker`'s arguments, as data for the shared parser (src/args/verb.ts). */
const workerVerb = {
  command: 'mtl worker',
  summary:
    'Takes runs from the queues that `mtl sweep FILE --queue URL` fills (one per sweep, named after it: ' +
    'every sweep submitted to that Redis, including sweeps submitted later, or only those named by --sweep) ' +
    'and trains them here (the same trainer as `mtl run`), in run folders under --runs; each result goes ' +
    'back to its sweep through the queue. Start one on every machine that should train. Runs until Ctrl-C ' +
    'or SIGTERM: running runs save a checkpoint and go back on the queue. A worker that dies loses its runs ' +
    'to the other workers after --lock-ms.',
  flags: {
    queue: flag.string(
      '--queue <URL>',
      'the queue: redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss:// for TLS (default: $MTL_QUEUE, which keeps a password off the command line)',
    ),
    sweep: flag.string(
      '--sweep <NAMES>',
      "train only these sweeps' runs (comma-separated sweep names; default: every sweep on the queue)",
    ),
    tlsCa: flag.string(
      '--tls-ca <FILE>',
      "with rediss://: trust only this CA's certificate (PEM) for the server (default: Node's CAs and $NODE_EXTRA_CA_CERTS)",
    ),
    concurrency: flag.positiveInt(
      '--concurrency <N>',
      `runs trained at once (default: the machine's cores, ${availableParallelism()} here)`,
    ),
    runs: flag.string('--runs <DIR>', `where run folders go (default ${DEFAULT_RUNS}/)`),
    lockMs: flag.positiveInt(
      '--lock-ms <MS>',
      'how long a run lock lasts unrenewed (default 30000, at least 1000)',
    ),
    quiet: flag.boolean('--quiet', 'no log lines'),
  },
} as const satisfies VerbSpec<Flags>;

interface WorkerFlags {
  readonly address: QueueAddress;
  /** The sweeps to serve (as named), or undefined for every sweep on the queue. */
  readonly sweeps?: readonly string[];
  readonly concurrency: number;
  readonly runsDir: string;
  readonly lockMs: number;
  readonly quiet: boolean;
}

/** The worker's settings from its parsed flags (and $MTL_QUEUE), or a message saying what is wrong. */
export function workerFlags(
  values: FlagValues<typeof workerVerb.flags>,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): WorkerFlags | string {
  const url = values.queue ?? env.MTL_QUEUE;
  if (!url) return 'needs --queue redis://HOST:PORT/DB (or MTL_QUEUE)';
  const tls = values.tlsCa === undefined ? {} : readTlsCa(values.tlsCa, cwd);
  if (typeof tls === 'string') return tls;
  const address = parseQueueUrl(url, tls);
  if (typeof address === 'string') return address;
  let sweeps: string[] | undefined;
  if (values.sweep !== undefined) {
    sweeps = values.sweep.split(',').map((name) => name.trim());
    const bad = sweeps.find((name) => name === '' || queueNameOf(name) !== name);
    if (bad !== undefined) return `--sweep needs sweep names separated by commas, got '${values.sweep}'`;
  }
  const lockMs = values.lockMs ?? 30_000;
  if (lockMs < 1000) return `--lock-ms needs an integer of at least 1000, got '${lockMs}'`;
  return {
    address,
    ...(sweeps ? { sweeps } : {}),
    concurrency: values.concurrency ?? availableParallelism(),
    runsDir: values.runs ?? DEFAULT_RUNS,
    lockMs,
    quiet: values.quiet === true,
  };
}

export const workerCommand: Command = async (argv, io) => {
  const parsed = parseVerb(workerVerb, argv, redactingIo(io));
  if (!parsed.ok) return parsed.exitCode;
  const flags = workerFlags(parsed.values, process.env, io.cwd);
  if (typeof flags === 'string') return verbError(redactingIo(io), 'mtl worker', flags);
  const { startQueueWorker } = await import('../sweep/queue/queue-worker.js');
  const { probeQueue } = await import('../sweep/queue/probe-queue.js');
  const problem = await probeQueue(flags.address);
  if (problem) {
    io.stderr.write(`mtl worker: cannot reach the queue at ${flags.address.display}: ${problem}\n`);
    return EXIT_USAGE;
  }
  const log = flags.quiet ? () => {} : (line: string) => io.stderr.write(`mtl worker: ${line}\n`);
  const worker = startQueueWorker({
    address: flags.address,
    concurrency: flags.concurrency,
    cwd: io.cwd,
    runsDir: flags.runsDir,
    lockMs: flags.lockMs,
    ...(flags.sweeps ? { sweeps: flags.sweeps } : {}),
    log,
  });
  await worker.ready;
  const which = flags.sweeps
    ? `sweep${flags.sweeps.length > 1 ? 's' : ''} ${flags.sweeps.join(', ')}`
    : 'every sweep';
  log(
    `taking runs of ${which} from ${flags.address.display}, ${flags.concurrency} at a time, run folders in ${flags.runsDir}/`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log('stopping: running runs save a checkpoint and go back on the queue');
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await worker.close();
  log('stopped');
  return EXIT_OK;
};

// `mtl worker --queue redis://… [--concurrency N] [--runs DIR] [--lock-ms MS]`:
// take runs from a queued sweep's queue and train them here until stopped
// (Ctrl-C or SIGTERM: running runs save a checkpoint and go back on the queue).
import { availableParallelism } from 'node:os';
import { type Flags, type FlagValues, flag, parseVerb, type VerbSpec } from '../args/verb.js';
import { parseQueueUrl, type QueueAddress } from '../sweep/queue/queue-url.js';
import { type Command, EXIT_OK, EXIT_USAGE } from './io.js';
import { DEFAULT_RUNS, redactingIo } from './sweep.js';
import { verbError } from './verb-error.js';

/** `mtl worker`'s arguments, as data for the shared parser (src/args/verb.ts). */
const workerVerb = {
  command: 'mtl worker',
  summary:
    'Takes runs from the queue that `mtl sweep FILE --queue URL` fills and trains them here (the same ' +
    'trainer as `mtl run`), in run folders under --runs; each result goes back to the sweep through the ' +
    'queue. Start one on every machine that should train. Runs until Ctrl-C or SIGTERM: running runs save ' +
    'a checkpoint and go back on the queue. A worker that dies loses its runs to the other workers after --lock-ms.',
  flags: {
    queue: flag.string(
      '--queue <URL>',
      'the queue: redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss:// for TLS (default: $MTL_QUEUE, which keeps a password off the command line)',
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
  readonly concurrency: number;
  readonly runsDir: string;
  readonly lockMs: number;
  readonly quiet: boolean;
}

/** The worker's settings from its parsed flags (and $MTL_QUEUE), or a message saying what is wrong. */
export function workerFlags(
  values: FlagValues<typeof workerVerb.flags>,
  env: NodeJS.ProcessEnv,
): WorkerFlags | string {
  const url = values.queue ?? env.MTL_QUEUE;
  if (!url) return 'needs --queue redis://HOST:PORT/DB (or MTL_QUEUE)';
  const address = parseQueueUrl(url);
  if (typeof address === 'string') return address;
  const lockMs = values.lockMs ?? 30_000;
  if (lockMs < 1000) return `--lock-ms needs an integer of at least 1000, got '${lockMs}'`;
  return {
    address,
    concurrency: values.concurrency ?? availableParallelism(),
    runsDir: values.runs ?? DEFAULT_RUNS,
    lockMs,
    quiet: values.quiet === true,
  };
}

export const workerCommand: Command = async (argv, io) => {
  const parsed = parseVerb(workerVerb, argv, redactingIo(io));
  if (!parsed.ok) return parsed.exitCode;
  const flags = workerFlags(parsed.values, process.env);
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
    log,
  });
  await worker.ready;
  log(
    `taking runs from ${flags.address.display}, ${flags.concurrency} at a time, run folders in ${flags.runsDir}/`,
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

// `mtl worker --queue redis://… [--concurrency N] [--runs DIR] [--lock-ms MS]`:
// take runs from a queued sweep's queue and train them here until stopped
// (Ctrl-C or SIGTERM: running runs save a checkpoint and go back on the queue).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { parseQueueUrl, type QueueAddress, redactUrl } from '../sweep/queue/queue-url.js';
import { usageError } from './compile.js';
import { type Command, EXIT_OK, EXIT_USAGE } from './io.js';
import { DEFAULT_RUNS } from './sweep.js';

const usage = `usage: mtl worker --queue redis://[:PASSWORD@]HOST[:PORT][/DB] [options]

Takes runs from the queue that \`mtl sweep FILE --queue URL\` fills and trains them
here (the same trainer as \`mtl run\`), in run folders under --runs; each result
goes back to the sweep through the queue. Start one on every machine that should
train. Runs until Ctrl-C or SIGTERM: running runs save a checkpoint and go back on
the queue. A worker that dies loses its runs to the other workers after --lock-ms.
  --queue URL        the queue (redis:// or rediss:// for TLS; default: $MTL_QUEUE,
                     which keeps a password off the command line)
  --concurrency N    runs trained at once (default: the machine's cores, ${availableParallelism()} here)
  --runs DIR         where run folders go (default ${DEFAULT_RUNS}/)
  --lock-ms MS       how long a run's lock lasts unrenewed (default 30000)
  --quiet            no log lines
`;

export interface WorkerFlags {
  readonly address: QueueAddress;
  readonly concurrency: number;
  readonly runsDir: string;
  readonly lockMs: number;
  readonly quiet: boolean;
}

/** The worker's flags, or a message saying what is wrong with them ('help' for --help). */
export function workerFlags(argv: readonly string[], env: NodeJS.ProcessEnv): WorkerFlags | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        queue: { type: 'string' },
        concurrency: { type: 'string' },
        runs: { type: 'string' },
        'lock-ms': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return redactUrl((error as Error).message);
  }
  if (values.help) return 'help';
  const url = (values.queue as string | undefined) ?? env.MTL_QUEUE;
  if (!url) return 'needs --queue redis://HOST:PORT/DB (or MTL_QUEUE)';
  const address = parseQueueUrl(url);
  if (typeof address === 'string') return address;
  const concurrency = Number(values.concurrency ?? availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1)
    return `--concurrency needs a positive integer, got '${values.concurrency}'`;
  const lockMs = Number(values['lock-ms'] ?? 30_000);
  if (!Number.isInteger(lockMs) || lockMs < 1000)
    return `--lock-ms needs an integer of at least 1000, got '${values['lock-ms']}'`;
  return {
    address,
    concurrency,
    runsDir: (values.runs as string | undefined) ?? DEFAULT_RUNS,
    lockMs,
    quiet: values.quiet === true,
  };
}

export const workerCommand: Command = async (argv, io) => {
  const flags = workerFlags(argv, process.env);
  if (flags === 'help') {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (typeof flags === 'string') return usageError(io, 'worker', flags, usage);
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

// The training half of `mtl sweep`: open the store, start the pool, run the
// plan with Ctrl-C wired to a clean stop, and summarise.
import type { BackendName } from '../runtime/backend.js';
import type { RunExecutor } from '../sweep/executor.js';
import { LocalPool } from '../sweep/local-pool.js';
import type { SweepPlan } from '../sweep/plan-types.js';
import { runSweep } from '../sweep/run-sweep.js';
import { ResultStore } from '../sweep/store/result-store.js';
import { formatDuration, SweepProgress } from '../sweep/sweep-progress.js';
import { type CliIo, EXIT_OK, EXIT_PROBLEMS } from './io.js';
import type { QueueFlags } from './sweep.js';

interface TrainSweepOptions {
  readonly workers: number;
  /** Absolute path of the store. */
  readonly store: string;
  /** Run folders' root, relative to io.cwd. */
  readonly runsDir: string;
  readonly backend?: BackendName;
  readonly retryFailed: boolean;
  readonly quiet: boolean;
  /** Stops the sweep like Ctrl-C (tests); SIGINT is handled as well. */
  readonly signal?: AbortSignal;
  /** Put the runs on this queue for `mtl worker`s instead of training them here. */
  readonly queue?: QueueFlags;
}

async function openExecutor(plan: SweepPlan, io: CliIo, options: TrainSweepOptions): Promise<RunExecutor> {
  if (!options.queue)
    return new LocalPool({ workers: options.workers, cwd: io.cwd, runsDir: options.runsDir });
  const { QueueExecutor } = await import('../sweep/queue/queue-executor.js');
  const { address, attempts, backoffMs } = options.queue;
  const executor = await QueueExecutor.open({
    address,
    sweep: plan.sweep,
    attempts,
    backoffMs,
    retryFailed: options.retryFailed,
  });
  if (!options.quiet)
    io.stderr.write(
      `mtl sweep: runs go on queue ${executor.queueName} at ${address.display}; train them with: mtl worker --queue ${address.display}\n`,
    );
  return executor;
}

export async function trainSweep(plan: SweepPlan, io: CliIo, options: TrainSweepOptions): Promise<number> {
  const store = ResultStore.open(options.store);
  let pool: RunExecutor;
  try {
    pool = await openExecutor(plan, io, options);
  } catch (error) {
    store.close();
    throw error;
  }
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort());
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr.write('\nmtl sweep: stopping: running runs save a checkpoint (Ctrl-C again to quit now)\n');
      controller.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSigint);
  const progress = options.quiet ? null : new SweepProgress(plan, io.stderr);
  const started = Date.now();
  try {
    const outcome = await runSweep(plan, {
      store,
      executor: pool,
      retryFailed: options.retryFailed,
      signal: controller.signal,
      ...(options.backend ? { backend: options.backend } : {}),
      ...(progress ? { onEvent: progress.onEvent } : {}),
    });
    progress?.finish();
    const total = plan.runs.length;
    const finished = outcome.done + outcome.alreadyDone;
    const failed = outcome.failed + outcome.alreadyFailed;
    io.stdout.write(
      `${plan.sweep}: ${finished}/${total} runs done (${outcome.done} trained now, ${outcome.alreadyDone} already in the store), ` +
        `${failed} failed, ${outcome.interrupted} interrupted, in ${formatDuration((Date.now() - started) / 1000)}\n` +
        (outcome.status === 'interrupted'
          ? `  stopped; run the same command again to resume\n`
          : `  report: mtl report ${plan.sweep}${options.store.endsWith('runs/mtl.sqlite') ? '' : ` --store ${options.store}`}\n`),
    );
    if (outcome.status === 'interrupted') return 130;
    return failed > 0 ? EXIT_PROBLEMS : EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
    await pool.close();
    store.close();
  }
}

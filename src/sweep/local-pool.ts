// The local pool: up to N worker child processes, each a real trainer
// (worker-child), kept across runs so the backend and the program compiler
// load once per process. A worker that dies fails the run it had, not the
// sweep; the next run gets a fresh process. When the pool's processes fill
// the machine's cores, their runs train without the prefetch thread
// (it would only compete with the other processes for a core).
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EpochProgress, RunExecutor } from './executor.js';
import { type RunPayload, type RunRecord, recordWithoutResult } from './run-payload.js';
import type { ChildOptions, FromChild, ToChild } from './worker-protocol.js';

export interface LocalPoolOptions extends ChildOptions {
  readonly workers: number;
}

interface Job {
  readonly payload: RunPayload;
  readonly onEpoch?: (event: EpochProgress) => void;
  readonly resolve: (record: RunRecord) => void;
  readonly startedAt: string;
}

interface Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  job: Job | null;
  stderr: string;
  exited: boolean;
}

/** Keep this much of a worker's stderr to explain a crash. */
const STDERR_TAIL = 4000;

/**
 * RunOptions.prefetch for a pool of `workers` processes on `cores` cores: off
 * when the processes fill the cores (a prefetch thread per run would only
 * compete with them), else as asked (undefined: the runtime's default).
 */
export function poolPrefetch(
  workers: number,
  cores: number,
  asked: boolean | undefined,
): boolean | undefined {
  return workers >= cores ? false : asked;
}

/**
 * The worker entry: the compiled worker-child.js beside this module under
 * dist/; from sources (tests, tsx), the built one when it is at least as new
 * as the sources (a child then starts in a fraction of the time), else the
 * .ts through tsx.
 */
function childEntry(): { file: string; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts'))
    return { file: fileURLToPath(new URL('./worker-child.js', import.meta.url)), execArgv: [] };
  const built = fileURLToPath(new URL('../../dist/src/sweep/worker-child.js', import.meta.url));
  const sources = fileURLToPath(new URL('..', import.meta.url));
  if (existsSync(built) && statSync(built).mtimeMs >= newest(sources)) return { file: built, execArgv: [] };
  // tsx resolved from here, not from the run's working folder (which has no node_modules).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: fileURLToPath(new URL('./worker-child.ts', import.meta.url)), execArgv: ['--import', tsx] };
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

function crashRecord(
  job: Job,
  worker: Worker,
  code: number | null,
  signal: NodeJS.Signals | null,
): RunRecord {
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  const tail = worker.stderr.trim();
  return recordWithoutResult(job.payload, {
    status: 'failed',
    message: `the worker process died (${how})${tail ? `: ${tail}` : ''}`,
    startedAt: job.startedAt,
    worker: `${hostname()}:${worker.child.pid ?? '?'}`,
  });
}

export class LocalPool implements RunExecutor {
  readonly capacity: number;
  private readonly workers = new Set<Worker>();
  private readonly waiting: Job[] = [];
  private stopped = false;

  constructor(private readonly options: LocalPoolOptions) {
    this.capacity = Math.max(1, Math.floor(options.workers));
  }

  execute(
    payload: RunPayload,
    hooks: { readonly onEpoch?: (event: EpochProgress) => void } = {},
  ): Promise<RunRecord> {
    return new Promise((resolve) => {
      this.waiting.push({ payload, onEpoch: hooks.onEpoch, resolve, startedAt: new Date().toISOString() });
      this.dispatch();
    });
  }

  /** Process ids of the live workers (for operators and tests). */
  workerPids(): number[] {
    return [...this.workers].filter((w) => !w.exited && w.child.pid !== undefined).map((w) => w.child.pid!);
  }

  stop(): void {
    this.stopped = true;
    for (const job of this.waiting.splice(0)) job.resolve(notStarted(job));
    for (const worker of this.workers) if (worker.job && !worker.exited) this.send(worker, { type: 'stop' });
  }

  async close(): Promise<void> {
    const exits = [...this.workers].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.exited) return resolve();
          const kill = setTimeout(() => worker.child.kill('SIGKILL'), 10_000);
          worker.child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          if (worker.child.connected) worker.child.disconnect();
          else worker.child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
    this.workers.clear();
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let worker = [...this.workers].find((w) => w.job === null && !w.exited);
      if (!worker && this.workers.size < this.capacity) worker = this.spawn();
      if (!worker) return;
      const job = this.waiting.shift()!;
      worker.job = job;
      worker.stderr = '';
      const target = worker;
      void target.ready.then(() => {
        if (!target.exited)
          this.send(target, { type: 'run', payload: job.payload, options: this.childOptions() });
      });
    }
  }

  private childOptions(): ChildOptions {
    const { cwd, runsDir, dataRoot } = this.options;
    const prefetch = poolPrefetch(this.capacity, availableParallelism(), this.options.prefetch);
    return {
      cwd,
      runsDir,
      ...(dataRoot ? { dataRoot } : {}),
      ...(prefetch === undefined ? {} : { prefetch }),
    };
  }

  private send(worker: Worker, message: ToChild): void {
    if (worker.child.connected) worker.child.send(message);
  }

  private spawn(): Worker {
    const { file, execArgv } = childEntry();
    const child = fork(file, [], {
      cwd: this.options.cwd,
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let markReady = () => {};
    const worker: Worker = {
      child,
      ready: new Promise<void>((resolve) => {
        markReady = resolve;
      }),
      job: null,
      stderr: '',
      exited: false,
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      worker.stderr = (worker.stderr + text).slice(-STDERR_TAIL);
    });
    child.on('message', (message: FromChild) => {
      if (message.type === 'ready') markReady();
      else if (message.type === 'epoch')
        worker.job?.onEpoch?.({ epoch: message.epoch, epochs: message.epochs });
      else if (message.type === 'record') {
        const job = worker.job;
        worker.job = null;
        job?.resolve(message.record);
        if (!this.stopped) this.dispatch();
      }
    });
    child.on('exit', (code, signal) => {
      worker.exited = true;
      markReady();
      this.workers.delete(worker);
      const job = worker.job;
      worker.job = null;
      if (job) job.resolve(crashRecord(job, worker, code, signal));
      if (!this.stopped) this.dispatch();
    });
    this.workers.add(worker);
    return worker;
  }
}

function notStarted(job: Job): RunRecord {
  return recordWithoutResult(job.payload, {
    status: 'interrupted',
    message: 'stopped before it started',
    startedAt: job.startedAt,
  });
}

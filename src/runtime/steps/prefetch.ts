// The prefetch worker's main-thread side: a worker thread (prefetch-worker.ts)
// draws a step's noise and gathers its rows while the main thread runs the
// step before it, so neither sits on the critical path. The pool's pixels and
// non-zero index are shared with it once (SharedArrayBuffers, no copy per
// step). Its outputs come back in plain ArrayBuffers, transferred (not
// copied) both ways: ONNX Runtime refuses shared memory as a feed. The step
// path is synchronous, so the main thread waits for a job with Atomics.wait
// and takes its result off the port with receiveMessageOnPort.
//
// Whatever goes wrong (the worker cannot start, dies, or is slow beyond
// reason), a step falls back to drawing its inputs inline with the very same
// code (step-fill.ts), so results never depend on the prefetcher.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Shape } from '../../step/program.js';
import type { NonZeros } from '../data/columns.js';
import type { PrefetchTiming } from '../train/step-engine.js';
import { type FillKind, type PoolSource, type StepPlace, shapeDims } from './step-fill.js';

/** One input the worker fills: `dae` is the DAE slot of a noise input (−1 for rows). */
export interface PrefetchInput {
  readonly name: string;
  readonly kind: FillKind;
  readonly dae: number;
  /** Its shape (step/program.ts), sized by the worker once it has found the place's kept columns. */
  readonly shape: Shape;
  /** It holds only the place's kept input columns. */
  readonly kept: boolean;
}

export interface PrefetchJob {
  /** Names the step (place and step key): a prepared step is used only by a request with the same tag. */
  readonly tag: string;
  /** Its rows; the worker finds the kept columns (step-fill.ts withColumns) unless the place holds them. */
  readonly place: StepPlace;
  readonly inputs: readonly PrefetchInput[];
}

/** What the worker is sent: the inputs to fill, in order, and a buffer to reuse. */
export interface WorkerJob {
  readonly seq: number;
  /**
   * The inputs' floats with every column kept. The buffer sent, or the one the
   * worker allocates, holds that many: it then fits any later job of the step,
   * whatever columns it keeps, and buffers go round instead of being allocated
   * (each new one cost the main thread a scavenge for "external memory pressure").
   */
  readonly floats: number;
  readonly buffer: ArrayBuffer | null;
  readonly place: StepPlace;
  readonly inputs: readonly Omit<PrefetchInput, 'name'>[];
}

/** What the worker sends back on the result port (then it counts the job done). */
export interface WorkerResult {
  readonly seq: number;
  /** Null when the job failed. */
  readonly buffer: ArrayBuffer | null;
  /** Where each input is in the buffer, in floats, in the job's order. */
  readonly layout: readonly { readonly offset: number; readonly size: number }[];
  /** The place's kept columns as the worker found them (null: the pool has no row bits). */
  readonly columns: Int32Array | null;
  readonly labeledColumns: Int32Array | null;
}

/** A prepared step: its inputs by name (valid until release()) and its kept columns. */
export interface Prepared {
  readonly inputs: ReadonlyMap<string, Float32Array>;
  readonly kept: Pick<StepPlace, 'columns' | 'labeledColumns'>;
}

export interface WorkerInit {
  readonly pool: PoolSource;
  readonly results: MessagePort;
  /** [READY, jobs done]. */
  readonly control: Int32Array;
  /** [noise ms, gather ms]: the worker's own time. */
  readonly stats: Float64Array;
}

export const READY = 0;
export const DONE = 1;
/** A job takes milliseconds; a wait this long means the worker is gone, and the run goes on without it. */
const GIVE_UP_MS = 60_000;
const MAX_FREE = 4;
/**
 * Jobs asked for and not taken: two in steady state (step-lookahead.ts asks for
 * the next two steps), three after a step the plan did not foresee.
 */
const MAX_PENDING = 3;
/** How long a run waits for the worker to start; a slower start only leaves the first steps inline. */
const START_MS = 10_000;

interface Posted {
  readonly seq: number;
  readonly tag: string;
  /** The inputs' names, in the job's order. */
  readonly names: readonly string[];
}

export class Prefetcher {
  private seq = 0;
  /** Jobs posted and not yet taken, oldest first. */
  private readonly posted: Posted[] = [];
  /** Buffers back from the worker, to send with the next jobs; `held` is the one the current step uses. */
  private readonly free: ArrayBuffer[] = [];
  private held: ArrayBuffer | null = null;
  private broken = false;
  /** Settles once the worker is up, or failed to start, or START_MS passed. */
  readonly started: Promise<void>;
  readonly timing: PrefetchTiming = { waitMs: 0, postMs: 0, noiseMs: 0, gatherMs: 0, steps: 0 };

  private constructor(
    /** As many columns as the pool has: a kept-column input holds at most this many (only its length counts). */
    private readonly allColumns: Int32Array,
    private readonly worker: Worker,
    private readonly results: MessagePort,
    private readonly control: Int32Array,
    private readonly stats: Float64Array,
  ) {
    // A worker never keeps the process alive, and its failure only turns prefetching off.
    worker.unref();
    results.unref();
    worker.on('exit', () => {
      this.broken = true;
    });
    // The worker starts only while this thread's event loop runs, so the run awaits it before its first step.
    this.started = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, START_MS);
      timer.unref();
      const settle = () => {
        clearTimeout(timer);
        resolve();
      };
      worker.once('message', settle);
      worker.once('error', () => {
        this.stop();
        settle();
      });
      worker.once('exit', settle);
    });
  }

  /** Starts the worker; null when it cannot start (the steps then draw inline). */
  static start(pool: PoolSource): Prefetcher | null {
    try {
      const shared: PoolSource = {
        ...pool,
        pixels: toShared(pool.pixels),
        sparse: pool.sparse && sharedNonZeros(pool.sparse),
        rowBits: pool.rowBits && toShared(pool.rowBits),
      };
      const control = new Int32Array(new SharedArrayBuffer(4 * 2));
      const stats = new Float64Array(new SharedArrayBuffer(8 * 2));
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = { pool: shared, results: port2, control, stats };
      return new Prefetcher(new Int32Array(pool.dim), startWorker(init, [port2]), port1, control, stats);
    } catch {
      return null;
    }
  }

  /** Asks the worker for a step's inputs (ignored until the worker is up, or once it stopped). */
  post(job: PrefetchJob): void {
    if (this.broken || Atomics.load(this.control, READY) !== 1) return;
    if (this.posted.length >= MAX_PENDING) {
      // The plan keeps missing the steps that come (a trainer whose steps are not a function
      // of the schedules): stop rather than pile up results nobody takes.
      this.stop();
      return;
    }
    // The worker sizes the kept-column inputs; a buffer that holds them with every column kept fits.
    const all = { ...job.place, columns: this.allColumns, labeledColumns: this.allColumns };
    const floats = job.inputs.reduce(
      (sum, input) => sum + shapeDims(input.shape, all).reduce((a, b) => a * b, 1),
      0,
    );
    const buffer = this.bufferFor(floats * 4);
    const seq = ++this.seq;
    const inputs = job.inputs.map(({ kind, dae, shape, kept }) => ({ kind, dae, shape, kept }));
    const message: WorkerJob = { seq, floats, buffer, place: job.place, inputs };
    this.worker.postMessage(message, buffer ? [buffer] : []);
    this.posted.push({ seq, tag: job.tag, names: job.inputs.map((input) => input.name) });
  }

  /** Jobs asked for and not yet taken. */
  get pendingCount(): number {
    return this.posted.length;
  }

  /** Whether the step named `tag` is asked for and not yet taken. */
  pending(tag: string): boolean {
    return this.posted.some((job) => job.tag === tag);
  }

  /**
   * The inputs prepared for the step named `tag`, by input name, once the
   * worker has written them (valid until release()), and the kept columns it
   * found; null when that step was not prepared (the step draws them inline).
   */
  take(tag: string): Prepared | null {
    const at = this.posted.findIndex((job) => job.tag === tag);
    if (at < 0 || this.broken) return null;
    const job = this.posted[at];
    // Jobs before it were planned for steps that did not come: their results are dropped.
    this.posted.splice(0, at + 1);
    const started = performance.now();
    const result = this.resultOf(job.seq);
    this.timing.waitMs += performance.now() - started;
    this.timing.noiseMs = this.stats[0];
    this.timing.gatherMs = this.stats[1];
    const buffer = result?.buffer;
    if (!result || !buffer) return null;
    this.timing.steps++;
    this.held = buffer;
    const inputs = new Map(
      job.names.map((name, i) => {
        const { offset, size } = result.layout[i];
        return [name, new Float32Array(buffer, offset * 4, size)];
      }),
    );
    return { inputs, kept: { columns: result.columns, labeledColumns: result.labeledColumns } };
  }

  /** The step that took prepared inputs has run: their buffer may be filled again. */
  release(): void {
    if (this.held) this.recycle(this.held);
    this.held = null;
  }

  /** The smallest free buffer that holds `bytes`, or null (the worker then allocates one). */
  private bufferFor(bytes: number): ArrayBuffer | null {
    let best = -1;
    this.free.forEach((buffer, i) => {
      if (buffer.byteLength >= bytes && (best < 0 || buffer.byteLength < this.free[best].byteLength))
        best = i;
    });
    return best >= 0 ? this.free.splice(best, 1)[0] : null;
  }

  private recycle(buffer: ArrayBuffer): void {
    // A step holds one buffer and the worker fills the next: a few are enough.
    if (this.free.length < MAX_FREE) this.free.push(buffer);
  }

  /** Ends the worker (the run is over, or it failed). */
  stop(): void {
    this.broken = true;
    this.results.close();
    void this.worker.terminate();
  }

  /** Waits for job `seq` and takes its result off the port (null: the worker is gone). */
  private resultOf(seq: number): WorkerResult | null {
    const deadline = performance.now() + GIVE_UP_MS;
    for (;;) {
      const done = Atomics.load(this.control, DONE);
      if (done >= seq) break;
      if (performance.now() > deadline) {
        this.stop();
        return null;
      }
      Atomics.wait(this.control, DONE, done, 1000);
    }
    for (;;) {
      const received = receiveMessageOnPort(this.results);
      if (!received) {
        this.stop();
        return null;
      }
      const result = received.message as WorkerResult;
      if (result.seq === seq) {
        if (!result.buffer) this.stop();
        return result;
      }
      if (result.buffer) this.recycle(result.buffer);
    }
  }
}

function toShared<T extends Float32Array | Int32Array | Uint32Array | Uint16Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Kind = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const shared = new Kind(new SharedArrayBuffer(array.byteLength));
  shared.set(array as never);
  return shared;
}

function sharedNonZeros(sparse: NonZeros): NonZeros {
  return { offsets: toShared(sparse.offsets), columns: toShared(sparse.columns) };
}

function startWorker(init: WorkerInit, transferList: MessagePort[]): Worker {
  const entry = workerEntry();
  if (entry.tsx === null) return new Worker(entry.file, { workerData: init, transferList });
  // A worker does not inherit tsx's loader: it registers it, then imports the .ts entry.
  const code =
    `import(${JSON.stringify(entry.tsx)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(pathToFileURL(entry.file).href)}); })`;
  return new Worker(code, { eval: true, workerData: init, transferList });
}

/**
 * The worker entry: the compiled prefetch-worker.js beside this module under
 * dist/; from sources (tests, tsx), the built one when it is at least as new
 * as the runtime's sources, else the .ts through tsx (as the local sweep pool
 * picks its child's entry).
 */
function workerEntry(): { readonly file: string; readonly tsx: string | null } {
  if (!import.meta.url.endsWith('.ts'))
    return { file: fileURLToPath(new URL('./prefetch-worker.js', import.meta.url)), tsx: null };
  const built = fileURLToPath(new URL('../../../dist/src/runtime/steps/prefetch-worker.js', import.meta.url));
  const sources = fileURLToPath(new URL('..', import.meta.url));
  if (existsSync(built) && statSync(built).mtimeMs >= newest(sources)) return { file: built, tsx: null };
  // tsx's ESM API, resolved from here (its package maps `import` to the .mjs build).
  const api = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  return {
    file: fileURLToPath(new URL('./prefetch-worker.ts', import.meta.url)),
    tsx: pathToFileURL(api).href,
  };
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

// The prefetch worker's main-thread side: a worker thread (prefetch-worker.ts)
// draws a step's noise and gathers its rows while the main thread runs the
// step before it, so neither sits on the critical path. The pool's pixels and
// non-zero index are shared with it once (SharedArrayBuffers, no copy per
// step). Its outputs come back in plain ArrayBuffers, transferred (not
// copied) both ways: ONNX Runtime refuses shared memory as a feed. The step
// path is synchronous, so the main thread waits for a job with Atomics.wait
// and takes its result off the port with receiveMessageOnPort.
//
// The worker also runs the second part of a step split in two (step/parts.ts)
// while the main thread runs the first: it keeps the rows and noise it drew
// for that part (those only that part uses are never sent; those both parts
// use are sent and a copy kept), the main thread sends the parameters and
// factors, and the part's outputs come back on a port of their own.
//
// Whatever goes wrong (the worker cannot start, dies, or is slow beyond
// reason), a step falls back to drawing its inputs inline with the very same
// code (step-fill.ts), and to running both parts itself on the same graphs, so
// results never depend on the prefetcher.
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
  /**
   * Who uses it: the main thread (the step's first part), the worker (a later
   * part it runs, runGraph: the worker keeps it, and it is not sent), or both.
   */
  readonly user: 'main' | 'worker' | 'both';
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
  readonly kind: 'fill';
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
  readonly inputs: readonly PrefetchInput[];
}

/** A feed of a step part the worker runs; null data: the copy the worker kept of prepared input `kept`. */
export interface GraphFeed {
  readonly data: Float32Array | Int32Array | null;
  readonly dims: readonly number[];
  readonly kept?: string;
}

/** A step part for the worker to run, on the inputs it kept from fill job `from`. */
export interface GraphJob {
  readonly kind: 'graph';
  readonly seq: number;
  readonly from: number;
  /** The graph's name, and its bytes the first time it is sent. */
  readonly name: string;
  readonly model: Uint8Array | null;
  readonly feeds: Readonly<Record<string, GraphFeed>>;
}

/** The outputs of a step part, by output name. */
export type GraphOutputs = Readonly<Record<string, { readonly data: Float32Array; readonly dims: number[] }>>;

/** What the worker sends back on the graph port; null outputs: it could not run the part. */
export interface GraphResult {
  readonly seq: number;
  readonly outputs: GraphOutputs | null;
}

/** What the worker sends back on the result port (then it counts the job done). */
export interface WorkerResult {
  readonly seq: number;
  /** Null when the job failed. */
  readonly buffer: ArrayBuffer | null;
  /** Where each input the main thread uses is in the buffer, in floats, in the job's order. */
  readonly layout: readonly { readonly offset: number; readonly size: number }[];
  /** The place's kept columns as the worker found them (null: the pool has no row bits). */
  readonly columns: Int32Array | null;
  readonly labeledColumns: Int32Array | null;
}

/** A prepared step: its inputs by name (valid until release()) and its kept columns. */
export interface Prepared {
  /** The fill job that prepared it (a step part the worker runs uses the copies it kept). */
  readonly seq: number;
  readonly inputs: ReadonlyMap<string, Float32Array>;
  readonly kept: Pick<StepPlace, 'columns' | 'labeledColumns'>;
}

export interface WorkerInit {
  readonly pool: PoolSource;
  readonly results: MessagePort;
  /** The step parts to run come here, not with the fill jobs: the worker takes them first. */
  readonly graphJobs: MessagePort;
  /** Where the outputs of the step parts it runs go. */
  readonly graphs: MessagePort;
  /** [READY, fill jobs done, step parts run]. */
  readonly control: Int32Array;
  /** [noise ms, gather ms, step parts' ms, step parts run]: the worker's own time. */
  readonly stats: Float64Array;
}

export const READY = 0;
export const DONE = 1;
export const RAN = 2;
/** A job takes milliseconds; a wait this long means the worker is gone, and the run goes on without it. */
const GIVE_UP_MS = 60_000;
const MAX_FREE = 5;
/**
 * Jobs asked for and not taken: three in steady state (step-lookahead.ts asks
 * for the next three steps), four after a step the plan did not foresee.
 */
const MAX_PENDING = 4;
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
  private graphSeq = 0;
  /** The step part the worker runs now (0: none); the worker must not be ended inside ONNX Runtime's run. */
  private graphInFlight = 0;
  /** Graphs the worker has (their bytes are sent once). */
  private readonly models = new Set<string>();
  /** The worker could not run a step part: later steps run both parts here. */
  private graphsOff = false;
  /** Settles once the worker is up, or failed to start, or START_MS passed. */
  readonly started: Promise<void>;
  readonly timing: PrefetchTiming = {
    waitMs: 0,
    postMs: 0,
    noiseMs: 0,
    gatherMs: 0,
    steps: 0,
    graphMs: 0,
    graphs: 0,
    partWaitMs: 0,
  };

  private constructor(
    /** As many columns as the pool has: a kept-column input holds at most this many (only its length counts). */
    private readonly allColumns: Int32Array,
    private readonly worker: Worker,
    private readonly results: MessagePort,
    private readonly graphs: MessagePort,
    private readonly graphJobs: MessagePort,
    private readonly control: Int32Array,
    private readonly stats: Float64Array,
  ) {
    // A worker never keeps the process alive, and its failure only turns prefetching off.
    worker.unref();
    results.unref();
    graphs.unref();
    graphJobs.unref();
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
      const control = new Int32Array(new SharedArrayBuffer(4 * 3));
      const stats = new Float64Array(new SharedArrayBuffer(8 * 4));
      const results = new MessageChannel();
      const graphs = new MessageChannel();
      const graphJobs = new MessageChannel();
      const ports = { results: results.port2, graphs: graphs.port2, graphJobs: graphJobs.port2 };
      const init: WorkerInit = { pool: shared, ...ports, control, stats };
      const worker = startWorker(init, Object.values(ports));
      const main = [results.port1, graphs.port1, graphJobs.port1] as const;
      return new Prefetcher(new Int32Array(pool.dim), worker, ...main, control, stats);
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
    const sent = job.inputs.filter((input) => input.user !== 'worker');
    const floats = sent.reduce(
      (sum, input) => sum + shapeDims(input.shape, all).reduce((a, b) => a * b, 1),
      0,
    );
    const buffer = this.bufferFor(floats * 4);
    const seq = ++this.seq;
    const message: WorkerJob = { kind: 'fill', seq, floats, buffer, place: job.place, inputs: job.inputs };
    this.worker.postMessage(message, buffer ? [buffer] : []);
    this.posted.push({ seq, tag: job.tag, names: sent.map((input) => input.name) });
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
    const seq = job.seq;
    const inputs = new Map(
      job.names.map((name, i) => {
        const { offset, size } = result.layout[i];
        return [name, new Float32Array(buffer, offset * 4, size)];
      }),
    );
    return { seq, inputs, kept: { columns: result.columns, labeledColumns: result.labeledColumns } };
  }

  /**
   * Asks the worker to run a step part on the inputs it kept when it prepared
   * `prepared` and on `feeds` (the rest); a ticket for graphResult(), or null
   * when the worker cannot (the caller runs the part itself). `model`: the
   * graph's bytes, sent the first time.
   */
  runGraph(
    prepared: Prepared,
    name: string,
    model: () => Uint8Array,
    feeds: Readonly<Record<string, GraphFeed>>,
  ): number | null {
    if (this.broken || this.graphsOff || this.graphInFlight) return null;
    const seq = ++this.graphSeq;
    const job: GraphJob = {
      kind: 'graph',
      seq,
      from: prepared.seq,
      name,
      model: this.models.has(name) ? null : model(),
      feeds,
    };
    const transfer = Object.values(feeds).flatMap((feed) =>
      feed.data ? [feed.data.buffer as ArrayBuffer] : [],
    );
    this.graphJobs.postMessage(job, transfer);
    this.models.add(name);
    this.graphInFlight = seq;
    return seq;
  }

  /** The outputs of the step part `ticket`, once the worker has run it; null when it could not (run it here). */
  graphResult(ticket: number): GraphOutputs | null {
    const started = performance.now();
    const result = this.awaitGraph(ticket);
    this.timing.partWaitMs += performance.now() - started;
    this.timing.graphMs = this.stats[2];
    this.timing.graphs = this.stats[3];
    if (!result?.outputs) {
      this.graphsOff = true;
      return null;
    }
    return result.outputs;
  }

  private awaitGraph(ticket: number): GraphResult | null {
    if (!this.awaitCount(RAN, ticket)) return null;
    this.graphInFlight = 0;
    for (;;) {
      const received = receiveMessageOnPort(this.graphs);
      if (!received) return null;
      const result = received.message as GraphResult;
      if (result.seq === ticket) return result;
    }
  }

  /** Waits until the worker's count `slot` reaches `seq`; false when it gave up (the worker is then stopped). */
  private awaitCount(slot: number, seq: number): boolean {
    const deadline = performance.now() + GIVE_UP_MS;
    for (;;) {
      const done = Atomics.load(this.control, slot);
      if (done >= seq) return true;
      if (this.broken || performance.now() > deadline) {
        this.graphInFlight = 0;
        this.stop();
        return false;
      }
      Atomics.wait(this.control, slot, done, 1000);
    }
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
    // Ending a worker inside ONNX Runtime's run aborts the whole process: let its step part finish.
    const inFlight = this.graphInFlight;
    this.graphInFlight = 0;
    if (inFlight && !this.broken) {
      const deadline = performance.now() + GIVE_UP_MS;
      while (Atomics.load(this.control, RAN) < inFlight && performance.now() < deadline)
        Atomics.wait(this.control, RAN, Atomics.load(this.control, RAN), 1000);
    }
    this.broken = true;
    this.graphs.close();
    this.graphJobs.close();
    this.results.close();
    void this.worker.terminate();
  }

  /** Waits for job `seq` and takes its result off the port (null: the worker is gone). */
  private resultOf(seq: number): WorkerResult | null {
    if (!this.awaitCount(DONE, seq)) return null;
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

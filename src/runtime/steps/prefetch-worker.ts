// The prefetch worker thread (started by prefetch.ts): finds each job's kept
// input columns and fills its inputs (a step's rows and noise) with the main
// thread's own code (step-fill.ts), sends the buffer back (transferred) with
// where each input is and the columns, then counts the job done and wakes the
// main thread. It keeps a copy of the inputs a step part needs that it will
// run itself (step/parts.ts), and runs that part on its own ONNX Runtime
// session when asked. Fill jobs are done in the order they were posted; a
// step part, which the main thread waits for, goes first: the worker looks
// for one before each input it fills, and between slices of a batch's rows.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Shape } from '../../step/program.js';
import { loadOrt, type OrtSession, type OrtTensor } from '../onnx/ort.js';
import {
  DONE,
  type GraphJob,
  type GraphOutputs,
  type GraphResult,
  RAN,
  READY,
  type WorkerInit,
  type WorkerJob,
  type WorkerResult,
} from './prefetch.js';
import { fillInputInSlices, isNoiseKind, type StepPlace, shapeDims, withColumns } from './step-fill.js';

/** Rows filled between two looks for a step part to run (a quarter of a 600-row batch). */
const SLICE_ROWS = 150;

const { pool, results, graphs, graphJobs, control, stats } = workerData as WorkerInit;

/**
 * The inputs kept for step parts, by fill job: a few jobs back is enough,
 * since the main thread asks for a part right after taking its inputs. Their
 * arrays go round (`spare`): a new array each step would be a new 2 MB to
 * fault in and zero.
 */
const KEPT_JOBS = 4;
const kept = new Map<number, Map<string, Float32Array>>();
const spare: Float32Array[] = [];

/** `size` floats for an input the worker keeps: a spare array's front, or a new array with room for every column. */
function keptArray(size: number, room: number): Float32Array {
  const at = spare.findIndex((array) => array.length >= size);
  const array = at >= 0 ? spare.splice(at, 1)[0] : new Float32Array(Math.max(size, room));
  return array.subarray(0, size);
}

function keep(seq: number, copies: Map<string, Float32Array>): void {
  if (copies.size === 0) return;
  kept.set(seq, copies);
  if (kept.size <= KEPT_JOBS) return;
  const oldest = kept.keys().next().value!;
  for (const array of kept.get(oldest)!.values()) spare.push(new Float32Array(array.buffer));
  kept.delete(oldest);
}

function fill(job: WorkerJob): WorkerResult {
  try {
    const found = performance.now();
    const place = withColumns(job.place, pool);
    stats[1] += performance.now() - found;
    const sizeAt = (shape: Shape, at: StepPlace) => shapeDims(shape, at).reduce((a, b) => a * b, 1);
    // The inputs the main thread uses go in the buffer, in order; those only a later part uses stay here.
    let floats = 0;
    const layout: { offset: number; size: number }[] = [];
    for (const input of job.inputs) {
      if (input.user === 'worker') continue;
      const size = sizeAt(input.shape, place);
      layout.push({ offset: floats, size });
      floats += size;
    }
    const buffer = job.buffer ?? new ArrayBuffer(job.floats * 4);
    if (buffer.byteLength < floats * 4) throw new Error('internal: a prefetch buffer too small for its job');
    const copies = new Map<string, Float32Array>();
    let sent = 0;
    // The step's rows over every column, once filled: the input layer's noise reads them
    // there, fresh in this core's cache, not scattered over the pool (0.5 ms a batch less).
    let gathered: Float32Array | null = null;
    for (const input of job.inputs) {
      runWaitingParts();
      const started = performance.now();
      let parts = 0;
      const between = () => {
        const paused = performance.now();
        runWaitingParts();
        parts += performance.now() - paused;
      };
      const size = sizeAt(input.shape, place);
      const room = input.kept
        ? sizeAt(input.shape, { ...place, columns: every, labeledColumns: every })
        : size;
      const values =
        input.user === 'worker'
          ? keptArray(size, room)
          : new Float32Array(buffer, layout[sent++].offset * 4, size);
      fillInputInSlices(
        input.kind,
        input.dae,
        pool,
        place,
        values,
        input.kept,
        SLICE_ROWS,
        between,
        gathered,
      );
      if (input.kind === 'rows' && !input.kept) gathered = values;
      if (input.user === 'worker') copies.set(input.name, values);
      else if (input.user === 'both') {
        const copy = keptArray(size, room);
        copy.set(values);
        copies.set(input.name, copy);
      }
      stats[isNoiseKind(input.kind) ? 0 : 1] += performance.now() - started - parts;
    }
    keep(job.seq, copies);
    return { seq: job.seq, buffer, layout, columns: place.columns, labeledColumns: place.labeledColumns };
  } catch {
    // The main thread draws this step inline and stops the worker.
    return { seq: job.seq, buffer: null, layout: [], columns: null, labeledColumns: null };
  }
}

/** As many columns as the pool has: sizes a kept-column input's room for any step. */
const every = new Int32Array(pool.dim);

const sessions = new Map<string, OrtSession>();

function run(job: GraphJob): GraphResult {
  try {
    const started = performance.now();
    const ort = loadOrt();
    const copies = kept.get(job.from);
    if (!ort || !copies) return { seq: job.seq, outputs: null };
    let session = sessions.get(job.name);
    if (!session) {
      if (!job.model) return { seq: job.seq, outputs: null };
      session = ort.session(job.model);
      sessions.set(job.name, session);
    }
    const feeds: Record<string, OrtTensor> = {};
    for (const [name, { data, dims, kept: from }] of Object.entries(job.feeds)) {
      const values = data ?? (from === undefined ? undefined : copies.get(from));
      if (!values) return { seq: job.seq, outputs: null };
      feeds[name] = values instanceof Int32Array ? ort.int32(values, dims) : ort.float32(values, dims);
    }
    const outputs: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const [name, tensor] of Object.entries(session.run(feeds))) {
      const data = tensor.data as Float32Array;
      // Whole buffers, so they can be transferred.
      const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
      outputs[name] = { data: own, dims: [...tensor.dims] };
    }
    stats[2] += performance.now() - started;
    stats[3]++;
    return { seq: job.seq, outputs: outputs as GraphOutputs };
  } catch {
    return { seq: job.seq, outputs: null };
  }
}

function runPart(job: GraphJob): void {
  const result = run(job);
  const buffers = new Set(Object.values(result.outputs ?? {}).map((output) => output.data.buffer));
  graphs.postMessage(result, [...buffers] as ArrayBuffer[]);
  Atomics.store(control, RAN, job.seq);
  Atomics.notify(control, RAN);
}

/** Runs the step parts the main thread asked for since, before going on with a fill job. */
function runWaitingParts(): void {
  for (let received = receiveMessageOnPort(graphJobs); received; received = receiveMessageOnPort(graphJobs))
    runPart(received.message as GraphJob);
}

graphJobs.on('message', runPart);

parentPort?.on('message', (job: WorkerJob) => {
  runWaitingParts();
  const result = fill(job);
  results.postMessage(result, result.buffer ? [result.buffer] : []);
  Atomics.store(control, DONE, job.seq);
  Atomics.notify(control, DONE);
});

Atomics.store(control, READY, 1);
parentPort?.postMessage('ready');

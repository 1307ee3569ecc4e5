// The prefetch worker thread (started by prefetch.ts): finds each job's kept
// input columns and fills its inputs (a step's rows and noise) with the main
// thread's own code (step-fill.ts), sends the buffer back (transferred) with
// where each input is and the columns, then counts the job done and wakes the
// main thread. Jobs are done in the order they were posted.
import { parentPort, workerData } from 'node:worker_threads';
import { DONE, READY, type WorkerInit, type WorkerJob, type WorkerResult } from './prefetch.js';
import { fillInput, isNoiseKind, shapeDims, withColumns } from './step-fill.js';

const { pool, results, control, stats } = workerData as WorkerInit;

function fill(job: WorkerJob): WorkerResult {
  try {
    const found = performance.now();
    const place = withColumns(job.place, pool);
    stats[1] += performance.now() - found;
    let floats = 0;
    const layout = job.inputs.map((input) => {
      const size = shapeDims(input.shape, place).reduce((a, b) => a * b, 1);
      const at = { offset: floats, size };
      floats += size;
      return at;
    });
    const buffer = job.buffer ?? new ArrayBuffer(job.floats * 4);
    if (buffer.byteLength < floats * 4) throw new Error('internal: a prefetch buffer too small for its job');
    job.inputs.forEach((input, i) => {
      const started = performance.now();
      const { offset, size } = layout[i];
      fillInput(input.kind, input.dae, pool, place, new Float32Array(buffer, offset * 4, size), input.kept);
      stats[isNoiseKind(input.kind) ? 0 : 1] += performance.now() - started;
    });
    return { seq: job.seq, buffer, layout, columns: place.columns, labeledColumns: place.labeledColumns };
  } catch {
    // The main thread draws this step inline and stops the worker.
    return { seq: job.seq, buffer: null, layout: [], columns: null, labeledColumns: null };
  }
}

parentPort?.on('message', (job: WorkerJob) => {
  const result = fill(job);
  results.postMessage(result, result.buffer ? [result.buffer] : []);
  Atomics.store(control, DONE, job.seq);
  Atomics.notify(control, DONE);
});

Atomics.store(control, READY, 1);
parentPort?.postMessage('ready');

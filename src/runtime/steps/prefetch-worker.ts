// The prefetch worker thread (started by prefetch.ts): fills each job's inputs
// (a step's rows and noise) with the main thread's own code (step-fill.ts),
// sends the buffer back (transferred), then counts the job done and wakes the
// main thread. Jobs are done in the order they were posted.
import { parentPort, workerData } from 'node:worker_threads';
import { DONE, READY, type WorkerInit, type WorkerJob, type WorkerResult } from './prefetch.js';
import { fillInput, isNoiseKind } from './step-fill.js';

const { pool, results, control, stats } = workerData as WorkerInit;

function fill(job: WorkerJob): ArrayBuffer | null {
  try {
    const buffer = job.buffer ?? new ArrayBuffer(job.floats * 4);
    for (const input of job.inputs) {
      const started = performance.now();
      fillInput(
        input.kind,
        input.dae,
        pool,
        job.place,
        new Float32Array(buffer, input.offset * 4, input.size),
        input.kept,
      );
      stats[isNoiseKind(input.kind) ? 0 : 1] += performance.now() - started;
    }
    return buffer;
  } catch {
    // The main thread draws this step inline and stops the worker.
    return null;
  }
}

parentPort?.on('message', (job: WorkerJob) => {
  const buffer = fill(job);
  const result: WorkerResult = { seq: job.seq, buffer };
  results.postMessage(result, buffer ? [buffer] : []);
  Atomics.store(control, DONE, job.seq);
  Atomics.notify(control, DONE);
});

Atomics.store(control, READY, 1);
parentPort?.postMessage('ready');

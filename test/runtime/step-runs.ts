// Small in-process runs for the tests of the training steps (batch-steps,
// take-step, the step programs): a hand-built IR trained on tiny IDX data,
// returning what a user can see of it — the steps heard, the checkpoint and
// result.json — or the error that stopped it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Experiment } from '../../src/ir/types.js';
import type { BackendName } from '../../src/runtime/backend.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { runProgram } from '../../src/runtime/run-program.js';
import type { StepEvent } from '../../src/runtime/train/step-event.js';
import { readCheckpoint, type TinyData, tempDir } from '../harness/runtime.js';

export interface StepRunOptions {
  readonly backend?: BackendName;
  /** Run the generated trainer's step code (default); false: the runtime's hand-written gradients. */
  readonly generated?: boolean;
  readonly computeLosses?: boolean;
}

export interface StepRun {
  readonly events: StepEvent[];
  readonly checkpoint: CheckpointFile;
  readonly result: ResultFile;
}

async function start(experiment: Experiment, data: TinyData, options: StepRunOptions, events: StepEvent[]) {
  const compiled = await importTrainer(experiment, { source: data.source });
  const program = options.generated === false ? { ...compiled, steps: undefined } : compiled;
  const out = tempDir();
  const run = runProgram(program, {
    out,
    backend: options.backend ?? 'cpu',
    progress: null,
    handleSignals: false,
    ...(options.computeLosses === undefined ? {} : { computeLosses: options.computeLosses }),
    onStep: (event) => events.push(event),
  });
  return { run, out };
}

export async function stepRun(
  experiment: Experiment,
  data: TinyData,
  options: StepRunOptions = {},
): Promise<StepRun> {
  const events: StepEvent[] = [];
  const { run, out } = await start(experiment, data, options, events);
  await run;
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as ResultFile;
  return { events, checkpoint: readCheckpoint(out), result };
}

/** The error a run stops with, and the steps it took before. */
export async function failedRun(
  experiment: Experiment,
  data: TinyData,
  options: StepRunOptions = {},
): Promise<{ readonly error: Error; readonly events: StepEvent[] }> {
  const events: StepEvent[] = [];
  const { run } = await start(experiment, data, options, events);
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the run to fail, it completed');
  return { error, events };
}

/** A stored tensor's values. */
export function floats(stored: CheckpointFile['params'][string]): Float32Array {
  const bytes = Buffer.from(stored.float32, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** max |a − b| over max |b| across every parameter of two checkpoints (same names required). */
export function paramDistance(a: CheckpointFile, b: CheckpointFile): number {
  let diff = 0;
  let size = 0;
  for (const name of Object.keys(b.params)) {
    const x = floats(a.params[name]);
    const y = floats(b.params[name]);
    for (let i = 0; i < y.length; i++) {
      diff = Math.max(diff, Math.abs(x[i] - y[i]));
      size = Math.max(size, Math.abs(y[i]));
    }
  }
  return diff / size;
}

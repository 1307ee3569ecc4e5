// Checkpoints: everything needed to continue a run bit for bit — weights,
// momentum, the next batch, the epoch's partial loss sums, curves so far.
// Tensors are stored as base64 float32 (little-endian) so they round-trip exactly.
// The last K checkpoints are kept: checkpoint.json is the newest, checkpoint.1.json
// the one before, and so on; a new one is written whole (and synced) before the
// older ones shift down, so a failed write never leaves the folder without a good one.
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { commitTemp, WriteError, writeTemp } from '../../base/atomic-write.js';
import { RunOptionsError } from '../errors.js';
import type { ParamValues } from '../model/model.js';
import type {
  CurveRow,
  EpochLosses,
  Evaluation,
  Position,
  StepCounts,
  TrainingState,
} from '../train/state.js';

export const CHECKPOINT_FILE = 'checkpoint.json';
/** How many checkpoints a run keeps unless told otherwise. */
export const DEFAULT_KEEP_CHECKPOINTS = 2;

/** The file name of the n-th newest checkpoint (0: checkpoint.json). */
function checkpointName(n: number): string {
  return n === 0 ? CHECKPOINT_FILE : `checkpoint.${n}.json`;
}

const OLDER = /^checkpoint\.(\d+)\.json$/;

/** The run folder's checkpoint files, newest first. */
export function checkpointFiles(runDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(runDir);
  } catch {
    return [];
  }
  const older = names
    .map((name) => OLDER.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) > 0)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => m[0]);
  return [...(names.includes(CHECKPOINT_FILE) ? [CHECKPOINT_FILE] : []), ...older].map((name) =>
    path.join(runDir, name),
  );
}

/** Deletes every checkpoint of the folder (a fresh start). */
export function removeCheckpoints(runDir: string): void {
  for (const file of checkpointFiles(runDir)) rmSync(file, { force: true });
}

interface StoredTensor {
  readonly shape: readonly number[];
  readonly float32: string;
}

export interface CheckpointFile {
  readonly format: 'mtl-checkpoint';
  readonly version: 1;
  readonly experiment: string;
  readonly hash: string;
  /** The step code the run executed (run-identity.ts); absent in checkpoints of older runtimes. */
  readonly code?: string;
  readonly epochs: number;
  readonly backend: string;
  /** --limit of the run; absent or null: the whole data set. */
  readonly limit?: number | null;
  readonly position: Position;
  readonly losses: EpochLosses;
  readonly curves: readonly CurveRow[];
  readonly evaluations: readonly Evaluation[];
  readonly seconds: number;
  readonly stepsTaken: number;
  /** Absent in checkpoints of runs without `skip below`. */
  readonly stepsSkipped?: number;
  /** Absent in checkpoints written before step counts were recorded. */
  readonly stepCounts?: StepCounts;
  readonly params: Readonly<Record<string, StoredTensor>>;
  readonly velocity: Readonly<Record<string, StoredTensor>>;
}

function store(values: ParamValues): Record<string, StoredTensor> {
  const out: Record<string, StoredTensor> = {};
  for (const [name, tensor] of values) {
    const data = tensor.dataSync() as Float32Array;
    out[name] = {
      shape: tensor.shape,
      float32: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
    };
  }
  return out;
}

function restore(stored: Readonly<Record<string, StoredTensor>>): ParamValues {
  const values: ParamValues = new Map();
  for (const [name, { shape, float32 }] of Object.entries(stored)) {
    const bytes = Buffer.from(float32, 'base64');
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    values.set(name, tf.tensor(data, [...shape]));
  }
  return values;
}

export interface CheckpointIdentity {
  readonly experiment: string;
  readonly hash: string;
  readonly code: string;
  readonly epochs: number;
  readonly backend: string;
  /** --limit of the run (null: the whole data set); a checkpoint resumes only a run of the same data. */
  readonly limit: number | null;
}

export function saveCheckpoint(
  runDir: string,
  identity: CheckpointIdentity,
  state: TrainingState,
  seconds: number,
  keep: number = DEFAULT_KEEP_CHECKPOINTS,
): string {
  const file = path.join(runDir, CHECKPOINT_FILE);
  const content: CheckpointFile = {
    format: 'mtl-checkpoint',
    version: 1,
    ...identity,
    position: state.position,
    losses: state.losses,
    curves: state.curves,
    evaluations: state.evaluations,
    seconds,
    stepsTaken: state.stepsTaken,
    ...(state.stepsSkipped > 0 ? { stepsSkipped: state.stepsSkipped } : {}),
    ...(state.stepCounts ? { stepCounts: state.stepCounts } : {}),
    params: store(state.params),
    velocity: store(state.velocity),
  };
  const temp = writeTemp(file, `${JSON.stringify(content, null, 2)}\n`);
  try {
    shiftOlder(runDir, keep);
  } catch (error) {
    rmSync(temp, { force: true });
    const errno = error as NodeJS.ErrnoException;
    throw new WriteError(file, errno.code, `could not rotate the older checkpoints (${errno.message})`);
  }
  commitTemp(temp, file);
  return file;
}

/** checkpoint.(n) → checkpoint.(n+1) for the ones still kept; the oldest falls off. */
function shiftOlder(runDir: string, keep: number): void {
  const at = (n: number) => path.join(runDir, checkpointName(n));
  for (const file of checkpointFiles(runDir)) {
    const n = file.endsWith(CHECKPOINT_FILE) ? 0 : Number(OLDER.exec(path.basename(file))?.[1]);
    if (n > 0 && n >= keep - 1) rmSync(file, { force: true });
  }
  for (let n = keep - 2; n >= 0; n--) {
    try {
      renameSync(at(n), at(n + 1));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** A checkpoint file that cannot be used: unreadable, not JSON, truncated, or not a checkpoint. */
class CorruptCheckpointError extends RunOptionsError {
  constructor(
    readonly file: string,
    readonly why: string,
  ) {
    super(`${file} is corrupt (${why})`);
  }
}

function checkTensors(file: string, stored: unknown): void {
  if (typeof stored !== 'object' || stored === null) throw new CorruptCheckpointError(file, 'no tensors');
  for (const [name, tensor] of Object.entries(stored as Record<string, StoredTensor>)) {
    const size = (tensor?.shape ?? []).reduce((a, b) => a * b, 1);
    if (typeof tensor?.float32 !== 'string' || Buffer.from(tensor.float32, 'base64').length !== size * 4) {
      throw new CorruptCheckpointError(file, `tensor ${name} does not hold ${size} float32 values`);
    }
  }
}

export function readCheckpointFile(file: string): CheckpointFile {
  let content: CheckpointFile;
  try {
    content = JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
  } catch (error) {
    throw new CorruptCheckpointError(file, (error as Error).message);
  }
  if (content?.format !== 'mtl-checkpoint' || content.version !== 1) {
    throw new RunOptionsError(`${file} is not a checkpoint this runtime can read`);
  }
  checkTensors(file, content.params);
  checkTensors(file, content.velocity);
  return content;
}

/** The newest checkpoint that reads whole, with a note for every newer one that did not. */
export function newestReadableCheckpoint(
  runDir: string,
): { readonly file: string; readonly content: CheckpointFile; readonly notes: string[] } | null {
  const notes: string[] = [];
  const files = checkpointFiles(runDir);
  for (const file of files) {
    try {
      return { file, content: readCheckpointFile(file), notes };
    } catch (error) {
      if (!(error instanceof CorruptCheckpointError)) throw error;
      notes.push(`warning: ${error.message}; trying an older checkpoint`);
    }
  }
  if (files.length > 0) {
    throw new RunOptionsError(
      `no readable checkpoint in ${runDir}: ${notes.map((n) => n.replace(/^warning: |; trying an older checkpoint$/g, '')).join('; ')}. ` +
        'Start over with --fresh',
    );
  }
  return null;
}

/** The run folder's newest good checkpoint as a training state, or null when there is none. */
export function loadCheckpoint(
  runDir: string,
  identity: CheckpointIdentity,
): { state: TrainingState; backend: string; notes: readonly string[] } | null {
  const found = newestReadableCheckpoint(runDir);
  if (!found) return null;
  const { file, content } = found;
  if (content.hash !== identity.hash || content.experiment !== identity.experiment) {
    throw new RunOptionsError(
      `${file} belongs to experiment ${content.experiment} (hash ${content.hash}), not ${identity.experiment} (hash ${identity.hash})`,
    );
  }
  if (content.code !== identity.code) {
    throw new RunOptionsError(
      `${file} was saved by other step code (${content.code ?? 'not recorded'}) than this run's (${identity.code}): ` +
        'the trainer or the compiler changed since; start a new run',
    );
  }
  if ((content.limit ?? null) !== identity.limit) {
    const what = (limit: number | null) => (limit === null ? 'the whole data set' : `--limit ${limit}`);
    throw new RunOptionsError(
      `${file} was saved by a run on ${what(content.limit ?? null)}, not ${what(identity.limit)}`,
    );
  }
  if (content.epochs !== identity.epochs) {
    throw new RunOptionsError(
      `${file} was saved by a run of ${content.epochs} epochs, not ${identity.epochs}`,
    );
  }
  const state: TrainingState = {
    params: restore(content.params),
    velocity: restore(content.velocity),
    position: content.position,
    losses: { ...content.losses },
    curves: [...content.curves],
    evaluations: [...content.evaluations],
    secondsBefore: content.seconds,
    stepsTaken: content.stepsTaken,
    stepsSkipped: content.stepsSkipped ?? 0,
    stepCounts: content.stepCounts ? { ...content.stepCounts } : null,
    lastCheckpoint: file,
  };
  return { state, backend: content.backend, notes: found.notes };
}

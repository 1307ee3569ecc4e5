// Checkpoints: everything needed to continue a run bit for bit — weights,
// momentum, the next batch, the epoch's partial loss sums, curves so far.
// Tensors are stored as base64 float32 (little-endian) so they round-trip exactly.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { RunOptionsError } from '../errors.js';
import type { ParamValues } from '../model/model.js';
import type { CurveRow, EpochLosses, Evaluation, Position, TrainingState } from '../train/state.js';
import { writeJsonAtomic } from './atomic-write.js';

export const CHECKPOINT_FILE = 'checkpoint.json';

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
  readonly position: Position;
  readonly losses: EpochLosses;
  readonly curves: readonly CurveRow[];
  readonly evaluations: readonly Evaluation[];
  readonly seconds: number;
  readonly stepsTaken: number;
  /** Absent in checkpoints of runs without `skip below`. */
  readonly stepsSkipped?: number;
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
}

export function saveCheckpoint(
  runDir: string,
  identity: CheckpointIdentity,
  state: TrainingState,
  seconds: number,
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
    params: store(state.params),
    velocity: store(state.velocity),
  };
  writeJsonAtomic(file, content);
  return file;
}

export function readCheckpointFile(file: string): CheckpointFile {
  const content = JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
  if (content.format !== 'mtl-checkpoint' || content.version !== 1) {
    throw new RunOptionsError(`${file} is not a checkpoint this runtime can read`);
  }
  return content;
}

/** The run folder's checkpoint as a training state, or null when there is none. */
export function loadCheckpoint(
  runDir: string,
  identity: CheckpointIdentity,
): { state: TrainingState; backend: string } | null {
  const file = path.join(runDir, CHECKPOINT_FILE);
  if (!existsSync(file)) return null;
  const content = readCheckpointFile(file);
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
    lastCheckpoint: file,
  };
  return { state, backend: content.backend };
}

// Everything a run needs before its first batch: data and split, the model
// spec, the run folder, and the starting state (fresh or from a checkpoint).
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Data } from '../ir/types.js';
import type { BackendName } from './backend.js';
import type { ImageSet } from './data/dataset.js';
import { gatherPixels } from './data/gather.js';
import { loadData } from './data/load-data.js';
import { Scratch } from './data/scratch.js';
import { splitTraining } from './data/split.js';
import { RunOptionsError } from './errors.js';
import {
  type CheckpointIdentity,
  loadCheckpoint,
  newestReadableCheckpoint,
  removeCheckpoints,
} from './io/checkpoint.js';
import { defaultRunDir } from './io/run-dir.js';
import { initialParams } from './model/init.js';
import { modelSpec } from './model/model.js';
import { loadNativeKernel } from './native/kernels.js';
import { OnnxEngine } from './onnx/onnx-engine.js';
import { loadOrt } from './onnx/ort.js';
import type { TrainerProgram } from './program.js';
import { stepCodeHash } from './run-identity.js';
import type { RunOptions } from './run-options.js';
import { TsStepEngine } from './steps/ts-step-engine.js';
import { allExamples, EvaluationSet } from './train/evaluate.js';
import { emptyLosses, type Position, type TrainingSetup, type TrainingState } from './train/state.js';
import type { StepEngine } from './train/step-engine.js';

export function epochCount(program: TrainerProgram, override: number | undefined): number {
  const epochs = override ?? program.experiment.train.epochs;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new RunOptionsError(`epochs must be a positive integer, got ${epochs}`);
  }
  return epochs;
}

/**
 * Who takes the steps: the onnx backend's graphs; on TensorFlow.js, a generated
 * trainer's own step code; else (a program interpreted from the IR) null, the
 * runtime's hand-written gradients.
 */
function stepEngine(
  program: TrainerProgram,
  backend: BackendName | undefined,
  options: RunOptions,
): StepEngine | null {
  if (backend === 'onnx') {
    const ort = loadOrt();
    if (!ort) throw new RunOptionsError("the 'onnx' backend could not be loaded");
    return new OnnxEngine(ort, { prefetch: prefetchWanted(options), native: loadNativeKernel() });
  }
  return program.steps ? new TsStepEngine(program.steps, { prefetch: prefetchWanted(options) }) : null;
}

export function trainingSetup(
  program: TrainerProgram,
  options: RunOptions,
  epochs: number,
  backend?: BackendName,
): TrainingSetup {
  const { experiment } = program;
  const { network } = experiment;
  const data = loadData(experiment.data, {
    source: program.source,
    inputs: network.input,
    classes: network.output.units,
    dataRoot: options.dataRoot,
    limit: options.limit,
    cwd: options.cwd,
  });
  const { data: splitData, note } = scaledToLimit(experiment.data, data.train.count, options.limit);
  const split = splitTraining(splitData, data.train.count, 'the training set');
  const engine = stepEngine(program, backend, options);
  const scorer = (set: ImageSet, examples: ArrayLike<number>) =>
    engine ? engine.scorer(set, examples) : new EvaluationSet(set, examples);
  const setup: TrainingSetup = {
    program,
    experiment,
    epochs,
    model: modelSpec(network, experiment.reconstruct),
    data,
    split,
    // Shared memory, so a prefetch worker reads the pool without a copy.
    poolPixels: gatherPixels(data.train, split.pool, sharedFloats(split.pool.length * data.train.dim)),
    scratch: new Scratch(),
    classes: network.output.units,
    evaluation: {
      validation: scorer(data.train, split.validation),
      test: scorer(data.test, allExamples(data.test)),
    },
    engine,
    computeLosses: options.computeLosses ?? true,
    onStep: options.onStep,
    ...(note ? { notes: [note] } : {}),
  };
  engine?.attach(setup);
  return setup;
}

function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/**
 * Whether the onnx backend draws each next step's noise and rows on a worker
 * thread: options.prefetch, else $MTL_PREFETCH (0/off or 1/on), else on when
 * the machine has at least two cores (on one core the worker only competes).
 */
export function prefetchWanted(options: RunOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  if (options.prefetch !== undefined) return options.prefetch;
  const value = env.MTL_PREFETCH?.trim().toLowerCase();
  if (value === '0' || value === 'off' || value === 'false') return false;
  if (value === '1' || value === 'on' || value === 'true') return true;
  return availableParallelism() >= 2;
}

/**
 * `--limit N` is for quick trials, but the paper's split alone needs 10,000
 * validation examples: when the first N training images cannot hold
 * validation + labeled + unlabeled, all three shrink by the same factor
 * (labeled keeps at least 1), and the note says so.
 */
function scaledToLimit(
  data: Data,
  trainCount: number,
  limit: number | undefined,
): { readonly data: Data; readonly note?: string } {
  const needed = data.validation + data.labeled + data.unlabeled;
  if (limit === undefined || needed <= trainCount) return { data };
  const factor = trainCount / needed;
  const scale = (n: number) => Math.floor(n * factor);
  const scaled: Data = {
    ...data,
    labeled: data.labeled > 0 ? Math.max(1, scale(data.labeled)) : 0,
    unlabeled: scale(data.unlabeled),
    validation: scale(data.validation),
  };
  if (scaled.labeled + scaled.unlabeled + scaled.validation > trainCount) return { data };
  return {
    data: scaled,
    note:
      `note: --limit ${limit} leaves ${trainCount} training images, fewer than the split's ${needed}; ` +
      `scaled by ${Number(factor.toPrecision(3))} to labeled ${scaled.labeled}, unlabeled ${scaled.unlabeled}, ` +
      `validation ${scaled.validation} (the spec says ${data.labeled}, ${data.unlabeled}, ${data.validation})`,
  };
}

/**
 * What a run is, computed here and nowhere else: the IR hash, the hash of the
 * step code that runs (run-identity.ts), T and --limit. They name the default
 * run folder and decide which checkpoints the run may resume.
 */
export type RunIdentity = Omit<CheckpointIdentity, 'backend'>;

export function runIdentity(program: TrainerProgram, epochs: number, limit: number | undefined): RunIdentity {
  return {
    experiment: program.experiment.name,
    hash: program.experiment.hash,
    code: stepCodeHash(program),
    epochs,
    limit: limit ?? null,
  };
}

/** The run folder's path (nothing is created here). */
export function runFolder(program: TrainerProgram, options: RunOptions, identity: RunIdentity): string {
  const cwd = options.cwd ?? process.cwd();
  return options.out
    ? path.resolve(cwd, options.out)
    : defaultRunDir(program.experiment, {
        cwd,
        epochs: identity.epochs,
        code: identity.code,
        ...(identity.limit === null ? {} : { limit: identity.limit }),
      });
}

/** The identity a checkpoint records and is checked against (the backend, as the run header names it, only warns on a change). */
export function checkpointIdentity(identity: RunIdentity, backend: string): CheckpointIdentity {
  return { ...identity, backend };
}

/**
 * Without --resume, a folder whose newest checkpoint stops short of its T is
 * an unfinished run: refuse rather than silently start over on top of it.
 * With --fresh (or when the run there finished), the folder may be taken over:
 * the returned function deletes its old checkpoints, for the caller to call
 * once the new run has loaded its backend and data and is about to train, so a
 * run that cannot start leaves the run there whole.
 */
export function claimFolderForFreshStart(
  runDir: string,
  options: { readonly fresh: boolean; readonly resumeHint: string; readonly freshHint: string },
): () => void {
  if (!options.fresh) {
    let found: ReturnType<typeof newestReadableCheckpoint>;
    try {
      found = newestReadableCheckpoint(runDir);
    } catch {
      throw new RunOptionsError(
        `${runDir} holds a run whose checkpoints cannot be read; start over with ${options.freshHint}`,
      );
    }
    if (found && found.content.position.epoch < found.content.epochs) {
      const { position, epochs } = found.content;
      throw new RunOptionsError(
        `${runDir} holds an unfinished run of ${found.content.experiment} ` +
          `(${position.epoch} of ${epochs} epochs done); resume it with ${options.resumeHint}, ` +
          `or start over with ${options.freshHint}`,
      );
    }
  }
  return () => removeCheckpoints(runDir);
}

interface StartingState {
  readonly state: TrainingState;
  readonly resumedFrom: Position | null;
  /** Things to tell the user (a backend change, no checkpoint to resume). */
  readonly notes: readonly string[];
}

export function startingState(
  setup: TrainingSetup,
  options: { readonly resume: boolean; readonly runDir: string; readonly identity: CheckpointIdentity },
): StartingState {
  const restored = options.resume ? loadCheckpoint(options.runDir, options.identity) : null;
  if (restored) {
    const notes = [...restored.notes];
    if (restored.backend !== options.identity.backend)
      notes.push(
        `warning: the checkpoint was saved on the ${restored.backend} backend, continuing on ` +
          `${options.identity.backend}: results will not be bit-identical to an uninterrupted run`,
      );
    return { state: restored.state, resumedFrom: restored.state.position, notes };
  }
  const state: TrainingState = {
    params: initialParams(setup.model, setup.experiment.train.seed),
    velocity: new Map(),
    position: { epoch: 0, batch: 0 },
    losses: emptyLosses(),
    curves: [],
    evaluations: [],
    secondsBefore: 0,
    stepsTaken: 0,
    stepsSkipped: 0,
    stepCounts: { supervised: 0, reconstruction: 0 },
    lastCheckpoint: null,
  };
  const notes = options.resume ? [`no checkpoint in ${options.runDir}; starting from epoch 1`] : [];
  return { state, resumedFrom: null, notes };
}

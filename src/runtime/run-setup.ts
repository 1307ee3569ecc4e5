// Everything a run needs before its first batch: data and split, the model
// spec, the run folder, and the starting state (fresh or from a checkpoint).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BackendName } from './backend.js';
import type { ImageSet } from './data/dataset.js';
import { gatherPixels } from './data/gather.js';
import { loadData } from './data/load-data.js';
import { Scratch } from './data/scratch.js';
import { splitTraining } from './data/split.js';
import { RunOptionsError } from './errors.js';
import { type CheckpointIdentity, loadCheckpoint } from './io/checkpoint.js';
import { defaultRunDir } from './io/run-dir.js';
import { initialParams } from './model/init.js';
import { modelSpec } from './model/model.js';
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
function stepEngine(program: TrainerProgram, backend: BackendName | undefined): StepEngine | null {
  if (backend === 'onnx') {
    const ort = loadOrt();
    if (!ort) throw new RunOptionsError("the 'onnx' backend could not be loaded");
    return new OnnxEngine(ort);
  }
  return program.steps ? new TsStepEngine(program.steps) : null;
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
  const split = splitTraining(experiment.data, data.train.count, 'the training set');
  const engine = stepEngine(program, backend);
  const scorer = (set: ImageSet, examples: ArrayLike<number>) =>
    engine ? engine.scorer(set, examples) : new EvaluationSet(set, examples);
  const setup: TrainingSetup = {
    program,
    experiment,
    epochs,
    spec: modelSpec(network, experiment.reconstruct),
    data,
    split,
    poolPixels: gatherPixels(data.train, split.pool),
    scratch: new Scratch(),
    classes: network.output.units,
    evaluation: {
      validation: scorer(data.train, split.validation),
      test: scorer(data.test, allExamples(data.test)),
    },
    engine,
    code: stepCodeHash(program),
    computeLosses: options.computeLosses ?? true,
    onStep: options.onStep,
  };
  engine?.attach(setup);
  return setup;
}

export function runFolder(setup: TrainingSetup, options: RunOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const runDir = options.out
    ? path.resolve(cwd, options.out)
    : defaultRunDir(setup.experiment, { cwd, epochs: setup.epochs, code: setup.code });
  mkdirSync(runDir, { recursive: true });
  return runDir;
}

export function checkpointIdentity(setup: TrainingSetup, backend: BackendName): CheckpointIdentity {
  return {
    experiment: setup.experiment.name,
    hash: setup.experiment.hash,
    code: setup.code,
    epochs: setup.epochs,
    backend,
  };
}

export interface StartingState {
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
    const notes =
      restored.backend === options.identity.backend
        ? []
        : [
            `warning: the checkpoint was saved on the ${restored.backend} backend, continuing on ` +
              `${options.identity.backend}: results will not be bit-identical to an uninterrupted run`,
          ];
    return { state: restored.state, resumedFrom: restored.state.position, notes };
  }
  const state: TrainingState = {
    params: initialParams(setup.spec, setup.experiment.train.seed),
    velocity: new Map(),
    position: { epoch: 0, batch: 0 },
    losses: emptyLosses(),
    curves: [],
    evaluations: [],
    secondsBefore: 0,
    stepsTaken: 0,
    stepsSkipped: 0,
    lastCheckpoint: null,
  };
  const notes = options.resume ? [`no checkpoint in ${options.runDir}; starting from epoch 0`] : [];
  return { state, resumedFrom: null, notes };
}

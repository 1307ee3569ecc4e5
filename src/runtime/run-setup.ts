// Everything a run needs before its first batch: data and split, the model
// spec, the run folder, and the starting state (fresh or from a checkpoint).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BackendName } from './backend.js';
import { gatherPixels } from './data/gather.js';
import { loadData } from './data/load-data.js';
import { Scratch } from './data/scratch.js';
import { splitTraining } from './data/split.js';
import { RunOptionsError } from './errors.js';
import { type CheckpointIdentity, loadCheckpoint } from './io/checkpoint.js';
import { defaultRunDir } from './io/run-dir.js';
import { initialParams } from './model/init.js';
import { modelSpec } from './model/model.js';
import type { TrainerProgram } from './program.js';
import type { RunOptions } from './run-options.js';
import { allExamples, EvaluationSet } from './train/evaluate.js';
import { emptyLosses, type Position, type TrainingSetup, type TrainingState } from './train/state.js';

export function epochCount(program: TrainerProgram, override: number | undefined): number {
  const epochs = override ?? program.experiment.train.epochs;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new RunOptionsError(`epochs must be a positive integer, got ${epochs}`);
  }
  return epochs;
}

export function trainingSetup(program: TrainerProgram, options: RunOptions, epochs: number): TrainingSetup {
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
  return {
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
      validation: new EvaluationSet(data.train, split.validation),
      test: new EvaluationSet(data.test, allExamples(data.test)),
    },
    computeLosses: options.computeLosses ?? true,
    onStep: options.onStep,
  };
}

export function runFolder(setup: TrainingSetup, options: RunOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const runDir = options.out
    ? path.resolve(cwd, options.out)
    : defaultRunDir(setup.experiment, { cwd, epochs: setup.epochs });
  mkdirSync(runDir, { recursive: true });
  return runDir;
}

export function checkpointIdentity(setup: TrainingSetup, backend: BackendName): CheckpointIdentity {
  return { experiment: setup.experiment.name, hash: setup.experiment.hash, epochs: setup.epochs, backend };
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
    stepCounts: { supervised: 0, reconstruction: 0 },
    lastCheckpoint: null,
  };
  const notes = options.resume ? [`no checkpoint in ${options.runDir}; starting from epoch 0`] : [];
  return { state, resumedFrom: null, notes };
}

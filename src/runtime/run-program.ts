// runProgram: one experiment from data to result files. Loads the data and
// the split, builds or restores the model, runs Algorithm 1 with SIGINT
// handling and divergence checks, and writes result.json, curves.csv and
// checkpoints (atomically) into the run folder.
import { selectBackend } from './backend.js';
import { TrainingDivergedError } from './errors.js';
import { saveCheckpoint } from './io/checkpoint.js';
import { buildResult, type RunStatus, writeCurves, writeResult } from './io/results.js';
import { disposeParams } from './model/model.js';
import type { TrainerProgram } from './program.js';
import { Progress, type ProgressSnapshot } from './progress.js';
import type { RunOptions, RunResult } from './run-options.js';
import { checkpointIdentity, epochCount, runFolder, startingState, trainingSetup } from './run-setup.js';
import { watchInterrupt } from './train/interrupt.js';
import type { CurveRow, Evaluation } from './train/state.js';
import { batchesPerEpoch, trainLoop } from './train/train-loop.js';

export type { EpochEvent, RunOptions, RunResult } from './run-options.js';

export async function runProgram(program: TrainerProgram, options: RunOptions = {}): Promise<RunResult> {
  const epochs = epochCount(program, options.epochs);
  const backend = await selectBackend(options.backend);
  const setup = trainingSetup(program, options, epochs, backend);
  const runDir = runFolder(setup, options);
  const identity = checkpointIdentity(setup, backend);
  const { state, resumedFrom, notes } = startingState(setup, {
    resume: options.resume ?? false,
    runDir,
    identity,
  });

  const batches = batchesPerEpoch(setup);
  const remaining = epochs * batches - (state.position.epoch * batches + state.position.batch);
  const progress = new Progress(
    options.progress === undefined ? process.stderr : options.progress,
    epochs,
    remaining,
  );
  for (const note of notes) progress.message(note);
  const { split } = setup;
  progress.message(
    `mtl: ${setup.experiment.name} on the ${backend} backend, ${epochs} epochs, ` +
      `${split.labeled} labeled + ${split.unlabeled} unlabeled` +
      (resumedFrom ? `, resuming at epoch ${resumedFrom.epoch} batch ${resumedFrom.batch}` : ''),
  );

  const sessionStart = performance.now();
  const seconds = () => state.secondsBefore + (performance.now() - sessionStart) / 1000;
  const result = (status: RunStatus, message?: string) =>
    buildResult({ program, code: setup.code, epochs, backend, state, seconds: seconds(), status, message });
  const interrupt = watchInterrupt({
    handleSignals: options.handleSignals ?? true,
    signal: options.signal,
    onFirst: () =>
      progress.message(
        'interrupted: finishing the current batch and saving a checkpoint (Ctrl-C again to quit now)',
      ),
  });

  let status: 'completed' | 'interrupted';
  try {
    status = await trainLoop(setup, state, {
      interrupted: interrupt.requested,
      checkpoint: () => {
        state.lastCheckpoint = saveCheckpoint(runDir, identity, state, seconds());
        writeCurves(runDir, state.curves);
        writeResult(runDir, result('running'));
      },
      epochEnd: (row, evaluation, trainSeconds) => {
        options.onEpoch?.({ row, evaluation, trainSeconds });
        progress.epoch(epochSnapshot(row, batches), evaluationText(evaluation));
      },
      batchEnd: (snapshot) => progress.batch(snapshot),
    });
  } catch (error) {
    progress.finishLine();
    if (error instanceof TrainingDivergedError) {
      writeCurves(runDir, state.curves);
      writeResult(runDir, result('diverged', error.message));
    }
    throw error;
  } finally {
    interrupt.dispose();
    setup.evaluation.validation.dispose();
    setup.evaluation.test.dispose();
    setup.engine?.dispose();
    disposeParams(state.params);
    disposeParams(state.velocity);
  }
  progress.finishLine();
  writeCurves(runDir, state.curves);
  writeResult(runDir, result(status));
  if (status === 'interrupted') {
    progress.message(
      `stopped at epoch ${state.position.epoch} batch ${state.position.batch}; continue with --resume`,
    );
  }
  const last = state.evaluations[state.evaluations.length - 1];
  return {
    status,
    runDir,
    backend,
    epochs,
    epochsCompleted: state.position.epoch,
    seconds: seconds(),
    validationError: last?.validationError ?? null,
    testError: last?.testError ?? null,
    evaluations: state.evaluations,
    resumedFrom,
    stepTiming: setup.engine?.timing ?? null,
  };
}

const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(2)}%`);

function evaluationText(evaluation: Evaluation | null): string | null {
  if (!evaluation) return null;
  return `validation error ${percent(evaluation.validationError)} test error ${percent(evaluation.testError)}`;
}

function epochSnapshot(row: CurveRow, batches: number): ProgressSnapshot {
  return {
    epoch: row.epoch,
    batch: batches - 1,
    batches,
    lambdaS: row.lambdaS,
    lambdaR: row.lambdaR,
    lr: row.lr,
    supervisedLoss: row.supervisedLoss,
    reconstructionLoss: row.reconstructionLoss,
  };
}

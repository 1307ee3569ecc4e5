// runProgram: one experiment from data to result files. Loads the data and
// the split, builds or restores the model, runs Algorithm 1 with SIGINT
// handling and divergence checks, and writes result.json, curves.csv and
// checkpoints (atomically) into the run folder, which it holds locked.
import { selectBackend } from './backend.js';
import { RunOptionsError, TrainingDivergedError } from './errors.js';
import { DEFAULT_KEEP_CHECKPOINTS, saveCheckpoint } from './io/checkpoint.js';
import { buildResult, type RunStatus, runWarnings, writeCurves, writeResult } from './io/results.js';
import { makeRunFolder, removeOrphanTemps } from './io/run-folder.js';
import { lockRunFolder } from './io/run-lock.js';
import { disposeParams } from './model/model.js';
import type { TrainerProgram } from './program.js';
import { Progress, type ProgressSnapshot } from './progress.js';
import { displayPath, rerunCommand, shellWord } from './rerun-command.js';
import type { RunOptions, RunResult } from './run-options.js';
import {
  checkpointIdentity,
  claimFolderForFreshStart,
  epochCount,
  type RunIdentity,
  runFolder,
  runIdentity,
  startingState,
  trainingSetup,
} from './run-setup.js';
import { watchInterrupt } from './train/interrupt.js';
import type { CurveRow, Evaluation, Position } from './train/state.js';
import { batchesPerEpoch, trainLoop } from './train/train-loop.js';

export type { EpochEvent, RunOptions, RunResult } from './run-options.js';

export async function runProgram(program: TrainerProgram, options: RunOptions = {}): Promise<RunResult> {
  const epochs = epochCount(program, options.epochs);
  const keep = options.keepCheckpoints ?? DEFAULT_KEEP_CHECKPOINTS;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new RunOptionsError(`keepCheckpoints must be a positive integer, got ${keep}`);
  }
  if (options.resume && options.fresh)
    throw new RunOptionsError('--resume and --fresh contradict each other');
  // The folder is made and locked before anything slow (backend, data) so a bad --out fails at once.
  const identity = runIdentity(program, epochs, options.limit);
  const runDir = runFolder(program, options, identity);
  makeRunFolder(runDir);
  const lock = lockRunFolder(runDir);
  try {
    removeOrphanTemps(runDir);
    return await runLocked(program, options, { identity, keep, runDir });
  } finally {
    lock.release();
  }
}

async function runLocked(
  program: TrainerProgram,
  options: RunOptions,
  where: { readonly identity: RunIdentity; readonly keep: number; readonly runDir: string },
): Promise<RunResult> {
  const { keep, runDir } = where;
  const { epochs, code } = where.identity;
  const cwd = options.cwd ?? process.cwd();
  const hint = (flag: '--resume' | '--fresh') =>
    options.command ? `\`${rerunCommand(options.command, { runDir, cwd, flag })}\`` : flag;
  if (!options.resume)
    claimFolderForFreshStart(runDir, {
      fresh: options.fresh ?? false,
      resumeHint: hint('--resume'),
      freshHint: hint('--fresh'),
    });
  const backend = await selectBackend(options.backend);
  const setup = trainingSetup(program, options, epochs, backend);
  const identity = checkpointIdentity(where.identity, backend);
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
  for (const note of [...(setup.notes ?? []), ...notes]) progress.message(note);
  const { split } = setup;
  progress.message(
    `mtl: ${setup.experiment.name} on the ${backend} backend, ${epochs} epochs, ` +
      `${split.labeled} labeled + ${split.unlabeled} unlabeled` +
      (resumedFrom ? `, resuming ${positionText(resumedFrom, epochs, batches)}` : ''),
  );

  const sessionStart = performance.now();
  const seconds = () => state.secondsBefore + (performance.now() - sessionStart) / 1000;
  const result = (status: RunStatus, message?: string) =>
    buildResult({ program, code, epochs, backend, state, seconds: seconds(), status, message });
  const interrupt = watchInterrupt({
    handleSignals: options.handleSignals ?? true,
    signal: options.signal,
    onFirst: () =>
      progress.message(
        'interrupted: finishing the current batch and saving a checkpoint (Ctrl-C again to quit now)',
      ),
  });
  let warned = runWarnings(state.curves, setup.classes).length > 0;

  let status: 'completed' | 'interrupted';
  try {
    status = await trainLoop(setup, state, {
      interrupted: interrupt.requested,
      checkpoint: () => {
        state.lastCheckpoint = saveCheckpoint(runDir, identity, state, seconds(), keep);
        writeCurves(runDir, state.curves);
        writeResult(runDir, result('running'));
      },
      epochEnd: (row, evaluation, trainSeconds) => {
        options.onEpoch?.({ row, evaluation, trainSeconds });
        progress.epoch(epochSnapshot(row, batches), evaluationText(evaluation));
        if (!warned) {
          const [warning] = runWarnings(state.curves, setup.classes);
          if (warning) {
            warned = true;
            progress.message(`warning: ${warning.message}`);
          }
        }
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
  const final = result(status);
  writeResult(runDir, final);
  const resumeCommand = options.command
    ? rerunCommand(options.command, { runDir, cwd, flag: '--resume' })
    : `--out ${shellWord(displayPath(runDir, cwd))} --resume`;
  if (status === 'interrupted') {
    progress.message(
      `stopped ${positionText(state.position, epochs, batches)}; continue with ${options.command ? `\`${resumeCommand}\`` : resumeCommand}`,
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
    warnings: final.warnings,
    resumeCommand,
  };
}

/** A position in words, with epochs numbered 1…T: "in epoch 4 of 20 after batch 6 of 30" or "after epoch 3 of 20". */
function positionText(position: Position, epochs: number, batches: number): string {
  return position.batch === 0
    ? position.epoch === 0
      ? 'before epoch 1'
      : `after epoch ${position.epoch} of ${epochs}`
    : `in epoch ${position.epoch + 1} of ${epochs} after batch ${position.batch} of ${batches}`;
}

const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(2)}%`);

function evaluationText(evaluation: Evaluation | null): string | null {
  if (!evaluation) return null;
  return `validation error ${percent(evaluation.validationError)} test error ${percent(evaluation.testError)}`;
}

function epochSnapshot(row: CurveRow, batches: number): ProgressSnapshot {
  return {
    // Snapshots carry the 0-based t the progress line adds 1 to; rows carry the epoch's number.
    epoch: row.epoch - 1,
    batch: batches - 1,
    batches,
    lambdaS: row.lambdaS,
    lambdaR: row.lambdaR,
    lr: row.lr,
    supervisedLoss: row.supervisedLoss,
    reconstructionLoss: row.reconstructionLoss,
  };
}

// runProgram: one experiment from data to result files. Loads the data and
// the split, builds or restores the model, runs Algorithm 1 with SIGINT
// handling and divergence checks, and writes result.json, curves.csv and
// checkpoints (atomically) into the run folder, which it holds locked.
import { type BackendName, selectBackend } from './backend.js';
import { RunOptionsError, TrainingDivergedError } from './errors.js';
import { type CheckpointIdentity, DEFAULT_KEEP_CHECKPOINTS, saveCheckpoint } from './io/checkpoint.js';
import {
  buildResult,
  type ResultFile,
  type RunStatus,
  runWarnings,
  writeCurves,
  writeResult,
} from './io/results.js';
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
import type { CurveRow, Evaluation, Position, TrainingSetup, TrainingState } from './train/state.js';
import { batchesPerEpoch, type LoopHooks, trainLoop } from './train/train-loop.js';

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

interface Where {
  readonly identity: RunIdentity;
  readonly keep: number;
  readonly runDir: string;
}

/** One training session in a locked run folder: what the loop's hooks and the final result share. */
interface Session {
  readonly program: TrainerProgram;
  readonly options: RunOptions;
  readonly where: Where;
  readonly setup: TrainingSetup;
  readonly state: TrainingState;
  readonly identity: CheckpointIdentity;
  readonly backend: BackendName;
  readonly epochs: number;
  readonly batches: number;
  readonly progress: Progress;
  readonly cwd: string;
  /** Training seconds, earlier sessions of a resumed run included. */
  seconds(): number;
  result(status: RunStatus, message?: string): ResultFile;
}

async function runLocked(program: TrainerProgram, options: RunOptions, where: Where): Promise<RunResult> {
  const { runDir } = where;
  const { epochs } = where.identity;
  const cwd = options.cwd ?? process.cwd();
  const hint = (flag: '--resume' | '--fresh') =>
    options.command ? `\`${rerunCommand(options.command, { runDir, cwd, flag })}\`` : flag;
  const takeOver = options.resume
    ? null
    : claimFolderForFreshStart(runDir, {
        fresh: options.fresh ?? false,
        resumeHint: hint('--resume'),
        freshHint: hint('--fresh'),
      });
  const backend = await selectBackend(options.backend);
  const setup = trainingSetup(program, options, epochs, backend);
  // The backend as the header and the checkpoint name it, with how its steps run (the loss in
  // native code or in the graphs): a resume that runs them otherwise is warned that its bits
  // will differ, as for another backend.
  const how = setup.engine?.note ? ` (${setup.engine.note})` : '';
  const identity = checkpointIdentity(where.identity, `${backend}${how}`);
  const { state, resumedFrom, notes } = startingState(setup, {
    resume: options.resume ?? false,
    runDir,
    identity,
  });
  // Only now does a fresh start delete the finished run's checkpoints: a backend
  // that does not load, or data that do not, used to leave its result.json
  // without the parameters it reported.
  takeOver?.();
  const session = openSession({ program, options, where, setup, state, identity, backend, cwd });
  for (const note of [...(setup.notes ?? []), ...notes]) session.progress.message(note);
  const { split } = setup;
  session.progress.message(
    `mtl: ${setup.experiment.name} on the ${backend} backend${how}, ${epochs} epoch${epochs === 1 ? '' : 's'}, ` +
      `${split.labeled} labeled + ${split.unlabeled} unlabeled` +
      (resumedFrom ? `, resuming ${positionText(resumedFrom, epochs, session.batches)}` : ''),
  );
  const status = await train(session);
  return finishRun(session, status, resumedFrom);
}

function openSession(
  parts: Omit<Session, 'epochs' | 'batches' | 'progress' | 'seconds' | 'result'>,
): Session {
  const { program, options, setup, state, backend } = parts;
  const { epochs, code } = parts.where.identity;
  const batches = batchesPerEpoch(setup);
  const remaining = epochs * batches - (state.position.epoch * batches + state.position.batch);
  const progress = new Progress(
    options.progress === undefined ? process.stderr : options.progress,
    epochs,
    remaining,
  );
  const sessionStart = performance.now();
  const seconds = () => state.secondsBefore + (performance.now() - sessionStart) / 1000;
  const result = (status: RunStatus, message?: string) =>
    buildResult({ program, code, epochs, backend, state, seconds: seconds(), status, message });
  return { ...parts, epochs, batches, progress, seconds, result };
}

/** Algorithm 1 under SIGINT handling, with checkpoints, curves and progress; frees the session's tensors. */
async function train(session: Session): Promise<'completed' | 'interrupted'> {
  const { options, setup, state, progress } = session;
  const { runDir } = session.where;
  const interrupt = watchInterrupt({
    handleSignals: options.handleSignals ?? true,
    signal: options.signal,
    onFirst: () =>
      progress.message(
        'interrupted: finishing the current batch and saving a checkpoint (Ctrl-C again to quit now)',
      ),
  });
  try {
    return await trainLoop(setup, state, { interrupted: interrupt.requested, ...loopHooks(session) });
  } catch (error) {
    progress.finishLine();
    if (error instanceof TrainingDivergedError) {
      writeCurves(runDir, state.curves);
      writeResult(runDir, session.result('diverged', error.message));
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
}

function loopHooks(session: Session): Omit<LoopHooks, 'interrupted'> {
  const { options, setup, state, progress, batches, identity } = session;
  const { runDir, keep } = session.where;
  let warned = runWarnings(state.curves, setup.classes).length > 0;
  return {
    checkpoint: () => {
      state.lastCheckpoint = saveCheckpoint(runDir, identity, state, session.seconds(), keep);
      writeCurves(runDir, state.curves);
      writeResult(runDir, session.result('running'));
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
  };
}

/** Writes the final curves and result, says how to continue an interrupted run, and returns the summary. */
function finishRun(
  session: Session,
  status: 'completed' | 'interrupted',
  resumedFrom: Position | null,
): RunResult {
  const { options, setup, state, progress, epochs, batches, backend, cwd } = session;
  const { runDir } = session.where;
  progress.finishLine();
  writeCurves(runDir, state.curves);
  const final = session.result(status);
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
    seconds: session.seconds(),
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

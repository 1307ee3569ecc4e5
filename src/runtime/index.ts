// mtlc/runtime: what generated trainer programs, `mtl run` and sweeps import.

export { WriteError } from '../base/atomic-write.js';
export { evaluateExpr } from '../expr/evaluate.js';
export type { Experiment } from '../ir/types.js';
export type { BackendName } from './backend.js';
export { BACKEND_NAMES, selectBackend } from './backend.js';
export { isMainModule, runProgramCli, trainerCommand } from './cli.js';
export type { ImageSet } from './data/dataset.js';
export type { IdxArray } from './data/idx.js';
export { readIdx } from './data/idx.js';
export { loadData, mnistFolder } from './data/load-data.js';
export type { Split } from './data/split.js';
export { splitTraining } from './data/split.js';
export type { StepPosition } from './errors.js';
export { DataError, MtlRuntimeError, RunOptionsError, TrainingDivergedError } from './errors.js';
export type { CheckpointFile } from './io/checkpoint.js';
export {
  CHECKPOINT_FILE,
  checkpointFiles,
  DEFAULT_KEEP_CHECKPOINTS,
  newestReadableCheckpoint,
  readCheckpointFile,
} from './io/checkpoint.js';
export type { ResultFile, RunStatus, RunWarning } from './io/results.js';
export { CURVES_FILE, RESULT_FILE } from './io/results.js';
export { defaultRunDir } from './io/run-dir.js';
export { LOCK_FILE, lockRunFolder } from './io/run-lock.js';
export type { MatmulOptions, StepFunction, StepKernels } from './kernels/step-kernels.js';
export type { EpochFunction, Rows, StepContext, TrainerProgram } from './program.js';
export type { ProgressStream } from './progress.js';
export { rerunCommand } from './rerun-command.js';
export type { RunFlagValues } from './run-flags.js';
export { RUN_FLAGS, runFlagsHelp, runOptionsFromFlags } from './run-flags.js';
export type { EpochEvent, RunOptions, RunResult } from './run-options.js';
export { runProgram } from './run-program.js';
export type { CurveRow, Evaluation, Position } from './train/state.js';
export type { StepEvent } from './train/step-event.js';

// The options and result of runProgram.
import type { BackendName } from './backend.js';
import type { RunWarning } from './io/results.js';
import type { ProgressStream } from './progress.js';
import type { CurveRow, Evaluation, Position } from './train/state.js';
import type { StepTiming } from './train/step-engine.js';
import type { StepEvent } from './train/step-event.js';

export interface EpochEvent {
  readonly row: CurveRow;
  readonly evaluation: Evaluation | null;
  /** Seconds spent in the epoch's batches (evaluation and checkpoints excluded). */
  readonly trainSeconds: number;
}

export interface RunOptions {
  /** Force a backend; default: onnx, else tensorflow, else wasm, else cpu. */
  readonly backend?: BackendName;
  /** Override train.epochs (T). */
  readonly epochs?: number;
  /** The run folder; default runs/<experiment>-<hash>-<code>/ under cwd. */
  readonly out?: string;
  /** Base for relative paths (default process.cwd()). */
  readonly cwd?: string;
  /** Continue from the run folder's newest good checkpoint (starts afresh when there is none). */
  readonly resume?: boolean;
  /** Start over in a folder that holds an unfinished run (its checkpoints are deleted). */
  readonly fresh?: boolean;
  /** How many checkpoints to keep (default 2): checkpoint.json, checkpoint.1.json, … */
  readonly keepCheckpoints?: number;
  /**
   * The command line that started this run (e.g. ['mtl', 'run', 'spec.mtl', '--epochs', '3']),
   * used to print the exact command that resumes it; without it the hints name the flags only.
   */
  readonly command?: readonly string[];
  /** mnist: the folder of the four IDX files; idx: the folder the spec's paths are relative to. */
  readonly dataRoot?: string;
  /** Read at most this many training and test examples. */
  readonly limit?: number;
  /**
   * Draw each next step's noise and gather its rows on a worker thread while the current
   * step runs (on onnx, and on wasm and cpu for the steps a generated trainer's code
   * takes; the results are the same bits either way). Default:
   * $MTL_PREFETCH (0/off, 1/on), else on when the machine has at least two cores.
   */
  readonly prefetch?: boolean;
  /** Compute each step's loss (default true); false saves time, curves then show no losses. */
  readonly computeLosses?: boolean;
  /** Hears every step taken. */
  readonly onStep?: (event: StepEvent) => void;
  readonly onEpoch?: (event: EpochEvent) => void;
  /** Progress output (default process.stderr); null for none. */
  readonly progress?: ProgressStream | null;
  /** Stop after the current batch on SIGINT (default true). */
  readonly handleSignals?: boolean;
  /** Stop after the current batch when aborted, like SIGINT. */
  readonly signal?: AbortSignal;
}

export interface RunResult {
  readonly status: 'completed' | 'interrupted';
  readonly runDir: string;
  readonly backend: BackendName;
  readonly epochs: number;
  readonly epochsCompleted: number;
  readonly seconds: number;
  /** The last evaluation's errors (fractions in [0, 1]). */
  readonly validationError: number | null;
  readonly testError: number | null;
  readonly evaluations: readonly Evaluation[];
  /** Where a resumed run started from; null for a fresh run. */
  readonly resumedFrom: Position | null;
  /** Where the steps' time went, on the onnx backend (null on the others). */
  readonly stepTiming: StepTiming | null;
  /** Problems that did not stop the run (an exploding loss), as in result.json. */
  readonly warnings: readonly RunWarning[];
  /** The shell command that continues this run (for an interrupted run). */
  readonly resumeCommand: string;
}

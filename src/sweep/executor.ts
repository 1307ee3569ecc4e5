// What runs a planned run somewhere: the local pool of child processes here; a
// queue of remote workers can implement the same interface.
import type { RunPayload, RunRecord } from './run-payload.js';

export interface EpochProgress {
  /** Epochs done so far, and T. */
  readonly epoch: number;
  readonly epochs: number;
}

export interface RunExecutor {
  /** How many runs it trains at once. */
  readonly capacity: number;
  /** Trains one run; resolves with its record (failed, never rejected, when the run itself fails). */
  execute(
    payload: RunPayload,
    hooks?: { readonly onEpoch?: (event: EpochProgress) => void },
  ): Promise<RunRecord>;
  /** Asks every running run to stop after its current batch (each resolves `interrupted`, with a checkpoint). */
  stop(): void;
  /** Releases the workers. */
  close(): Promise<void>;
}

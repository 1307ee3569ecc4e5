// Faults the runtime reports to the user. A thrown Error that is not one of
// these is a bug; these carry a message meant to be printed as is.

import { MtlRuntimeError } from '../base/user-error.js';

export { MtlRuntimeError };

/** A data file is missing, truncated or not what the spec says it is. */
export class DataError extends MtlRuntimeError {
  override readonly name = 'DataError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Run options that cannot be honoured (unknown backend, bad epoch count, no checkpoint to resume). */
export class RunOptionsError extends MtlRuntimeError {
  override readonly name = 'RunOptionsError';
}

/** Where in Algorithm 1 a fault happened. */
export interface StepPosition {
  /** 0-based epoch t. */
  readonly epoch: number;
  /** 0-based mini-batch index within the epoch. */
  readonly batch: number;
  /** 0-based index of the step within the batch's step order. */
  readonly step: number;
  readonly objective: 'reconstruction' | 'supervised' | 'joint';
}

/** A loss or a weight became NaN or infinite; the run stopped before saving anything from that state. */
export class TrainingDivergedError extends MtlRuntimeError {
  override readonly name = 'TrainingDivergedError';
  constructor(
    readonly position: StepPosition,
    readonly what: string,
    readonly lastCheckpoint: string | null,
  ) {
    const kept = lastCheckpoint
      ? `the last good checkpoint is kept: ${lastCheckpoint}`
      : 'no checkpoint had been saved yet';
    super(
      `training diverged in epoch ${position.epoch + 1} (t = ${position.epoch}), batch ${position.batch + 1}, step ${position.step + 1} ` +
        `(${position.objective}): ${what} became NaN or infinite; ${kept}. ` +
        'Try a smaller learning rate.',
    );
  }
}

// What the recorder hook (RunOptions.onStep) hears for each step taken.

export interface StepEvent {
  /** The spec's t (0-based) of the step's epoch; that epoch's number is t + 1. */
  readonly epoch: number;
  /** 0-based mini-batch index within the epoch. */
  readonly batch: number;
  /** 0-based index of the call in the batch's step order (skipped steps count). */
  readonly step: number;
  readonly objective: 'reconstruction' | 'supervised' | 'joint';
  /** Pool positions of the rows used (0-based; positions below `labeled` are the labeled examples). */
  readonly rows: readonly number[];
  /** The same rows as indices into the training IDX file. */
  readonly examples: readonly number[];
  /** The λ passed to a reconstruction or supervised step; null for a joint step. */
  readonly weight: number | null;
  /** λ_s applied in this step (0 when J_s is not part of it). */
  readonly supervisedWeight: number;
  /** λ_r applied in this step (0 when J_r is not part of it). */
  readonly reconstructionWeight: number;
  readonly lr: number;
  /** J_s and J_r of the rows before the update; null when not part of the step or not computed. */
  readonly supervisedLoss: number | null;
  readonly reconstructionLoss: number | null;
}

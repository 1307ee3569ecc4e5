// The plan of a sweep: plain data, the same on every machine. Each planned run
// carries the full effective experiment IR, so it can be trained anywhere from
// its payload alone.
import type { Experiment } from '../ir/types.js';

export type Role = 'mtl' | 'baseline' | 'control';

/** One varied setting of a sweep, with its values as written, in the spec's order. */
export interface Dimension {
  readonly path: string;
  /** The name values use for it (last part of the path). */
  readonly name: string;
  /** Each value as written (`50000 - labeled`); a cell's Coordinate has it evaluated. */
  readonly labels: readonly string[];
}

/** Where a cell sits along one dimension. */
export interface Coordinate {
  readonly path: string;
  readonly name: string;
  readonly index: number;
  readonly label: string;
  /** The evaluated number for count paths (data.unlabeled = 50000 - labeled → 49900), else null. */
  readonly value: number | null;
}

/** One (cell, role, repeat) of the grid and the run that answers it. */
export interface PlannedUse {
  /**
   * The cell's key: its coordinates as `name=label` joined by `, ` — settings varied over a
   * single value left out — plus ` #i.j.k` (its indices) when two cells would read alike.
   */
  readonly cell: string;
  readonly coords: readonly Coordinate[];
  readonly role: Role;
  /** 0-based repeat index k. */
  readonly repeat: number;
  readonly trainSeed: number;
  readonly dataSeed: number;
  readonly runId: string;
}

/** One distinct run: identical runs (same IR, T and data limit) appear once. */
export interface PlannedRun {
  /** Content id: the IR hash, plus `-T<epochs>` when T differs from the IR's, plus `-L<limit>` under --limit. */
  readonly runId: string;
  readonly experiment: Experiment;
  /** T this run trains for. */
  readonly epochs: number;
  /** True when --epochs set T below the spec's train.epochs. */
  readonly shortened: boolean;
  readonly limit: number | null;
  /** Estimated cost: T × (labeled + unlabeled) examples through Algorithm 1. */
  readonly samples: number;
  /** How many (cell, role, repeat) uses share it. */
  readonly uses: number;
}

export interface SweepPlan {
  readonly sweep: string;
  readonly source: string;
  readonly base: string;
  readonly repeat: number;
  readonly dimensions: readonly Dimension[];
  readonly hasControl: boolean;
  /** --epochs N, or null for the spec's protocol. */
  readonly epochs: number | null;
  readonly limit: number | null;
  readonly uses: readonly PlannedUse[];
  readonly runs: readonly PlannedRun[];
  /** Things to tell the user before training (a shortened protocol that cuts baselines' steps). */
  readonly warnings: readonly string[];
}

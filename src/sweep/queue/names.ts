// What the submitting side and the workers agree on: where the jobs live and
// what a finished job returns.
import type { ResultFile } from '../../runtime/io/results.js';
import type { RunRecord } from '../run-payload.js';

/**
 * Every sweep's runs go on one queue: a run is named by its content, so a run
 * two sweeps share is one job (trained once fleet-wide), and a worker serves
 * every sweep without being told its name. A job's name is its sweep's.
 */
export const QUEUE_NAME = 'runs';
/** Redis keys are `mtl:runs:…`, apart from other BullMQ users of the same database. */
export const QUEUE_PREFIX = 'mtl';

/** A finished job's return value: the run's record and its result.json (null when none was written). */
export interface QueueResult {
  readonly record: RunRecord;
  readonly result: ResultFile | null;
}

/** What a worker reports while it trains (job progress). */
export interface QueueProgress {
  readonly epoch: number;
  readonly epochs: number;
}

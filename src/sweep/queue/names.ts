// What the submitting side and the workers agree on: where the jobs live and
// what a finished job returns.
import type { ResultFile } from '../../runtime/io/results.js';
import type { RunRecord } from '../run-payload.js';

/**
 * Each sweep's runs go on a queue of their own, named after the sweep (see
 * queueNameOf): a fleet's operator sees, pauses or clears one sweep's jobs
 * without touching another's. Its Redis keys are `mtl:<queue>:…`, apart from
 * other BullMQ users of the same database.
 */
export const QUEUE_PREFIX = 'mtl';

/**
 * The Redis set of every sweep queue a `mtl sweep --queue` has filled: a
 * `mtl worker` reads it to find work, including sweeps submitted after it
 * started. Two segments (`mtl:sweeps`), so it can never be one of a queue's
 * keys (`mtl:<queue>:<suffix>`, the queue name having no colon).
 */
export const SWEEPS_KEY = `${QUEUE_PREFIX}:sweeps`;

/**
 * The Redis pub/sub channel on which a sweep announces (with its queue's name)
 * that it added jobs: an idle worker takes them at once rather than at its
 * next look (and serves a new sweep's queue at once). Only a hint: workers
 * look anyway every few hundred ms, so a missed message costs no job.
 */
export const WORK_CHANNEL = `${QUEUE_PREFIX}:work`;

const MAX_NAME = 100;

/**
 * The queue a sweep's runs go on: the sweep's name, with any character
 * outside `[A-Za-z0-9_.-]` (a colon would split BullMQ's keys; spaces and
 * braces confuse Redis tools and cluster hash tags) replaced by `_`, and cut
 * to 100 characters. An mtl sweep's name is an identifier, so it is its own
 * queue's name.
 */
export function queueNameOf(sweep: string): string {
  const safe = sweep.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, MAX_NAME);
  return safe === '' ? '_' : safe;
}

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

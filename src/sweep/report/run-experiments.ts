// The experiments (IR) of a sweep's runs, read straight from the store file:
// the charts need each run's network, sizes and schedule, which the report
// model leaves out. A second connection that only reads; the store's own
// connection (and its checks of the file) stays with ResultStore.
import Database from 'better-sqlite3';
import type { Experiment } from '../../ir/types.js';

/** Run id → its experiment, for the runs of one stored sweep. */
export function runExperiments(storeFile: string, sweepId: number): Map<string, Experiment> {
  const db = new Database(storeFile, { fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT id, ir FROM runs WHERE id IN (SELECT run_id FROM uses WHERE sweep_id = ?)')
      .all(sweepId) as { id: string; ir: string }[];
    return new Map(rows.map((r) => [r.id, JSON.parse(r.ir) as Experiment]));
  } finally {
    db.close();
  }
}

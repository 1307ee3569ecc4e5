// The result store: one SQLite file (WAL, busy timeout) shared by every sweep
// and worker. Runs are rows keyed by content id; a sweep's cells point at
// them, so a run shared by many cells (or sweeps) is trained and stored once.
// Every write is one transaction; recording a run is idempotent by run id.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../../ir/hash.js';
import type { Evaluation } from '../../runtime/train/state.js';
import type { Coordinate, Dimension, Role, SweepPlan } from '../plan-types.js';
import type { RunRecord } from '../run-payload.js';
import { openStoreDatabase, StoreError } from './open-store.js';

export { StoreError } from './open-store.js';

export type StoredStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
export const STORED_STATUSES: readonly StoredStatus[] = [
  'queued',
  'running',
  'done',
  'failed',
  'interrupted',
];

/** Who is training a run: `host:pid:nonce`. */
export interface Owner {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
}

export function newOwner(): Owner {
  const host = hostname();
  return { id: `${host}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`, host, pid: process.pid };
}

export type ClaimResult = 'claimed' | 'done' | 'failed' | 'busy';

export interface StoredSweep {
  readonly id: number;
  readonly name: string;
  readonly source: string;
  readonly base: string;
  readonly repeat: number;
  readonly dimensions: readonly Dimension[];
  readonly hasControl: boolean;
  /** --epochs N of the sweep, or null for the spec's protocol. */
  readonly epochs: number | null;
  readonly shortened: boolean;
  readonly limit: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One (cell, role, repeat) of a sweep with the state and results of its run. */
export interface StoredUse {
  readonly cell: string;
  readonly coords: readonly Coordinate[];
  readonly role: Role;
  readonly repeat: number;
  readonly trainSeed: number;
  readonly dataSeed: number;
  readonly runId: string;
  readonly status: StoredStatus;
  /** T the run trains for, and T as its spec says. */
  readonly epochs: number;
  readonly specEpochs: number;
  readonly testError: number | null;
  readonly validationError: number | null;
  readonly supervisedSteps: number | null;
  readonly reconstructionSteps: number | null;
  readonly seconds: number | null;
}

/** A run as `mtl runs` lists it. */
export interface StoredRun {
  readonly id: string;
  readonly experiment: string;
  readonly hash: string;
  readonly source: string;
  readonly labeled: number;
  readonly unlabeled: number;
  readonly trainSeed: number;
  readonly dataSeed: number;
  readonly epochs: number;
  readonly specEpochs: number;
  readonly shortened: boolean;
  readonly limit: number | null;
  readonly status: StoredStatus;
  readonly backend: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly seconds: number | null;
  readonly samplesPerSecond: number | null;
  readonly epochsCompleted: number | null;
  readonly validationError: number | null;
  readonly testError: number | null;
  readonly evaluations: readonly Evaluation[];
  readonly supervisedSteps: number | null;
  readonly reconstructionSteps: number | null;
  readonly runDir: string | null;
  readonly worker: string | null;
  readonly message: string | null;
  readonly attempts: number;
  /** Sweeps with a cell that uses this run. */
  readonly sweeps: readonly string[];
}

export interface ClaimOptions {
  /** Train again a run recorded as failed (default: a failed run is finished). */
  readonly retryFailed?: boolean;
  /** A run held by a process on another host counts as abandoned after this long without a heartbeat. */
  readonly staleAfterMs?: number;
  /** Whether a process on this host is alive (tests pass their own). */
  readonly alive?: (pid: number) => boolean;
}

const DEFAULT_STALE_MS = 10 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The identity of a plan: the same sweep planned the same way (same runs per cell) is the same sweep record. */
function planKey(plan: SweepPlan): string {
  const uses = plan.uses.map((u) => [u.cell, u.role, u.repeat, u.runId]);
  return createHash('sha256')
    .update(canonicalJson({ sweep: plan.sweep, source: plan.source, uses }))
    .digest('hex')
    .slice(0, 16);
}

export class ResultStore {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  /** Opens the store (creating it unless `create: false`); throws StoreError for a foreign, corrupt or newer file. */
  static open(file: string, options: { readonly create?: boolean } = {}): ResultStore {
    return new ResultStore(file, openStoreDatabase(file, options));
  }

  close(): void {
    this.db.close();
  }

  /** Records a sweep's plan: the sweep (found again by its plan key), its runs (new ones queued) and its uses. */
  registerPlan(plan: SweepPlan): StoredSweep {
    const now = new Date().toISOString();
    const key = planKey(plan);
    const write = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO sweeps (name, source, plan_key, base, repeat_count, dimensions, has_control, epochs,
             shortened, limit_rows, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (plan_key) DO UPDATE SET updated_at = excluded.updated_at`,
        )
        .run(
          plan.sweep,
          plan.source,
          key,
          plan.base,
          plan.repeat,
          JSON.stringify(plan.dimensions),
          plan.hasControl ? 1 : 0,
          plan.epochs,
          plan.runs.some((r) => r.shortened) ? 1 : 0,
          plan.limit,
          now,
          now,
        );
      const { id } = this.db.prepare('SELECT id FROM sweeps WHERE plan_key = ?').get(key) as { id: number };
      const insertRun = this.db.prepare(
        `INSERT OR IGNORE INTO runs (id, hash, experiment, ir, source, labeled, unlabeled, train_seed, data_seed,
           epochs, spec_epochs, shortened, limit_rows, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued')`,
      );
      for (const run of plan.runs) {
        const e = run.experiment;
        insertRun.run(
          run.runId,
          e.hash,
          e.name,
          JSON.stringify(e),
          plan.source,
          e.data.labeled,
          e.data.unlabeled,
          e.train.seed,
          e.data.seed,
          run.epochs,
          e.train.epochs,
          run.shortened ? 1 : 0,
          run.limit,
        );
      }
      const insertUse = this.db.prepare(
        `INSERT OR IGNORE INTO uses (sweep_id, cell, coords, role, repeat_index, train_seed, data_seed, run_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const u of plan.uses) {
        insertUse.run(
          id,
          u.cell,
          JSON.stringify(u.coords),
          u.role,
          u.repeat,
          u.trainSeed,
          u.dataSeed,
          u.runId,
        );
      }
      return id;
    });
    const id = write.immediate();
    return this.sweepById(id)!;
  }

  /** Takes a run for `owner` when it is queued, interrupted, abandoned (or failed, with retryFailed). */
  claimRun(runId: string, owner: Owner, options: ClaimOptions = {}): ClaimResult {
    const alive = options.alive ?? processAlive;
    const staleAfter = options.staleAfterMs ?? DEFAULT_STALE_MS;
    const claim = this.db.transaction((): ClaimResult => {
      const row = this.db.prepare('SELECT status, owner, heartbeat_at FROM runs WHERE id = ?').get(runId) as
        | Row
        | undefined;
      if (!row) throw new StoreError(`no run ${runId} in ${this.file}`);
      const status = row.status as StoredStatus;
      if (status === 'done') return 'done';
      if (status === 'failed' && !options.retryFailed) return 'failed';
      if (status === 'running' && row.owner !== owner.id && !abandoned(row, owner, alive, staleAfter))
        return 'busy';
      const now = new Date().toISOString();
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', owner = ?, heartbeat_at = ?, started_at = coalesce(started_at, ?),
             attempts = attempts + 1 WHERE id = ?`,
        )
        .run(owner.id, now, now, runId);
      return 'claimed';
    });
    return claim.immediate();
  }

  /** Says the owner still trains the run (so other sweeps do not take it over). */
  heartbeat(runId: string, owner: Owner): void {
    this.db
      .prepare(`UPDATE runs SET heartbeat_at = ? WHERE id = ? AND owner = ? AND status = 'running'`)
      .run(new Date().toISOString(), runId, owner.id);
  }

  /**
   * Records a run's outcome. Idempotent by run id: a run already recorded as
   * done keeps its first result (false is returned); anything else is
   * replaced. Throws StoreError for a run the store does not know.
   */
  recordRun(record: RunRecord): boolean {
    const write = this.db.transaction((): boolean => {
      const row = this.db.prepare('SELECT status FROM runs WHERE id = ?').get(record.runId) as
        | Row
        | undefined;
      if (!row) throw new StoreError(`no run ${record.runId} in ${this.file}`);
      if (row.status === 'done') return false;
      this.db
        .prepare(
          `UPDATE runs SET status = ?, owner = NULL, backend = ?, started_at = coalesce(started_at, ?), ended_at = ?,
             seconds = ?, samples_per_second = ?, epochs_completed = ?, validation_error = ?, test_error = ?,
             evaluations = ?, supervised_steps = ?, reconstruction_steps = ?, run_dir = ?, worker = ?, message = ?
           WHERE id = ?`,
        )
        .run(
          record.status,
          record.backend,
          record.startedAt,
          record.endedAt,
          record.seconds,
          record.samplesPerSecond,
          record.epochsCompleted,
          record.validationError,
          record.testError,
          JSON.stringify(record.evaluations),
          record.supervisedSteps,
          record.reconstructionSteps,
          record.runDir,
          record.worker,
          record.message,
          record.runId,
        );
      return true;
    });
    return write.immediate();
  }

  runStatus(runId: string): StoredStatus | undefined {
    const row = this.db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as Row | undefined;
    return row ? (row.status as StoredStatus) : undefined;
  }

  /** The most recently planned sweep of this name. */
  latestSweep(name: string): StoredSweep | undefined {
    const row = this.db
      .prepare('SELECT * FROM sweeps WHERE name = ? ORDER BY updated_at DESC, id DESC LIMIT 1')
      .get(name) as Row | undefined;
    return row && sweepOf(row);
  }

  sweepById(id: number): StoredSweep | undefined {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as Row | undefined;
    return row && sweepOf(row);
  }

  sweepNames(): string[] {
    return (this.db.prepare('SELECT DISTINCT name FROM sweeps ORDER BY name').all() as Row[]).map((r) =>
      String(r.name),
    );
  }

  /** Every (cell, role, repeat) of a sweep with its run's state, in plan order. */
  sweepUses(sweepId: number): StoredUse[] {
    const rows = this.db
      .prepare(
        `SELECT u.*, r.status, r.epochs, r.spec_epochs, r.test_error, r.validation_error, r.supervised_steps,
                r.reconstruction_steps, r.seconds
         FROM uses u JOIN runs r ON r.id = u.run_id WHERE u.sweep_id = ? ORDER BY u.rowid`,
      )
      .all(sweepId) as Row[];
    return rows.map((r) => ({
      cell: String(r.cell),
      coords: JSON.parse(String(r.coords)) as Coordinate[],
      role: r.role as Role,
      repeat: Number(r.repeat_index),
      trainSeed: Number(r.train_seed),
      dataSeed: Number(r.data_seed),
      runId: String(r.run_id),
      status: r.status as StoredStatus,
      epochs: Number(r.epochs),
      specEpochs: Number(r.spec_epochs),
      testError: num(r.test_error),
      validationError: num(r.validation_error),
      supervisedSteps: num(r.supervised_steps),
      reconstructionSteps: num(r.reconstruction_steps),
      seconds: num(r.seconds),
    }));
  }

  /** Runs, newest first, optionally of one sweep (any of its plans) and one status. */
  listRuns(filter: { readonly sweep?: string; readonly status?: StoredStatus } = {}): StoredRun[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.sweep !== undefined) {
      where.push('r.id IN (SELECT u.run_id FROM uses u JOIN sweeps s ON s.id = u.sweep_id WHERE s.name = ?)');
      args.push(filter.sweep);
    }
    if (filter.status !== undefined) {
      where.push('r.status = ?');
      args.push(filter.status);
    }
    const rows = this.db
      .prepare(
        `SELECT r.*, (SELECT group_concat(DISTINCT s.name) FROM uses u JOIN sweeps s ON s.id = u.sweep_id
                      WHERE u.run_id = r.id) AS sweep_names
         FROM runs r ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY coalesce(r.ended_at, r.started_at, '') DESC, r.rowid`,
      )
      .all(...args) as Row[];
    return rows.map(runOf);
  }
}

function abandoned(row: Row, owner: Owner, alive: (pid: number) => boolean, staleAfterMs: number): boolean {
  const [host, pid] = String(row.owner ?? '').split(':');
  if (host === owner.host && pid !== undefined && Number.isInteger(Number(pid))) return !alive(Number(pid));
  const beat = Date.parse(String(row.heartbeat_at ?? ''));
  return !Number.isFinite(beat) || Date.now() - beat > staleAfterMs;
}

function sweepOf(row: Row): StoredSweep {
  return {
    id: Number(row.id),
    name: String(row.name),
    source: String(row.source),
    base: String(row.base),
    repeat: Number(row.repeat_count),
    dimensions: JSON.parse(String(row.dimensions)) as Dimension[],
    hasControl: row.has_control === 1,
    epochs: num(row.epochs),
    shortened: row.shortened === 1,
    limit: num(row.limit_rows),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

function runOf(row: Row): StoredRun {
  return {
    id: String(row.id),
    experiment: String(row.experiment),
    hash: String(row.hash),
    source: String(row.source),
    labeled: Number(row.labeled),
    unlabeled: Number(row.unlabeled),
    trainSeed: Number(row.train_seed),
    dataSeed: Number(row.data_seed),
    epochs: Number(row.epochs),
    specEpochs: Number(row.spec_epochs),
    shortened: row.shortened === 1,
    limit: num(row.limit_rows),
    status: row.status as StoredStatus,
    backend: str(row.backend),
    startedAt: str(row.started_at),
    endedAt: str(row.ended_at),
    seconds: num(row.seconds),
    samplesPerSecond: num(row.samples_per_second),
    epochsCompleted: num(row.epochs_completed),
    validationError: num(row.validation_error),
    testError: num(row.test_error),
    evaluations: row.evaluations ? (JSON.parse(String(row.evaluations)) as Evaluation[]) : [],
    supervisedSteps: num(row.supervised_steps),
    reconstructionSteps: num(row.reconstruction_steps),
    runDir: str(row.run_dir),
    worker: str(row.worker),
    message: str(row.message),
    attempts: Number(row.attempts ?? 0),
    sweeps: row.sweep_names ? String(row.sweep_names).split(',') : [],
  };
}

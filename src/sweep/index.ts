// mtlc/sweep: planning, executing, storing and reporting sweeps. Kept apart
// from the main entry so `import 'mtlc'` never loads SQLite or TensorFlow.js.

export type { NetworkLookup } from './apply-value.js';
export { PlanError } from './apply-value.js';
export type { ExecuteOptions } from './execute-run.js';
export { executeRun, runDirOf } from './execute-run.js';
export type { EpochProgress, RunExecutor } from './executor.js';
export type { LocalPoolOptions } from './local-pool.js';
export { LocalPool } from './local-pool.js';
export { networkLookup } from './network-lookup.js';
export type { PlanOptions } from './plan.js';
export { findSweep, planSweep, runIdOf } from './plan.js';
export { planSummary } from './plan-summary.js';
export type { Coordinate, Dimension, PlannedRun, PlannedUse, Role, SweepPlan } from './plan-types.js';
export { jobPayloadProblem } from './queue/job-guard.js';
export type { QueueProgress, QueueResult } from './queue/names.js';
export { QUEUE_PREFIX, queueNameOf, SWEEPS_KEY } from './queue/names.js';
export { probeQueue } from './queue/probe-queue.js';
export type { QueueExecutorOptions } from './queue/queue-executor.js';
export { QueueConnectError, QueueExecutor } from './queue/queue-executor.js';
export type { QueueAddress } from './queue/queue-url.js';
export { parseQueueUrl, redactUrl } from './queue/queue-url.js';
export type { QueueWorker, QueueWorkerOptions } from './queue/queue-worker.js';
export { startQueueWorker } from './queue/queue-worker.js';
export { buildReport } from './report/build-report.js';
export type {
  Report,
  ReportAxisValue,
  ReportCell,
  ReportRow,
  ReportTable,
  RoleResult,
  StatusCounts,
} from './report/model.js';
export { renderCsv } from './report/render-csv.js';
export { renderMarkdown } from './report/render-md.js';
export type { PairedDifference, Summary } from './report/stats.js';
export { pairedDifference, studentTQuantile, summarize } from './report/stats.js';
export type { RunOutcome, RunPayload, RunRecord } from './run-payload.js';
export { payloadOf, payloadProblem } from './run-payload.js';
export type { SweepEvent, SweepOutcome, SweepRunOptions } from './run-sweep.js';
export { runSweep } from './run-sweep.js';
export type {
  ClaimOptions,
  ClaimResult,
  Owner,
  StoredRun,
  StoredStatus,
  StoredSweep,
  StoredUse,
} from './store/result-store.js';
export { newOwner, ResultStore, STORED_STATUSES, StoreError } from './store/result-store.js';
export { SweepProgress } from './sweep-progress.js';

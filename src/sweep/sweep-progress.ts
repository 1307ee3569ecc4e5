// Progress of a sweep on stderr: on a terminal one line redrawn in place (runs
// done / running / queued / failed, samples/s, ETA); otherwise a plain line
// per run that starts or ends, for logs.
import type { PlannedRun, SweepPlan } from './plan-types.js';
import type { SweepEvent } from './run-sweep.js';

interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const percent = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(2)}%`);

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class SweepProgress {
  private readonly names = new Map<string, string>();
  private readonly running = new Map<string, number>();
  private readonly waiting = new Set<string>();
  private finished = 0;
  private failed = 0;
  private samplesDone = 0;
  private samplesLeft = 0;
  private readonly started: number;
  private lastDraw = 0;

  constructor(
    private readonly plan: SweepPlan,
    private readonly out: ProgressOutput,
    private readonly now: () => number = Date.now,
  ) {
    for (const use of plan.uses) {
      if (!this.names.has(use.runId)) this.names.set(use.runId, `${use.cell} ${use.role}#${use.repeat}`);
    }
    this.samplesLeft = plan.runs.reduce((n, r) => n + r.samples, 0);
    this.started = now();
  }

  readonly onEvent = (event: SweepEvent): void => {
    const total = this.plan.runs.length;
    const size = (run: PlannedRun) => run.experiment.data.labeled + run.experiment.data.unlabeled;
    switch (event.kind) {
      case 'plan':
        return;
      case 'skip':
      case 'elsewhere':
        this.waiting.delete(event.run.runId);
        this.finished++;
        if (event.status === 'failed') this.failed++;
        this.samplesLeft -= event.run.samples;
        break;
      case 'wait':
        if (this.waiting.has(event.run.runId)) return;
        this.waiting.add(event.run.runId);
        if (!this.out.isTTY)
          this.line(`waiting  ${this.describe(event.run)} (another process is training it)`);
        break;
      case 'start':
        this.running.set(event.run.runId, 0);
        if (!this.out.isTTY) this.line(`start    ${this.describe(event.run)}`);
        break;
      case 'epoch': {
        const before = this.running.get(event.run.runId) ?? 0;
        // A resumed run reports from its checkpoint's epoch: only count epochs seen here as done now.
        const seen = before === 0 ? event.epoch - 1 : before;
        this.samplesDone += Math.max(0, event.epoch - seen) * size(event.run);
        this.samplesLeft -= Math.max(0, event.epoch - before) * size(event.run);
        this.running.set(event.run.runId, event.epoch);
        break;
      }
      case 'end': {
        const reached = this.running.get(event.run.runId) ?? 0;
        this.running.delete(event.run.runId);
        const { record } = event;
        if (record.status === 'interrupted') {
          if (!this.out.isTTY)
            this.line(`stopped  ${this.describe(event.run)} at epoch ${record.epochsCompleted}`);
          break;
        }
        this.finished++;
        this.samplesLeft -= event.run.samples - reached * size(event.run);
        if (record.status === 'failed') this.failed++;
        const what =
          record.status === 'done'
            ? `done     ${this.describe(event.run)}: test error ${percent(record.testError)}`
            : `FAILED   ${this.describe(event.run)}: ${(record.message ?? '').split('\n')[0]}`;
        this.line(`[${this.finished}/${total}] ${what}`);
        break;
      }
    }
    this.draw();
  };

  /** Ends the redrawn line. */
  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }

  status(): string {
    const total = this.plan.runs.length;
    const queued = total - this.finished - this.running.size - this.waiting.size;
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.samplesDone / seconds : 0;
    const eta = rate > 0 ? formatDuration(this.samplesLeft / rate) : '?';
    const waiting = this.waiting.size > 0 ? `, ${this.waiting.size} elsewhere` : '';
    return (
      `${this.plan.sweep}: ${this.finished - this.failed}/${total} done, ${this.running.size} running, ` +
      `${queued} queued${waiting}, ${this.failed} failed · ${Math.round(rate).toLocaleString('en-US')} samples/s · ETA ${eta}`
    );
  }

  private describe(run: PlannedRun): string {
    return `${run.runId} (${this.names.get(run.runId) ?? run.experiment.name})`;
  }

  private line(text: string): void {
    this.out.write(this.out.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }

  private draw(): void {
    if (!this.out.isTTY) return;
    const now = this.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.out.write(`\r\x1b[2K${this.status()}`);
  }
}

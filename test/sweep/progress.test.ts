import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/sweep/run-payload.js';
import { formatDuration, SweepProgress } from '../../src/sweep/sweep-progress.js';
import { gridSweep, planOf, tinySweepFolder } from '../harness/sweep.js';

const plan = planOf(tinySweepFolder(gridSweep('grid', 2)), 'tiny.mtl');
const [a, b, c] = plan.runs;

function record(
  runId: string,
  status: RunRecord['status'],
  testError: number | null,
  message: string | null = null,
): RunRecord {
  return {
    runId,
    status,
    message,
    backend: 'cpu',
    epochs: 3,
    epochsCompleted: 3,
    startedAt: '',
    endedAt: '',
    seconds: 1,
    samplesPerSecond: 1,
    validationError: testError,
    testError,
    evaluations: [],
    supervisedSteps: 1,
    reconstructionSteps: 1,
    runDir: null,
    worker: null,
  };
}

describe('sweep progress', () => {
  it('prints a line per run start and end when stderr is not a terminal', () => {
    let text = '';
    const progress = new SweepProgress(plan, { write: (t: string) => (text += t) });
    progress.onEvent({ kind: 'skip', run: c!, status: 'done' });
    progress.onEvent({ kind: 'start', run: a! });
    progress.onEvent({ kind: 'epoch', run: a!, epoch: 1, epochs: 3 });
    progress.onEvent({ kind: 'end', run: a!, record: record(a!.runId, 'done', 0.25) });
    progress.onEvent({ kind: 'start', run: b! });
    progress.onEvent({
      kind: 'end',
      run: b!,
      record: record(b!.runId, 'failed', null, 'training diverged\nat…'),
    });
    expect(text).toBe(
      [
        `start    ${a!.runId} (unlabeled=0, weights=lin(2) mtl#0)`,
        `[2/12] done     ${a!.runId} (unlabeled=0, weights=lin(2) mtl#0): test error 25.00%`,
        `start    ${b!.runId} (unlabeled=0, weights=lin(2) mtl#1)`,
        `[3/12] FAILED   ${b!.runId} (unlabeled=0, weights=lin(2) mtl#1): training diverged`,
        '',
      ].join('\n'),
    );
  });

  it('redraws one status line on a terminal: done, running, queued, failed, samples/s, ETA', () => {
    let text = '';
    let now = 0;
    const progress = new SweepProgress(plan, { write: (t: string) => (text += t), isTTY: true }, () => now);
    progress.onEvent({ kind: 'start', run: a! });
    progress.onEvent({ kind: 'start', run: b! });
    now = 10_000;
    // Run a trains 40 + 0 rows per epoch: one epoch = 40 samples in 10 s.
    progress.onEvent({ kind: 'epoch', run: a!, epoch: 1, epochs: 3 });
    expect(progress.status()).toMatch(
      /^grid: 0\/12 done, 2 running, 10 queued, 0 failed · 4 samples\/s · ETA /,
    );
    const left = plan.runs.reduce((n, r) => n + r.samples, 0) - 40;
    expect(progress.status()).toContain(`ETA ${formatDuration(left / 4)}`);
    expect(text).toContain('\r\x1b[2Kgrid: 0/12 done, 2 running');
    progress.finish();
    expect(text.endsWith('\n')).toBe(true);
  });
});

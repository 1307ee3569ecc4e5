// The pool survives a worker that dies; `mtl runs` and `mtl report` on stores
// that hold what they expect, and on ones that do not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.js';
import { runsCommand } from '../../src/cli/runs.js';
import { LocalPool } from '../../src/sweep/local-pool.js';
import { payloadOf, type RunRecord } from '../../src/sweep/run-payload.js';
import { ResultStore, type StoredRun } from '../../src/sweep/store/result-store.js';
import { captureIo } from '../harness/codegen.js';
import { tempDir } from '../harness/runtime.js';
import { gridSweep, planOf, tinySweepFolder } from '../harness/sweep.js';

describe('the local pool', () => {
  it('fails the run of a worker that dies, and trains the next run on a fresh worker', async () => {
    const dir = tinySweepFolder('sweep two {\n  base tiny\n  vary train.seed [7, 8]\n}\n', { epochs: 2000 });
    const plan = planOf(dir, 'tiny.mtl');
    const pool = new LocalPool({ workers: 1, cwd: dir, runsDir: 'runs' });
    try {
      let killed: number | undefined;
      const first = await pool.execute(payloadOf(plan.runs[0]!, { source: 'tiny.mtl', backend: 'cpu' }), {
        onEpoch: () => {
          if (killed !== undefined) return;
          killed = pool.workerPids()[0];
          process.kill(killed!, 'SIGKILL');
        },
      });
      expect(first).toMatchObject({ runId: plan.runs[0]!.runId, status: 'failed' });
      expect(first.message).toMatch(/^the worker process died \(signal SIGKILL\)/);
      const short = { ...payloadOf(plan.runs[1]!, { source: 'tiny.mtl', backend: 'cpu' }) };
      // The same run shortened to 2 epochs: its id names its T, as the planner's would.
      const second = await pool.execute({ ...short, epochs: 2, runId: `${short.experiment.hash}-T2` });
      expect(second).toMatchObject({ status: 'done', epochsCompleted: 2 });
      expect(pool.workerPids()).not.toContain(killed);
    } finally {
      await pool.close();
    }
  });
});

function record(runId: string, overrides: Partial<RunRecord>): RunRecord {
  return {
    runId,
    status: 'done',
    message: null,
    backend: 'cpu',
    epochs: 3,
    epochsCompleted: 3,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    seconds: 1,
    samplesPerSecond: 240,
    validationError: 0.2,
    testError: 0.25,
    evaluations: [],
    supervisedSteps: 12,
    reconstructionSteps: 8,
    runDir: null,
    worker: null,
    ...overrides,
  };
}

describe('mtl runs and mtl report', () => {
  const plan = planOf(tinySweepFolder(gridSweep()), 'tiny.mtl');
  const dir = tempDir();
  const store = ResultStore.open(join(dir, 'runs/mtl.sqlite'));
  store.registerPlan(plan);
  store.recordRun(record(plan.runs[0]!.runId, {}));
  store.recordRun(record(plan.runs[1]!.runId, { status: 'failed', message: 'diverged', testError: null }));
  store.close();

  it('lists runs, filtered by sweep and status, as text or JSON', async () => {
    const all = captureIo(dir);
    expect(await runsCommand([], all.io)).toBe(0);
    expect(all.stdout()).toMatch(
      /^run +status +sweeps +labeled +unlabeled +seed +T +backend +test error +steps s\/r +time\n/,
    );
    expect(all.stdout()).toMatch(/\n12 runs: 10 queued, 1 done, 1 failed\n$/);
    const failed = captureIo(dir);
    expect(await runsCommand(['--sweep', 'grid', '--status', 'failed', '--format', 'json'], failed.io)).toBe(
      0,
    );
    const runs = JSON.parse(failed.stdout()) as StoredRun[];
    expect(runs.map((r) => [r.id, r.status, r.message])).toEqual([
      [plan.runs[1]!.runId, 'failed', 'diverged'],
    ]);
    const done = captureIo(dir);
    expect(await runsCommand(['--status', 'done'], done.io)).toBe(0);
    expect(done.stdout()).toContain(
      `${plan.runs[0]!.runId}  done    grid    40       0          7/1   3  cpu      25.00%      12/8       1s`,
    );
  });

  it('say plainly what is wrong with the store or the names given', async () => {
    const cases: [typeof runsCommand, string[], string][] = [
      [runsCommand, ['--sweep', 'nope'], "mtl runs: no sweep named 'nope' in the store (sweeps: grid)\n"],
      [
        runsCommand,
        ['--status', 'odd'],
        "mtl runs: --status must be queued, running, done, failed or interrupted, got 'odd'\n" +
          "Run 'mtl help runs' for usage.\n",
      ],
      [runsCommand, ['--store', 'none.sqlite'], 'mtl runs: no store at none.sqlite (mtl sweep creates it)\n'],
      [reportCommand, ['nope'], "mtl report: no sweep named 'nope' in the store (sweeps: grid)\n"],
      [
        reportCommand,
        ['grid', '--format', 'xml'],
        "mtl report: --format must be md, csv, json or html, got 'xml'\nRun 'mtl help report' for usage.\n",
      ],
    ];
    for (const [command, args, message] of cases) {
      const { io, stderr } = captureIo(dir);
      expect(await command(args, io)).toBe(2);
      expect(stderr().startsWith(message)).toBe(true);
    }
    writeFileSync(join(dir, 'notes.txt'), 'not a store\n');
    const { io, stderr } = captureIo(dir);
    expect(await reportCommand(['grid', '--store', 'notes.txt'], io)).toBe(2);
    expect(stderr()).toBe(
      `mtl report: ${join(dir, 'notes.txt')} is not an mtl store (not an SQLite database); it was left untouched\n`,
    );
  });
});

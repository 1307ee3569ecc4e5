// Sweeps of tiny runs through the real pool: worker processes, the real
// trainer, a real SQLite store.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.js';
import { sweepCommand } from '../../src/cli/sweep.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { executeRun } from '../../src/sweep/execute-run.js';
import { LocalPool } from '../../src/sweep/local-pool.js';
import type { Report } from '../../src/sweep/report/model.js';
import { payloadOf } from '../../src/sweep/run-payload.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { ResultStore } from '../../src/sweep/store/result-store.js';
import { captureIo } from '../harness/codegen.js';
import { gridSweep, mtlProcess, planOf, tinySweepFolder } from '../harness/sweep.js';

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The grid sweep's folder, trained by the first test and reported on by the report tests. */
let gridDir = '';

describe('mtl sweep', () => {
  it('trains every distinct run once on the pool, records each in the store, and skips them when run again', async () => {
    const dir = tinySweepFolder(gridSweep('grid', 2));
    gridDir = dir;
    const plan = planOf(dir, 'tiny.mtl');
    const first = captureIo(dir);
    expect(await sweepCommand(['tiny.mtl', '--workers', '2', '--backend', 'cpu', '--quiet'], first.io)).toBe(
      0,
    );
    expect(first.stdout()).toMatch(
      /^grid: 12\/12 runs done \(12 trained now, 0 already in the store\), 0 failed, 0 interrupted, in \d+s\n {2}report: mtl report grid\n$/,
    );

    const store = ResultStore.open(join(dir, 'runs/mtl.sqlite'), { create: false });
    const runs = store.listRuns();
    expect(runs).toHaveLength(12);
    for (const run of runs) {
      expect(run).toMatchObject({ status: 'done', backend: 'cpu', epochs: 3, attempts: 1, sweeps: ['grid'] });
      const planned = plan.runs.find((r) => r.runId === run.id)!;
      expect(run.runDir).toBe(join(dir, 'runs', `tiny-${run.id}`));
      const result = readJson<ResultFile>(join(run.runDir!, 'result.json'));
      expect(result.status).toBe('completed');
      expect(result.hash).toBe(planned.experiment.hash);
      expect(result.ir).toEqual(planned.experiment);
      expect(run.testError).toBe(result.final?.testError);
      expect(run.validationError).toBe(result.final?.validationError);
      expect(run.supervisedSteps).toBe(result.supervisedSteps);
      expect(run.reconstructionSteps).toBe(result.reconstructionSteps);
      expect(run.evaluations).toEqual(result.evaluations);
    }
    // Steps: 3 epochs; u = 0 → 2 batches of labeled rows; u = 40 → 4 mixed batches of 20 rows.
    const byCell = (cell: string, role: string, repeat = 0) => {
      const use = store
        .sweepUses(store.latestSweep('grid')!.id)
        .find((u) => u.cell === cell && u.role === role && u.repeat === repeat)!;
      return runs.find((r) => r.id === use.runId)!;
    };
    expect(byCell('unlabeled=0, weights=lin(2)', 'baseline')).toMatchObject({
      supervisedSteps: 6,
      reconstructionSteps: 0,
    });
    expect(byCell('unlabeled=40, weights=lin(2)', 'control').supervisedSteps).toBeGreaterThan(6);
    expect(byCell('unlabeled=40, weights=lin(2)', 'control').reconstructionSteps).toBe(0);
    // lin(2): λ_r = 1 − min(1, t/2) is 0 from epoch 2 on: reconstruction steps in 2 of 3 epochs.
    expect(byCell('unlabeled=40, weights=lin(2)', 'mtl').reconstructionSteps).toBe(8);
    store.close();

    const again = captureIo(dir);
    expect(await sweepCommand(['tiny.mtl', '--workers', '2', '--backend', 'cpu', '--quiet'], again.io)).toBe(
      0,
    );
    expect(again.stdout()).toMatch(/^grid: 12\/12 runs done \(0 trained now, 12 already in the store\)/);
  });

  it('records a diverging run as failed while the others finish, and exits 1', async () => {
    const dir = tinySweepFolder('sweep diverge {\n  base tiny\n  vary train.lr [0.5, 1e40]\n}\n');
    const { io, stdout } = captureIo(dir);
    expect(
      await sweepCommand(
        ['tiny.mtl', '--workers', '2', '--backend', 'cpu', '--quiet', '--store', 's.sqlite'],
        io,
      ),
    ).toBe(1);
    expect(stdout()).toMatch(/^diverge: 1\/2 runs done \(1 trained now, 0 already in the store\), 1 failed/);
    const store = ResultStore.open(join(dir, 's.sqlite'));
    const [failed] = store.listRuns({ status: 'failed' });
    expect(failed?.message).toMatch(
      /^training diverged in epoch 1 \(t = 0\), batch 1, step 1 \(reconstruction\): .* became NaN or infinite/,
    );
    expect(store.listRuns({ status: 'done' })).toHaveLength(1);
    store.close();
  });

  it('stops cleanly when interrupted, and resumes the run from its checkpoint to the same weights', async () => {
    const dir = tinySweepFolder('sweep long {\n  base tiny\n  vary data.unlabeled [40]\n}\n', {
      epochs: 100,
    });
    const plan = planOf(dir, 'tiny.mtl', 'long');
    const [run] = plan.runs;
    const storeFile = join(dir, 'runs/mtl.sqlite');
    const sweep = async (stopAtFirstEpoch: boolean) => {
      const store = ResultStore.open(storeFile);
      const pool = new LocalPool({ workers: 1, cwd: dir, runsDir: 'runs' });
      const controller = new AbortController();
      try {
        return await runSweep(plan, {
          store,
          executor: pool,
          backend: 'cpu',
          signal: controller.signal,
          onEvent: (event) => {
            if (stopAtFirstEpoch && event.kind === 'epoch') controller.abort();
          },
        });
      } finally {
        await pool.close();
        store.close();
      }
    };
    expect(await sweep(true)).toMatchObject({ status: 'interrupted', interrupted: 1, done: 0 });
    const runDir = join(dir, 'runs', `tiny-${run!.runId}`);
    const stopped = readJson<ResultFile>(join(runDir, 'result.json'));
    expect(stopped.status).toBe('interrupted');
    expect(stopped.epochsCompleted).toBeLessThan(100);
    expect(existsSync(join(runDir, 'checkpoint.json'))).toBe(true);
    const store = ResultStore.open(storeFile);
    expect(store.runStatus(run!.runId)).toBe('interrupted');
    store.close();

    expect(await sweep(false)).toMatchObject({ status: 'completed', done: 1, interrupted: 0 });
    const resumed = readJson<ResultFile>(join(runDir, 'result.json'));
    expect(resumed).toMatchObject({ status: 'completed', epochsCompleted: 100 });

    const reference = await executeRun(payloadOf(run!, { source: 'tiny.mtl', backend: 'cpu' }), {
      cwd: dir,
      runsDir: 'reference',
    });
    expect(reference.status).toBe('done');
    expect(resumed.final?.testError).toBe(reference.testError);
    expect(resumed.supervisedSteps).toBe(reference.supervisedSteps);
    expect(resumed.reconstructionSteps).toBe(reference.reconstructionSteps);
    const weights = (folder: string) => readJson<CheckpointFile>(join(folder, 'checkpoint.json')).params;
    expect(weights(runDir)).toEqual(weights(reference.runDir!));
  });

  it('lets two sweeps share one store at once: both finish, and runs they share are trained once', async () => {
    const sweeps = ['a', 'b']
      .map(
        (name, i) => `sweep ${name} {
  base tiny
  vary weights [schedule exp(1), ${i === 0 ? 'schedule lin(2)' : 'schedule constant(0.5)'}]
  baseline {
    weights schedule supervised_only
    data.unlabeled 0
  }
}
`,
      )
      .join('\n');
    const dir = tinySweepFolder(sweeps);
    const args = (name: string) => [
      'sweep',
      'tiny.mtl',
      '--sweep',
      name,
      '--workers',
      '1',
      '--backend',
      'cpu',
      '--quiet',
    ];
    const [a, b] = await Promise.all([mtlProcess(args('a'), dir).done, mtlProcess(args('b'), dir).done]);
    expect(a).toMatchObject({ code: 0, stderr: '' });
    expect(b).toMatchObject({ code: 0, stderr: '' });
    const store = ResultStore.open(join(dir, 'runs/mtl.sqlite'));
    const runs = store.listRuns();
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    expect(runs.filter((r) => r.sweeps.length === 2)).toHaveLength(2);
    store.close();
  });
});

/** Student's t 0.975-quantile for 1 degree of freedom (statistical tables). */
const T_975_DF1 = 12.706204736;

const sign = (v: number) =>
  Number(Math.abs(v).toFixed(2)) === 0
    ? Math.abs(v).toFixed(2)
    : `${v > 0 ? '+' : '-'}${Math.abs(v).toFixed(2)}`;

describe('mtl report', () => {
  it('prints each cell as computed by hand from the store: error minus baseline and control, mean ± std, t interval', async () => {
    expect(gridDir, 'the grid sweep test ran first').not.toBe('');
    const db = new Database(join(gridDir, 'runs/mtl.sqlite'), { readonly: true });
    const rows = db
      .prepare(
        "SELECT cell, role, repeat, test_error, supervised_steps, reconstruction_steps FROM run_rows WHERE sweep = 'grid'",
      )
      .all() as {
      cell: string;
      role: string;
      repeat: number;
      test_error: number;
      supervised_steps: number;
    }[];
    db.close();
    const errors = (cell: string, role: string) =>
      rows
        .filter((r) => r.cell === cell && r.role === role)
        .sort((a, b) => a.repeat - b.repeat)
        .map((r) => r.test_error * 100);
    const byHand = (a: number[], b: number[]) => {
      const d = a.map((v, i) => v - b[i]!);
      const mean = (d[0]! + d[1]!) / 2;
      const std = Math.abs(d[0]! - d[1]!) / Math.SQRT2;
      const half = (T_975_DF1 * std) / Math.SQRT2;
      return { mean, std, low: mean - half, high: mean + half };
    };
    const text = (h: ReturnType<typeof byHand>) =>
      `${sign(h.mean)} ± ${h.std.toFixed(2)} [${sign(h.low)}, ${sign(h.high)}]${h.low > 0 || h.high < 0 ? '*' : ''}`;

    const json = captureIo(gridDir);
    expect(await reportCommand(['grid', '--format', 'json'], json.io)).toBe(0);
    const report = JSON.parse(json.stdout()) as Report;
    expect(report).toMatchObject({
      sweep: 'grid',
      repeat: 2,
      columns: ['lin(2)', 'exp(1)'],
      axes: { rows: 'unlabeled', columns: 'weights', tables: [] },
    });
    const md = captureIo(gridDir);
    expect(await reportCommand(['grid'], md.io)).toBe(0);

    const [table] = report.tables;
    expect(table!.rows.map((r) => r.label)).toEqual(['0', '40']);
    for (const row of table!.rows) {
      const line: string[] = [];
      for (const cell of row.cells) {
        const mtl = errors(cell.key, 'mtl');
        const baseline = errors(cell.key, 'baseline');
        const control = errors(cell.key, 'control');
        expect(cell.mtl.error?.values).toEqual(mtl);
        const vsBaseline = byHand(mtl, baseline);
        const vsControl = byHand(mtl, control);
        for (const [got, want] of [
          [cell.minusBaseline, vsBaseline],
          [cell.minusControl, vsControl],
        ] as const) {
          expect(got!.mean).toBeCloseTo(want.mean, 9);
          expect(got!.std).toBeCloseTo(want.std, 9);
          expect(got!.low).toBeCloseTo(want.low, 6);
          expect(got!.high).toBeCloseTo(want.high, 6);
        }
        line.push(text(vsBaseline));
      }
      const first = row.cells[0]!;
      line.push(text(byHand(errors(first.key, 'control'), errors(first.key, 'baseline'))));
      expect(md.stdout()).toContain(`| ${row.label} | ${line.join(' | ')} |`);
    }
    const baseline = errors('unlabeled=0, weights=lin(2)', 'baseline');
    const std = Math.abs(baseline[0]! - baseline[1]!) / Math.SQRT2;
    expect(md.stdout()).toContain(
      `Baseline (J_s alone): ${((baseline[0]! + baseline[1]!) / 2).toFixed(2)} ± ${std.toFixed(2)} % test error.`,
    );
    expect(md.stdout()).toContain(
      'Steps per run (supervised/reconstruction, mean over repeats): baseline 6/0 · unlabeled = 0: lin(2) ',
    );
    expect(md.stdout()).toContain('control 12/0.');

    const csv = captureIo(gridDir);
    expect(await reportCommand(['grid', '--format', 'csv'], csv.io)).toBe(0);
    const lines = csv.stdout().trim().split('\n');
    expect(lines).toHaveLength(1 + 4);
    const header = lines[0]!.split(',');
    const row = lines
      .find((l) => l.includes('"unlabeled=40, weights=exp(1)"'))!
      .match(/("[^"]*"|[^,]*)(,|$)/g)!
      .map((f) => f.replace(/,$/, ''));
    const value = (name: string) => row[header.indexOf(name)];
    const vs = byHand(
      errors('unlabeled=40, weights=exp(1)', 'mtl'),
      errors('unlabeled=40, weights=exp(1)', 'baseline'),
    );
    expect(Number(value('minus_baseline_mean'))).toBeCloseTo(vs.mean, 9);
    expect(value('status')).toBe('done');
    expect(Number(value('baseline_supervised_steps'))).toBe(6);
  });

  it('shows missing and running runs as such, never as numbers', async () => {
    expect(gridDir, 'the grid sweep test ran first').not.toBe('');
    // The same grid with a third repeat, planned but not trained: repeats 0 and 1 are the runs already done.
    writeFileSync(
      join(gridDir, 'tiny3.mtl'),
      readFileSync(join(gridDir, 'tiny.mtl'), 'utf8').replace('repeat 2', 'repeat 3'),
    );
    const plan = planOf(gridDir, 'tiny3.mtl');
    const store = ResultStore.open(join(gridDir, 'runs/mtl.sqlite'));
    store.registerPlan(plan);
    const third = plan.uses.find(
      (u) => u.repeat === 2 && u.role === 'mtl' && u.cell === 'unlabeled=40, weights=exp(1)',
    )!;
    expect(store.claimRun(third.runId, { id: 'elsewhere:1:x', host: 'elsewhere', pid: 1 })).toBe('claimed');
    store.close();

    const md = captureIo(gridDir);
    expect(await reportCommand(['grid'], md.io)).toBe(0);
    expect(md.stdout()).toContain('Runs: 18 distinct (12 done, 5 queued, 1 running).');
    expect(md.stdout()).toContain('| 0 | missing (4/6 done) | missing (4/6 done) | missing (4/6 done) |');
    expect(md.stdout()).toContain('| 40 | missing (4/6 done) | running (4/6 done) | missing (4/6 done) |');
    expect(md.stdout()).toContain('Baseline (J_s alone): missing (2/3 done).');
    const json = captureIo(gridDir);
    expect(await reportCommand(['grid', '--format', 'json'], json.io)).toBe(0);
    const report = JSON.parse(json.stdout()) as Report;
    for (const cell of report.tables.flatMap((t) => t.rows.flatMap((r) => r.cells))) {
      expect(cell.minusBaseline).toBeNull();
      expect(cell.mtl.error).toBeNull();
    }
  });
});

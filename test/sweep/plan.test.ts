import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepCommand } from '../../src/cli/sweep.js';
import { experimentHash } from '../../src/ir/hash.js';
import { planSummary } from '../../src/sweep/plan-summary.js';
import { captureIo } from '../harness/codegen.js';
import { gridSweep, planOf, tinyExperiment, tinySweepFolder } from '../harness/sweep.js';

const root = new URL('../..', import.meta.url).pathname;

describe('planning Table 1a', () => {
  const plan = planOf(root, 'specs/paper/table1a.mtl');

  it('has every cell of the grid with its baseline and control, and trains identical runs once', () => {
    const cells = new Set(plan.uses.map((u) => u.cell));
    expect(cells.size).toBe(3 * 8 * 4);
    expect(plan.uses).toHaveLength(96 * 3);
    const distinct = (role: string) =>
      new Set(plan.uses.filter((u) => u.role === role).map((u) => u.runId)).size;
    // At l = 10000, u = 50000 - l = 40000 repeats the u = 40000 column: those 4 cells share their runs.
    expect(distinct('mtl')).toBe(92);
    // One baseline per labeled size, shared across the 8 u and 4 schedules.
    expect(distinct('baseline')).toBe(3);
    // One control per (l, u), shared across schedules; at u = 0 it is the baseline itself.
    expect(distinct('control')).toBe(23);
    expect(plan.runs).toHaveLength(92 + 3 + 20);
    const baseline = plan.uses.filter((u) => u.role === 'baseline' && u.coords[0]!.value === 100);
    expect(new Set(baseline.map((u) => u.runId)).size).toBe(1);
    const control0 = plan.uses.find(
      (u) => u.role === 'control' && u.cell.startsWith('labeled=100, unlabeled=0,'),
    );
    expect(control0?.runId).toBe(baseline[0]!.runId);
  });

  it('evaluates values over other varied names, per cell', () => {
    const u = plan.dimensions.find((d) => d.name === 'unlabeled')!;
    expect(u.labels).toEqual(['0', '1000', '2000', '5000', '10000', '20000', '40000', '50000 - labeled']);
    const last = plan.uses
      .filter((x) => x.coords[1]!.index === 7 && x.role === 'mtl')
      .map((x) => x.coords[1]!.value);
    expect([...new Set(last)]).toEqual([49900, 49000, 40000]);
    // At l = 10000, 50000 - labeled = 40000, as the column before it: two cells, one run each (the same).
    const twins = plan.uses.filter((x) =>
      x.cell.startsWith('labeled=10000, unlabeled=40000, weights=exp(40)'),
    );
    expect(twins.map((x) => x.cell)).toEqual([
      'labeled=10000, unlabeled=40000, weights=exp(40)',
      'labeled=10000, unlabeled=40000, weights=exp(40)',
      'labeled=10000, unlabeled=40000, weights=exp(40)',
      'labeled=10000, unlabeled=40000, weights=exp(40) #2.7.3',
      'labeled=10000, unlabeled=40000, weights=exp(40) #2.7.3',
      'labeled=10000, unlabeled=40000, weights=exp(40) #2.7.3',
    ]);
    expect(twins[0]!.runId).toBe(twins[3]!.runId);
  });

  it('gives each run its full effective IR, hashed by content and named by its base', () => {
    for (const run of plan.runs) {
      expect(run.experiment.name).toBe('nn1_exp40');
      expect(run.experiment.hash).toBe(experimentHash(run.experiment));
      expect(run.runId).toBe(run.experiment.hash);
      expect(run.epochs).toBe(5000);
      expect(run.shortened).toBe(false);
    }
    const base = plan.runs.find((r) => plan.uses.some((u) => u.runId === r.runId && u.role === 'baseline'))!;
    expect(base.experiment.data.unlabeled).toBe(0);
    expect(base.experiment.weights.schedule).toEqual({ name: 'supervised_only', args: [] });
    expect(base.experiment.weights.reconstruction).toEqual({ op: 'num', value: 0 });
    const exp40 = plan.runs.find((r) => r.experiment.weights.schedule?.name === 'exp')!;
    expect(exp40.experiment.weights.schedule).toEqual({ name: 'exp', args: [40] });
  });

  it('counts the cost in samples: T × (labeled + unlabeled) per distinct run', () => {
    for (const run of plan.runs)
      expect(run.samples).toBe(5000 * (run.experiment.data.labeled + run.experiment.data.unlabeled));
  });

  it('marks a shortened protocol and warns about each baseline whose supervised steps it cuts drastically', () => {
    const short = planOf(root, 'specs/paper/table1a.mtl', undefined, { epochs: 200 });
    expect(
      short.runs.every((r) => r.shortened && r.epochs === 200 && r.runId === `${r.experiment.hash}-T200`),
    ).toBe(true);
    expect(short.warnings).toHaveLength(3);
    expect(short.warnings[0]).toBe(
      'warning: shortened protocol: the baseline with labeled 100 (batch 600, 1 supervised step per epoch) takes ' +
        "200 supervised steps in 200 epochs instead of 5000 in the spec's 5000; its error, and every difference to it, reflects the shortening",
    );
    expect(short.warnings[2]).toContain(
      'labeled 10000 (batch 600, 17 supervised steps per epoch) takes 3400',
    );
    expect(planOf(root, 'specs/paper/table1a.mtl', undefined, { epochs: 4000 }).warnings).toEqual([]);
  });
});

describe('planning the λ_s-only control (specs/paper/table1a_short_lambda_s.mtl)', () => {
  const lambda = planOf(root, 'specs/paper/table1a_short_lambda_s.mtl', undefined, { epochs: 1000 });
  const short = planOf(root, 'specs/paper/table1a_short.mtl', undefined, { epochs: 1000 });
  const runOf = (plan: typeof lambda, id: string) => plan.runs.find((r) => r.runId === id)!.experiment;

  it("gives each cell a control with the cell's weights and a DAE weight of 0", () => {
    const cells = new Set(lambda.uses.map((u) => u.cell));
    expect(cells.size).toBe(2 * 3 * 4);
    for (const cell of cells) {
      const mtl = lambda.uses.find((u) => u.cell === cell && u.role === 'mtl' && u.repeat === 0)!;
      const control = lambda.uses.find((u) => u.cell === cell && u.role === 'control' && u.repeat === 0)!;
      const [a, b] = [runOf(lambda, mtl.runId), runOf(lambda, control.runId)];
      expect(b.weights).toEqual(a.weights);
      expect(a.reconstruct.map((dae) => dae.weight)).not.toEqual(b.reconstruct.map((dae) => dae.weight));
      expect(b.reconstruct.map((dae) => dae.weight)).toEqual([{ op: 'num', value: 0 }]);
      expect({ ...b, reconstruct: [], hash: '' }).toEqual({ ...a, reconstruct: [], hash: '' });
    }
    // One control per cell and repeat: the schedules no longer share theirs.
    expect(new Set(lambda.uses.filter((u) => u.role === 'control').map((u) => u.runId)).size).toBe(72);
  });

  it("shares its MTL runs and baselines with table1a_short's, so a common store trains only the controls", () => {
    const ids = (plan: typeof lambda, role: string) =>
      new Set(plan.uses.filter((u) => u.role === role).map((u) => u.runId));
    expect(ids(lambda, 'mtl')).toEqual(ids(short, 'mtl'));
    expect(ids(lambda, 'baseline')).toEqual(ids(short, 'baseline'));
    const old = new Set(short.runs.map((r) => r.runId));
    expect(lambda.runs.filter((r) => !old.has(r.runId))).toHaveLength(72);
  });
});

describe('planning repeats', () => {
  it('changes train.seed and data.seed by k for every run of a cell, so its runs share weights and data', () => {
    const dir = tinySweepFolder(gridSweep('grid', 3));
    const plan = planOf(dir, 'tiny.mtl');
    for (const use of plan.uses) {
      expect(use.trainSeed).toBe(7 + use.repeat);
      expect(use.dataSeed).toBe(1 + use.repeat);
      const run = plan.runs.find((r) => r.runId === use.runId)!;
      expect(run.experiment.train.seed).toBe(use.trainSeed);
      expect(run.experiment.data.seed).toBe(use.dataSeed);
    }
    // 4 cells × 3 repeats MTL runs; per repeat one baseline and one new control (u = 40; at u = 0 it is the baseline).
    expect(plan.runs).toHaveLength(12 + 3 + 3);
    const limited = planOf(dir, 'tiny.mtl', undefined, { limit: 100 });
    expect(limited.runs.every((r) => r.runId === `${r.experiment.hash}-L100` && r.limit === 100)).toBe(true);
  });

  it('prints the plan with --dry-run', async () => {
    const dir = tinySweepFolder(gridSweep('grid', 2));
    const { io, stdout } = captureIo(dir);
    expect(await sweepCommand(['tiny.mtl', '--dry-run'], io)).toBe(0);
    expect(stdout()).toBe(planSummary(planOf(dir, 'tiny.mtl')));
    expect(stdout()).toBe(
      [
        'sweep grid (tiny.mtl), base tiny',
        '  grid        unlabeled [0, 40] × weights [lin(2), exp(1)] × repeat 2',
        '  cells       4, each with mtl + baseline + control × 2 repeats: 24 uses',
        '  mtl         8 uses → 8 distinct runs',
        '  baseline    8 uses → 2 distinct runs',
        '  control     8 uses → 4 distinct runs',
        '  runs        12 distinct (4 shared by more than one use, saving 12 runs)',
        "  protocol    the spec's: T = 3 epochs",
        '  cost        2,160 samples (Σ T × (labeled + unlabeled) over the distinct runs)',
        '',
      ].join('\n'),
    );
  });
});

describe('planning other paths', () => {
  it('substitutes varied names into learning rates and swaps whole networks, re-indexing the DAEs', () => {
    const dir = tinySweepFolder('');
    const spec = `${tinyExperiment()}
network wide { input 16 dense h0 4 sigmoid dense h1 12 sigmoid output y 3 softmax }
network narrow { input 16 dense h1 4 sigmoid output y 3 softmax }
sweep paths {
  base tiny
  vary network [wide, narrow]
  vary train.batch [10, 20]
  vary train.lr [0.01 * batch]
}
`;
    writeFileSync(join(dir, 'paths.mtl'), spec);
    const plan = planOf(dir, 'paths.mtl');
    expect(plan.runs).toHaveLength(4);
    const wide = plan.runs.find(
      (r) => r.experiment.network.name === 'wide' && r.experiment.train.batch === 20,
    )!;
    expect(wide.experiment.network.hidden.map((l) => l.units)).toEqual([4, 12]);
    expect(wide.experiment.reconstruct[0]).toMatchObject({ layer: 'h1', layerIndex: 1 });
    expect(wide.experiment.train.lr).toEqual({
      op: 'binary',
      operator: '*',
      left: { op: 'num', value: 0.01 },
      right: { op: 'num', value: 20 },
    });
    const narrow = plan.runs.find((r) => r.experiment.network.name === 'narrow')!;
    expect(narrow.experiment.reconstruct[0]).toMatchObject({ layer: 'h1', layerIndex: 0 });
    // lr has one value: the same in every cell, so it names none.
    expect(plan.uses[0]!.cell).toBe('network=wide, batch=10');
  });
  it('sets both the cost and its reduction of every DAE when the cost is varied', () => {
    const dir = tinySweepFolder('');
    writeFileSync(
      join(dir, 'costs.mtl'),
      `${tinyExperiment()}
sweep costs {
  base tiny
  vary reconstruct.cost [cross_entropy sum, squared_error, cross_entropy mean]
}
`,
    );
    const plan = planOf(dir, 'costs.mtl');
    const daes = plan.runs.map((r) => r.experiment.reconstruct.map((d) => `${d.cost} ${d.reduction}`));
    expect(daes).toEqual([['cross_entropy sum'], ['squared_error mean'], ['cross_entropy mean']]);
    expect(new Set(plan.runs.map((r) => r.runId)).size).toBe(3);
  });
});

// Algorithm 1 on a tiny IDX data set: the exact steps taken, their rows and weights.
import { describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Expr, Order } from '../../src/ir/types.js';
import { runProgram } from '../../src/runtime/run-program.js';
import type { StepEvent } from '../../src/runtime/train/step-event.js';
import {
  type ExperimentOptions,
  makeExperiment,
  num,
  tempDir,
  untilEpoch,
  writeTinyIdx,
} from '../harness/runtime.js';

const data = writeTinyIdx({ train: 24, test: 6 });
const LABELED = 6;

async function steps(options: ExperimentOptions): Promise<StepEvent[]> {
  const events: StepEvent[] = [];
  const experiment = makeExperiment({
    reconstruct: [{}],
    labeled: LABELED,
    unlabeled: 10,
    batch: 5,
    ...options,
  });
  await runProgram(await importTrainer(experiment, { source: data.source }), {
    out: tempDir(),
    progress: null,
    handleSignals: false,
    onStep: (event) => events.push(event),
  });
  return events;
}

const ofEpoch = (events: StepEvent[], epoch: number) => events.filter((e) => e.epoch === epoch);
const sorted = (rows: Iterable<number>) => [...rows].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Algorithm 1 (order alternate)', () => {
  it('shuffles the l + u rows each epoch, cuts batches, and steps on all rows then the labeled ones', async () => {
    const events = await steps({ epochs: 2 });
    const batchRows: number[][][] = [];
    for (const epoch of [0, 1]) {
      const reconstruction = ofEpoch(events, epoch).filter((e) => e.objective === 'reconstruction');
      expect(reconstruction.map((e) => e.batch)).toEqual([0, 1, 2, 3]);
      expect(reconstruction.map((e) => e.rows.length)).toEqual([5, 5, 5, 1]);
      expect(sorted(reconstruction.flatMap((e) => e.rows))).toEqual(range(16));
      batchRows.push(reconstruction.map((e) => [...e.rows]));
      for (const batch of reconstruction) {
        const inBatch = ofEpoch(events, epoch).filter((e) => e.batch === batch.batch);
        const labeled = batch.rows.filter((row) => row < LABELED);
        const expected = labeled.length > 0 ? ['reconstruction', 'supervised'] : ['reconstruction'];
        expect(inBatch.map((e) => e.objective)).toEqual(expected);
        expect(inBatch.map((e) => e.step)).toEqual(expected.map((_, i) => i));
        if (labeled.length > 0) expect(inBatch[1].rows).toEqual(labeled);
        for (const e of inBatch) {
          expect(e.weight).toBe(0.5);
          expect(e.lr).toBe(0.1);
          expect(e.examples).toHaveLength(e.rows.length);
        }
      }
    }
    expect(batchRows[0]).not.toEqual(batchRows[1]);
    // Every labeled row is used once per epoch by a supervised step.
    const supervisedRows = ofEpoch(events, 0)
      .filter((e) => e.objective === 'supervised')
      .flatMap((e) => e.rows);
    expect(sorted(supervisedRows)).toEqual(range(LABELED));
  });

  it('keeps the batches of a seed whatever the schedule (baseline and MTL see the same batches)', async () => {
    const mtl = await steps({ epochs: 1 });
    const baseline = await steps({ epochs: 1, supervised: num(1), reconstruction: num(0), reconstruct: [] });
    const supervisedRows = (events: StepEvent[]) =>
      events.filter((e) => e.objective === 'supervised').map((e) => e.rows);
    expect(supervisedRows(baseline)).toEqual(supervisedRows(mtl));
    expect(baseline.every((e) => e.objective === 'supervised')).toBe(true);
  });

  it('skips steps whose weight is 0 at epoch t', async () => {
    const supervised = untilEpoch(1, 0, 1);
    const reconstruction: Expr = { op: 'binary', operator: '-', left: num(1), right: supervised };
    const events = await steps({ epochs: 2, supervised, reconstruction });
    expect(new Set(ofEpoch(events, 0).map((e) => e.objective))).toEqual(new Set(['reconstruction']));
    expect(new Set(ofEpoch(events, 1).map((e) => e.objective))).toEqual(new Set(['supervised']));
    expect(ofEpoch(events, 1).every((e) => e.weight === 1 && e.step === 1)).toBe(true);
  });

  it('steps on the unlabeled rows only, with a step lr, and skips batches without them', async () => {
    const order: Order = {
      kind: 'alternate',
      steps: [
        { objective: 'supervised', rows: 'labeled', lr: null },
        { objective: 'reconstruction', rows: 'unlabeled', lr: num(0.05) },
      ],
    };
    const events = await steps({ epochs: 1, order, labeled: 14, unlabeled: 2 });
    const reconstruction = events.filter((e) => e.objective === 'reconstruction');
    expect(sorted(reconstruction.flatMap((e) => e.rows))).toEqual([14, 15]);
    expect(reconstruction.every((e) => e.step === 1 && e.lr === 0.05)).toBe(true);
    expect(reconstruction.length).toBeLessThanOrEqual(2);
  });
});

describe('order joint', () => {
  it('takes one step per batch on all its rows', async () => {
    const events = await steps({ epochs: 1, order: { kind: 'joint' } });
    expect(events.map((e) => e.objective)).toEqual(['joint', 'joint', 'joint', 'joint']);
    expect(sorted(events.flatMap((e) => e.rows))).toEqual(range(16));
    for (const e of events) {
      expect(e.weight).toBeNull();
      expect(e.reconstructionWeight).toBe(0.5);
      expect(e.supervisedWeight).toBe(e.rows.some((row) => row < LABELED) ? 0.5 : 0);
      expect(e.reconstructionLoss).toBeGreaterThan(0);
    }
  });
});

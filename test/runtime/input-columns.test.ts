// The onnx engine's products over the kept input columns (src/step/input-columns.ts):
// which inputs the rewrite keeps to their non-zero columns and which it leaves
// whole; how a step's columns are chosen from its rows (src/runtime/data/columns.ts);
// that the kept x̃ is the full x̃'s columns, noise bit for bit; and, on a real MNIST
// batch, that the kept-column graphs take the step the full graphs take.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dae, Experiment } from '../../src/ir/types.js';
import { gatherColumns, KEEP_STEP, keptColumns, nonZeros, rowBits } from '../../src/runtime/data/columns.js';
import { readIdx } from '../../src/runtime/data/idx.js';
import { mnistFolder } from '../../src/runtime/data/load-data.js';
import { corruptRows, noiseKey } from '../../src/runtime/noise/element-noise.js';
import { emitOnnx } from '../../src/runtime/onnx/emit-onnx.js';
import { loadOrt, type OrtTensor } from '../../src/runtime/onnx/ort.js';
import { fillInput, type PoolSource, type StepPlace } from '../../src/runtime/steps/step-fill.js';
import { compactInputColumns } from '../../src/step/input-columns.js';
import { lowerStep } from '../../src/step/lower.js';
import type { StepKey, StepProgram } from '../../src/step/program.js';
import { makeExperiment } from '../harness/runtime.js';

const TWO_LAYERS = [
  { name: 'h1', units: 6, activation: 'sigmoid' as const },
  { name: 'h2', units: 5, activation: 'tanh' as const },
];

function experimentWith(reconstruct: Partial<Dae>[], input = 16): Experiment {
  return makeExperiment({ input, hidden: TWO_LAYERS, reconstruct });
}

const reconstruction = (experiment: Experiment, losses = true): StepKey => ({
  kind: 'reconstruction',
  daes: experiment.reconstruct.map((_, slot) => slot),
  losses,
});

const shapeOf = (program: StepProgram, name: string) => program.inputs.find((i) => i.name === name)?.shape;

describe('the kept-columns rewrite of a step program', () => {
  it("keeps a masked input DAE's x̃ to the kept columns, and leaves x whole where it is the DAE's target", () => {
    const experiment = experimentWith([{ layerIndex: 0 }]);
    const program = compactInputColumns(lowerStep(experiment, reconstruction(experiment)), experiment);
    expect(shapeOf(program, 'noisy_0')).toEqual(['rows', 'columns']);
    expect(shapeOf(program, 'x')).toEqual(['rows', 16]);
    expect(program.inputs.find((i) => i.role.kind === 'columns')).toMatchObject({
      name: 'columns',
      shape: ['columns'],
      role: { kind: 'columns', of: 'rows' },
    });
    // x̃·W over the kept rows of W; x̃ᵀ·da over the kept columns, put back into the weight's shape.
    const ops = program.ops.filter((op) => op.op === 'gatherRows' || op.op === 'scatterRows');
    expect(ops).toEqual([
      { op: 'gatherRows', out: 'W_h1_kept', x: 'W_h1', index: 'columns' },
      { op: 'scatterRows', out: 'gWc_h1', x: 'gWc_h1_kept', index: 'columns', rows: 16 },
    ]);
    expect(program.shapes.get('gWc_h1_kept')).toEqual(['columns', 6]);
    expect(program.shapes.get('gWc_h1')).toEqual([16, 6]);
    expect(program.doc.at(-1)).toMatch(/over the kept columns \(columns\)/);
  });

  it('feeds a second, kept copy of x when x is both a product operand and a target', () => {
    // A DAE on h2 needs h1 = f(x·W1): x is an operand there, and the h1 DAE's target.
    const experiment = experimentWith([{ layerIndex: 0 }, { layerIndex: 1 }]);
    const program = compactInputColumns(lowerStep(experiment, reconstruction(experiment)), experiment);
    expect(shapeOf(program, 'x')).toEqual(['rows', 16]);
    expect(shapeOf(program, 'x_kept')).toEqual(['rows', 'columns']);
    const forward = program.ops.find((op) => op.op === 'matmul' && op.out === 'a_h1');
    expect(forward).toMatchObject({ a: 'x_kept', b: 'W_h1_kept' });
    // One gather of W1 serves both products over the batch's rows.
    expect(program.ops.filter((op) => op.op === 'gatherRows')).toHaveLength(1);
  });

  it('keeps the labeled rows to their own columns in a supervised step, and both sets in a joint step', () => {
    const experiment = makeExperiment({
      input: 16,
      hidden: TWO_LAYERS,
      reconstruct: [{ layerIndex: 0 }],
      order: { kind: 'joint' },
    });
    const supervised = compactInputColumns(
      lowerStep(experiment, { kind: 'supervised', daes: [], losses: true }),
      experiment,
    );
    expect(shapeOf(supervised, 'x_labeled')).toEqual(['labeled', 'labeledColumns']);
    expect(supervised.inputs.filter((i) => i.role.kind === 'columns').map((i) => i.role)).toEqual([
      { kind: 'columns', of: 'labeled' },
    ]);
    const joint = compactInputColumns(
      lowerStep(experiment, { kind: 'joint', daes: [0], losses: true }),
      experiment,
    );
    expect(joint.inputs.filter((i) => i.role.kind === 'columns').map((i) => i.role)).toEqual([
      { kind: 'columns', of: 'labeled' },
      { kind: 'columns', of: 'rows' },
    ]);
  });

  it('leaves whole what noise fills in (salt-and-pepper, gaussian), hidden layers, and the evaluation pass', () => {
    for (const noise of [
      { kind: 'salt_pepper', p: 0.2 },
      { kind: 'gaussian', sigma: 0.3 },
    ] as const) {
      const experiment = experimentWith([{ layerIndex: 0, noise }]);
      const program = compactInputColumns(lowerStep(experiment, reconstruction(experiment)), experiment);
      expect(shapeOf(program, 'noisy_0'), noise.kind).toEqual(['rows', 16]);
      expect(program.inputs.some((i) => i.role.kind === 'columns')).toBe(false);
    }
    const hidden = experimentWith([{ layerIndex: 1 }]);
    const hiddenProgram = lowerStep(hidden, reconstruction(hidden));
    // x only feeds h1 = f(x·W1), which the h2 DAE corrupts: the product is over the kept columns,
    // the DAE on h2 is untouched.
    const rewritten = compactInputColumns(hiddenProgram, hidden);
    expect(shapeOf(rewritten, 'x')).toEqual(['rows', 'columns']);
    expect(shapeOf(rewritten, 'keep_0')).toEqual(['rows', 6]);
    const evaluation = lowerStep(hidden, { kind: 'evaluation', daes: [], losses: false });
    expect(compactInputColumns(evaluation, hidden)).toBe(evaluation);
  });
});

describe("a step's kept columns", () => {
  const dim = 70;
  // Row r is non-zero at columns r, r + 20 and 69 (rows 0–3); row 4 is all zero.
  const pixels = new Float32Array(5 * dim);
  for (let r = 0; r < 4; r++) for (const j of [r, r + 20, 69]) pixels[r * dim + j] = 0.5 + r / 10;

  it('are every column non-zero in one of the rows, ascending, padded with the first zero columns', () => {
    const bits = rowBits(pixels, dim);
    const columns = Array.from(keptColumns(bits, dim, [2, 0]));
    const nonZero = [0, 2, 20, 22, 69];
    expect(nonZero.every((j) => columns.includes(j))).toBe(true);
    expect(columns).toHaveLength(KEEP_STEP);
    expect(columns).toEqual([...columns].sort((a, b) => a - b));
    // The padding: the lowest columns that are zero in those rows.
    expect(columns.filter((j) => !nonZero.includes(j))).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Rows that are all zero keep only padding; a step never keeps more than the input has.
    expect(Array.from(keptColumns(bits, dim, [4]))).toEqual(Array.from({ length: KEEP_STEP }, (_, j) => j));
    const narrow = rowBits(pixels.subarray(0, 4 * 10), 10);
    expect(Array.from(keptColumns(narrow, 10, [0, 1, 2, 3]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('hold the masked input x̃ bit for bit as the full x̃ holds those columns, sparse or not', () => {
    const bits = rowBits(pixels, dim);
    const rows = [3, 0, 4, 1];
    const columns = keptColumns(bits, dim, rows);
    const key = noiseKey(9, 2, 1, 0, 0);
    const noise = { kind: 'mask', p: 0.4 } as const;
    const full = new Float32Array(rows.length * dim);
    corruptRows(noise, key, pixels, dim, rows, full, nonZeros(pixels, dim));
    const wanted = gatherColumns(
      full,
      dim,
      [0, 1, 2, 3],
      columns,
      new Float32Array(rows.length * columns.length),
    );
    for (const sparse of [nonZeros(pixels, dim), null]) {
      const kept = new Float32Array(rows.length * columns.length);
      corruptRows(noise, key, pixels, dim, rows, kept, sparse, columns);
      expect(Buffer.from(kept.buffer)).toEqual(Buffer.from(wanted.buffer));
    }
    // The rows themselves, by column index or through the non-zero index: the same values.
    const byIndex = gatherColumns(pixels, dim, rows, columns, new Float32Array(rows.length * columns.length));
    const bySparse = gatherColumns(
      pixels,
      dim,
      rows,
      columns,
      new Float32Array(rows.length * columns.length).fill(7),
      nonZeros(pixels, dim),
    );
    expect(Buffer.from(bySparse.buffer)).toEqual(Buffer.from(byIndex.buffer));
    expect(byIndex[columns.indexOf(23)]).toBe(pixels[3 * dim + 23]);
    expect(pixels[3 * dim + 23]).toBeGreaterThan(0);
    // Some entries were masked and some kept, so the comparison says something.
    const kept = Array.from(wanted).filter((v) => v !== 0).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(pixels.filter((v, e) => v !== 0 && rows.includes(Math.floor(e / dim))).length);
  });
});

describe('dense rows', () => {
  it('keep every column, and their kept inputs are the whole rows and x̃', () => {
    const dim = 20;
    const pixels = Float32Array.from({ length: 6 * dim }, (_, e) => 0.1 + (e % 7) / 10);
    const bits = rowBits(pixels, dim);
    const rows = Int32Array.of(4, 1, 5);
    const columns = keptColumns(bits, dim, rows);
    expect(columns.length).toBe(dim);
    const pool: PoolSource = {
      pixels,
      dim,
      sparse: null,
      rowBits: bits,
      seed: 2,
      noises: [{ kind: 'mask', p: 0.3 }],
    };
    const place: StepPlace = {
      epoch: 0,
      batch: 1,
      stepIndex: 0,
      rows,
      labeled: null,
      columns,
      labeledColumns: null,
    };
    for (const [kind, dae] of [
      ['rows', -1],
      ['noisyInput', 0],
    ] as const) {
      const whole = fillInput(kind, dae, pool, place, new Float32Array(rows.length * dim));
      const kept = fillInput(kind, dae, pool, place, new Float32Array(rows.length * dim), true);
      expect(Buffer.from(kept.buffer), kind).toEqual(Buffer.from(whole.buffer));
    }
  });
});

describe('a real MNIST batch on the kept-column graphs', () => {
  const dim = 784;
  const rows = 600;
  let pool: PoolSource;
  let place: StepPlace;

  beforeAll(() => {
    const images = readIdx(`${mnistFolder()}/train-images-idx3-ubyte`, 'images');
    const pixels = Float32Array.from(images.values.subarray(0, 1000 * dim), (v) => Number(v) / 255);
    const bits = rowBits(pixels, dim);
    pool = {
      pixels,
      dim,
      sparse: nonZeros(pixels, dim),
      rowBits: bits,
      seed: 3,
      noises: [{ kind: 'mask', p: 0.25 }],
    };
    const batch = Int32Array.from({ length: rows }, (_, r) => (r * 7 + 11) % 1000);
    const labeled = batch.subarray(0, 60);
    place = {
      epoch: 1,
      batch: 2,
      stepIndex: 0,
      rows: batch,
      labeled,
      columns: keptColumns(bits, dim, batch),
      labeledColumns: keptColumns(bits, dim, labeled),
    };
  });

  /** Runs a program's graph on the batch: rows and x̃ filled as the engine fills them, parameters from a fixed draw. */
  function run(program: StepProgram): Record<string, Float32Array> {
    const ort = loadOrt()!;
    const session = ort.session(emitOnnx(program));
    const feeds: Record<string, OrtTensor> = {};
    let seed = 1;
    const next = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (const input of program.inputs) {
      const role = input.role;
      const dims = input.shape.map((d) =>
        typeof d === 'number'
          ? d
          : d === 'rows'
            ? rows
            : d === 'labeled'
              ? 60
              : d === 'columns'
                ? place.columns!.length
                : place.labeledColumns!.length,
      );
      const size = dims.reduce((a, b) => a * b, 1);
      const kept = input.shape[1] === 'columns' || input.shape[1] === 'labeledColumns';
      if (role.kind === 'columns') {
        feeds[input.name] = ort.int32(role.of === 'rows' ? place.columns! : place.labeledColumns!, dims);
      } else if (role.kind === 'rows' || role.kind === 'labeledRows' || role.kind === 'noisyInput') {
        const dae = role.kind === 'noisyInput' ? role.slot : -1;
        feeds[input.name] = ort.float32(
          fillInput(role.kind, dae, pool, place, new Float32Array(size), kept),
          dims,
        );
      } else if (role.kind === 'targets') {
        const targets = new Float32Array(size);
        for (let r = 0; r < dims[0]!; r++) targets[r * 10 + (r % 10)] = 1;
        feeds[input.name] = ort.float32(targets, dims);
      } else if (role.kind === 'factor') {
        feeds[input.name] = ort.float32(Float32Array.of(-0.02), dims);
      } else {
        feeds[input.name] = ort.float32(
          Float32Array.from({ length: size }, () => next() - 0.5),
          dims,
        );
      }
    }
    const outputs = session.run(feeds);
    session.dispose();
    return Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, t.data as Float32Array]));
  }

  it('keeps about three quarters of the columns and takes the full graphs’ step (W1 and W4 shapes)', () => {
    expect(place.columns!.length).toBeGreaterThan(500);
    expect(place.columns!.length).toBeLessThan(680);
    expect(place.labeledColumns!.length).toBeLessThan(place.columns!.length);
    for (const hidden of [[50], [80, 70]]) {
      const experiment = makeExperiment({
        input: dim,
        hidden: hidden.map((units, k) => ({ name: `h${k + 1}`, units, activation: 'sigmoid' })),
        output: { name: 'y', units: 10, activation: 'softmax' },
        reconstruct: hidden.map((_, layerIndex) => ({ layerIndex })),
        source: 'mnist',
      });
      const keys: StepKey[] = [
        reconstruction(experiment),
        { kind: 'supervised', daes: [], losses: true },
        { kind: 'joint', daes: hidden.map((_, slot) => slot), losses: true },
      ];
      for (const key of keys) {
        const lowered = lowerStep(experiment, key);
        const compact = compactInputColumns(lowered, experiment);
        expect(
          compact.inputs.some((i) => i.role.kind === 'columns'),
          key.kind,
        ).toBe(true);
        const full = run(lowered);
        const kept = run(compact);
        expect(Object.keys(kept).sort()).toEqual(Object.keys(full).sort());
        for (const [name, values] of Object.entries(full)) {
          let diff = 0;
          let scale = 0;
          for (let e = 0; e < values.length; e++) {
            diff = Math.max(diff, Math.abs(values[e]! - kept[name]![e]!));
            scale = Math.max(scale, Math.abs(values[e]!));
          }
          expect(diff / scale, `${hidden.join('-')} ${key.kind} ${name}`).toBeLessThan(1e-6);
        }
      }
    }
  });
});

// The native kernels: the loss (native/sigmoid-cross-entropy.c) against float64
// arithmetic and the cut of a step program around it (fuse-loss.ts); the
// input layer's masking noise (native/mask-noise.c) against JavaScript, bit for bit. The
// step matrix (step-matrix.test.ts) runs every cut step against the whole
// graph and autodiff; whole runs on both paths are compared in
// backends-agree.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import { nonZeros } from '../../src/runtime/data/columns.js';
import { loadNativeKernel, type NativeKernel } from '../../src/runtime/native/kernels.js';
import { corruptRows, fillKeep, noiseKey } from '../../src/runtime/noise/element-noise.js';
import { cutAtSigmoidCrossEntropy } from '../../src/runtime/onnx/fuse-loss.js';
import { loadOrt } from '../../src/runtime/onnx/ort.js';
import { onnxStepProgram } from '../../src/runtime/onnx/step-graphs.js';
import { runProgram } from '../../src/runtime/run-program.js';
import { lowerStep } from '../../src/step/lower.js';
import { operands } from '../../src/step/program.js';
import { makeExperiment, readCheckpoint, tempDir, writeTinyIdx } from '../harness/runtime.js';

function floats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const kernel = loadNativeKernel() as NativeKernel;

/** Deterministic values in [lo, hi). */
function values(n: number, seed: number, lo: number, hi: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  });
}

function reference(z: Float32Array, x: Float32Array, cols: number) {
  const dz = new Float64Array(z.length);
  const colsum = new Float64Array(cols);
  let loss = 0;
  for (let i = 0; i < z.length; i++) {
    dz[i] = 1 / (1 + Math.exp(-z[i])) - x[i];
    colsum[i % cols] += dz[i];
    loss += Math.max(z[i], 0) - x[i] * z[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
  }
  return { dz, colsum, loss };
}

function run(z: Float32Array, x: Float32Array, cols: number) {
  const dz = new Float32Array(z.length);
  const colsum = new Float32Array(cols);
  const loss = kernel.sigmoidCrossEntropy(z, x, dz, colsum, cols);
  return { dz, colsum, loss };
}

describe('the native sigmoid cross-entropy', () => {
  it('is built by npm run build', () => {
    expect(kernel, 'build/native/mtl-kernels.node (scripts/build-native.mjs)').not.toBeNull();
  });

  // Widths on and off the 16-float vector, row counts on and off the 96-row block.
  it.each([
    [1, 1],
    [97, 17],
    [600, 784],
    [193, 10],
    [3, 8192],
  ])('matches float64 on %i × %i', (rows, cols) => {
    const z = values(rows * cols, rows * 31 + cols, -30, 30);
    const x = values(rows * cols, cols * 7 + rows, 0, 1);
    // Targets as MNIST has them: mostly exactly 0, some exactly 1.
    for (let i = 0; i < x.length; i += 3) x[i] = 0;
    for (let i = 1; i < x.length; i += 11) x[i] = 1;
    const got = run(z, x, cols);
    const want = reference(z, x, cols);
    // float32 per entry: softplus(−|z|) = −log σ(|z|) loses what σ(|z|) rounds off (< 6e-8).
    expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-6 * want.loss + 6e-8 * z.length);
    let dzError = 0;
    for (let i = 0; i < z.length; i++) dzError = Math.max(dzError, Math.abs(got.dz[i] - want.dz[i]));
    expect(dzError).toBeLessThan(3e-7);
    for (let c = 0; c < cols; c++) expect(got.colsum[c]).toBeCloseTo(want.colsum[c], 3);
  });

  it('adds a bias to z first, and may write dz over z', () => {
    const rows = 40;
    const cols = 35;
    const z = values(rows * cols, 11, -6, 6);
    const x = values(rows * cols, 12, 0, 1);
    const bias = values(cols, 13, -2, 2);
    const shifted = z.map((v, i) => v + bias[i % cols]);
    const want = run(shifted, x, cols);
    const colsum = new Float32Array(cols);
    const inPlace = z.slice();
    const loss = kernel.sigmoidCrossEntropy(inPlace, x, inPlace, colsum, cols, bias);
    expect(loss).toBeCloseTo(want.loss, 3);
    expect(Array.from(inPlace)).toEqual(Array.from(want.dz));
    expect(Array.from(colsum)).toEqual(Array.from(want.colsum));
    // null and a missing bias alike: z as is.
    expect(kernel.sigmoidCrossEntropy(z, x, new Float32Array(z.length), colsum, cols, null)).toBe(
      run(z, x, cols).loss,
    );
  });

  it('is exact in the tails: large |z|, z = 0', () => {
    const z = Float32Array.from([
      100, -100, 87.5, -87.5, 20, -20, 0, 1e-8, -1e-8, 16, -16, 3, -3, 50, -50, 0.5,
    ]);
    const x = Float32Array.from([1, 0, 1, 0, 0.5, 0.5, 0, 1, 0, 1, 0, 0.25, 0.75, 0, 1, 0.5]);
    const got = run(z, x, 16);
    const want = reference(z, x, 16);
    expect(got.loss).toBeCloseTo(want.loss, 4);
    for (let i = 0; i < z.length; i++) expect(got.dz[i]).toBeCloseTo(want.dz[i], 6);
  });

  it('passes NaN and infinities on to dz and J, which the divergence check reads', () => {
    const cols = 20;
    const z = values(2 * cols, 3, -2, 2);
    const x = values(2 * cols, 4, 0, 1);
    z[5] = Number.NaN;
    z[30] = Number.POSITIVE_INFINITY;
    const got = run(z, x, cols);
    expect(got.dz[5]).toBeNaN();
    expect(got.colsum[5]).toBeNaN();
    expect(Number.isFinite(got.loss)).toBe(false);
    expect(Number.isFinite(got.dz[4])).toBe(true);
  });

  it('refuses arrays that do not fit, naming what it wants', () => {
    const z = new Float32Array(12);
    expect(() => kernel.sigmoidCrossEntropy(z, z, z, new Float32Array(5), 4)).toThrow(/rows × cols/);
    expect(() => kernel.sigmoidCrossEntropy(z, new Float32Array(11), z, new Float32Array(4), 4)).toThrow(
      /rows × cols/,
    );
    expect(() =>
      kernel.sigmoidCrossEntropy(z, z, new Float64Array(12) as never, new Float32Array(4), 4),
    ).toThrow(/Float32Arrays/);
    expect(() => kernel.sigmoidCrossEntropy(z, z, z, new Float32Array(4), 0)).toThrow(/cols/);
    expect(() => kernel.sigmoidCrossEntropy(z, z, z, new Float32Array(4), 4, new Float32Array(3))).toThrow(
      /bias must be a Float32Array of cols floats/,
    );
    expect(kernel.maxColumns).toBe(8192);
  });
});

describe('the native masking noise (corruptRows, fillKeep)', () => {
  const dim = 784;
  const poolRows = 300;
  // MNIST-like rows: a zero border, a fifth of the pixels lit.
  const pool = new Float32Array(poolRows * dim);
  const lit = values(pool.length, 99, 0, 1);
  for (let i = 0; i < pool.length; i++) {
    const column = i % dim;
    const inside = column % 28 > 3 && column % 28 < 24 && column > 112 && column < 672;
    pool[i] = inside && lit[i] < 0.3 ? lit[i] * 3 : 0;
  }
  const sparse = nonZeros(pool, dim);
  const rows = Int32Array.from({ length: 150 }, (_, r) => (r * 37 + 11) % poolRows);

  /** The kernel called directly on the pool's rows, with some arguments replaced. */
  const maskRows =
    (overrides: {
      rows?: Int32Array;
      columns?: Uint16Array | Int32Array;
      place?: Int32Array;
      out?: Float32Array;
      gathered?: Float32Array;
    }) =>
    () =>
      kernel.maskRows(
        pool,
        dim,
        overrides.rows ?? rows,
        sparse.offsets,
        overrides.columns ?? sparse.columns,
        overrides.place ?? Int32Array.from({ length: dim }, (_, j) => j),
        overrides.out ?? new Float32Array((overrides.rows ?? rows).length * dim),
        dim,
        1,
        2,
        3,
        0,
        overrides.gathered ?? null,
      );

  /** corruptRows as JavaScript draws it (MTL_NATIVE=0) and as the kernel does. */
  function both(draw: (out: Float32Array) => void, length: number) {
    const js = new Float32Array(length).fill(7);
    const native = new Float32Array(length).fill(7);
    process.env.MTL_NATIVE = '0';
    try {
      draw(js);
    } finally {
      delete process.env.MTL_NATIVE;
    }
    draw(native);
    return { js, native };
  }

  it.each([0, 0.25, 0.5, 1])('draws the bits JavaScript draws, p = %f', (p) => {
    const key = noiseKey(3, 2, 5, 1, 0);
    const { js, native } = both(
      (out) => corruptRows({ kind: 'mask', p }, key, pool, dim, rows, out, sparse),
      rows.length * dim,
    );
    expect(Buffer.from(native.buffer)).toEqual(Buffer.from(js.buffer));
    const kept = js.filter((v) => v !== 0).length;
    if (p === 1) expect(kept).toBe(0);
    if (p === 0)
      expect(kept).toBe(
        sparse.offsets[poolRows] > 0
          ? rows.reduce((n, r) => n + sparse.offsets[r + 1] - sparse.offsets[r], 0)
          : 0,
      );
  });

  it('over kept columns, a slice of the batch, and 32-bit column indices alike', () => {
    const key = noiseKey(9, 0, 1, 0, 2);
    const columns = Int32Array.from(
      new Set(
        Array.from(rows).flatMap((r) =>
          Array.from(sparse.columns.subarray(sparse.offsets[r], sparse.offsets[r + 1])),
        ),
      ),
    ).sort();
    const slice = rows.subarray(40, 90);
    const wide = { offsets: sparse.offsets, columns: Int32Array.from(sparse.columns) };
    for (const index of [sparse, wide]) {
      const { js, native } = both(
        (out) => corruptRows({ kind: 'mask', p: 0.3 }, key, pool, dim, slice, out, index, columns, 40),
        slice.length * columns.length,
      );
      expect(Buffer.from(native.buffer)).toEqual(Buffer.from(js.buffer));
      expect(js.some((v) => v !== 0)).toBe(true);
    }
  });

  it.each([0, 0.25, 0.5, 1])('fills keep masks with the bits JavaScript fills, p = %f', (p) => {
    // 16 elements a vector, and a tail: lengths on and off it.
    for (const length of [1, 15, 16, 17, 600 * 80 + 7]) {
      const key = noiseKey(5, 3, 2, 1, 1);
      const { js, native } = both((out) => fillKeep(out, key, p), length);
      expect(Buffer.from(native.buffer)).toEqual(Buffer.from(js.buffer));
    }
    const { js } = both((out) => fillKeep(out, noiseKey(5, 3, 2, 1, 1), p), 10000);
    const kept = js.reduce((sum, v) => sum + v, 0) / js.length;
    expect(Math.abs(kept - (1 - p))).toBeLessThan(0.02);
    expect(() => kernel.fillKeep(new Float32Array(4), 1, 2, 2 ** 31 + 1)).toThrow(
      /limit an integer in \[0, 2\^31\]/,
    );
  });

  it('reads the batch rows already gathered as it reads them in the pool, slice by slice', () => {
    const key = noiseKey(4, 1, 3, 0, 0);
    const gathered = new Float32Array(rows.length * dim);
    rows.forEach((row, r) => {
      gathered.set(pool.subarray(row * dim, (row + 1) * dim), r * dim);
    });
    const fromPool = new Float32Array(rows.length * dim);
    corruptRows({ kind: 'mask', p: 0.25 }, key, pool, dim, rows, fromPool, sparse);
    for (const native of [true, false]) {
      if (!native) process.env.MTL_NATIVE = '0';
      try {
        const out = new Float32Array(rows.length * dim).fill(3);
        // In two slices, as the prefetch worker draws it; the pool itself is never read.
        const empty = new Float32Array(pool.length);
        for (const [first, end] of [
          [0, 64],
          [64, rows.length],
        ])
          corruptRows(
            { kind: 'mask', p: 0.25 },
            key,
            empty,
            dim,
            rows.subarray(first, end),
            out.subarray(first * dim, end * dim),
            sparse,
            null,
            first,
            gathered,
          );
        expect(Buffer.from(out.buffer), native ? 'native' : 'JavaScript').toEqual(
          Buffer.from(fromPool.buffer),
        );
      } finally {
        delete process.env.MTL_NATIVE;
      }
    }
    expect(maskRows({ gathered: new Float32Array(dim) })).toThrow(
      /gathered must be null or a Float32Array of the batch's rows/,
    );
  });

  it('refuses arguments that do not fit the pool, naming what it wants', () => {
    expect(maskRows({})).not.toThrow();
    expect(maskRows({ rows: Int32Array.of(poolRows), out: new Float32Array(dim) })).toThrow(
      /outside the pool/,
    );
    expect(maskRows({ out: new Float32Array(5) })).toThrow(/do not fit/);
    expect(maskRows({ place: Int32Array.from({ length: dim }, () => dim) })).toThrow(
      /outside the output row/,
    );
    expect(maskRows({ columns: new Float32Array(3) as never })).toThrow(/Uint16Array or an Int32Array/);
  });
});

describe('a step program cut around its sigmoid cross-entropy', () => {
  const mnistLike = (dae: object = {}) =>
    makeExperiment({
      input: 784,
      hidden: [{ name: 'h1', units: 50, activation: 'sigmoid' }],
      reconstruct: [dae],
    });
  const key = (losses: boolean) => ({ kind: 'reconstruction' as const, daes: [0], losses });
  const range = { min: 64, max: 8192 };

  it('splits the step in two around dz, Σ_rows dz and J, dropping only their ops', () => {
    const program = onnxStepProgram(mnistLike(), key(true));
    const cut = cutAtSigmoidCrossEntropy(program, range)!;
    expect(cut).not.toBeNull();
    expect(cut.columns).toBe(784);
    // z's bias is the kernel's to add: the product before it has none.
    expect(cut.bias).toBe(
      program.inputs.find((i) => i.role.kind === 'param' && i.role.param === 'h1.decoder.b')?.name,
    );
    expect(cut.before.ops.at(-1)).toMatchObject({ op: 'matmul', bias: null });
    expect(cut.before.inputs.map((i) => i.name)).not.toContain(cut.bias);
    expect(cut.loss).not.toBeNull();
    expect(cut.colsum).not.toBeNull();
    // `before` ends at z; `after` starts from dz: the products of the backward pass.
    expect(cut.before.ops.at(-1)?.out).toBe(cut.z);
    expect(cut.before.ops.filter((op) => op.op === 'matmul')).toHaveLength(2);
    expect(cut.after.ops.filter((op) => op.op === 'matmul')).toHaveLength(3);
    const kept = new Set([...cut.before.ops, ...cut.after.ops].map((op) => op.out));
    const dropped = program.ops.filter((op) => !kept.has(op.out));
    // σ(z), dz, Σ_rows dz and J's chain: nothing of the gradient or the update.
    expect(dropped.map((op) => op.op)).not.toContain('matmul');
    expect(dropped.some((op) => op.out === cut.dz)).toBe(true);
    expect(dropped.some((op) => op.out === cut.loss)).toBe(true);
    // `after` reads each value from an input or an op before it.
    const known = new Set(cut.after.inputs.map((input) => input.name));
    for (const op of cut.after.ops) {
      for (const value of operands(op)) expect(known.has(value), `${op.out} reads ${value}`).toBe(true);
      known.add(op.out);
    }
    expect(cut.after.outputs).toEqual(program.outputs);
  });

  it('hands over no J when the step does not compute the losses', () => {
    const cut = cutAtSigmoidCrossEntropy(onnxStepProgram(mnistLike(), key(false)), range)!;
    expect(cut.loss).toBeNull();
    expect(cut.colsum).not.toBeNull();
  });

  it('leaves alone what the kernel does not compute', () => {
    const none = (dae: object, columns = range) =>
      expect(cutAtSigmoidCrossEntropy(lowerStep(mnistLike(dae), key(true)), columns)).toBeNull();
    none({ cost: 'squared_error' });
    none({ decoder: { tied: false, activation: 'tanh' } });
    none({}, { min: 785, max: 8192 });
    none({}, { min: 1, max: 500 });
    // Two DAEs of the width in one step: no single cut.
    const two = makeExperiment({
      input: 784,
      hidden: [
        { name: 'h1', units: 100, activation: 'sigmoid' },
        { name: 'h2', units: 80, activation: 'sigmoid' },
      ],
      reconstruct: [{ layerIndex: 0 }, { layerIndex: 1 }],
    });
    expect(
      cutAtSigmoidCrossEntropy(lowerStep(two, { kind: 'reconstruction', daes: [0, 1], losses: true }), range),
    ).toBeNull();
  });
});

describe('a run on the onnx backend', () => {
  const data = writeTinyIdx({ train: 60, test: 10, side: 9 });
  const experiment = makeExperiment({
    labeled: 10,
    unlabeled: 40,
    validation: 5,
    batch: 25,
    epochs: 2,
    input: data.pixels,
    hidden: [{ name: 'h1', units: 12, activation: 'sigmoid' }],
    reconstruct: [{ layerIndex: 0 }],
  });

  /** Trains with the environment's variables set as given: MTL_NATIVE=0 (the loss inside the graphs), MTL_NATIVE_ORT=0. */
  async function train(env: Record<string, string> = {}) {
    const out = tempDir();
    const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    const messages: string[] = [];
    try {
      const program = await importTrainer(experiment, { source: data.source });
      await runProgram(program, {
        out,
        backend: 'onnx',
        progress: { isTTY: false, write: (text: string) => messages.push(text) },
        handleSignals: false,
      });
    } finally {
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    return { checkpoint: readCheckpoint(out), header: messages.find((m) => m.startsWith('mtl: ')) ?? '' };
  }

  it('trains the same with the loss in native code as with the loss in its graphs', async () => {
    expect(data.pixels).toBeGreaterThanOrEqual(64);
    const native = await train();
    const graphs = await train({ MTL_NATIVE: '0' });
    expect(native.header).toContain('on the onnx backend (the loss in native code)');
    expect(graphs.header).not.toContain('native');
    // The checkpoint says how its steps ran: a resume that runs them the other way is warned.
    expect(native.checkpoint.backend).toBe('onnx (the loss in native code)');
    expect(graphs.checkpoint.backend).toBe('onnx');
    expect(native.checkpoint.stepsTaken).toBe(graphs.checkpoint.stepsTaken);
    let differs = false;
    for (const [name, stored] of Object.entries(native.checkpoint.params)) {
      const a = floats(stored.float32);
      const b = floats(graphs.checkpoint.params[name].float32);
      let largest = 0;
      let difference = 0;
      for (let i = 0; i < a.length; i++) {
        largest = Math.max(largest, Math.abs(a[i]));
        difference = Math.max(difference, Math.abs(a[i] - b[i]));
        if (a[i] !== b[i]) differs = true;
      }
      expect(difference / largest, name).toBeLessThan(1e-5);
    }
    // Not the same graphs by accident: the kernel's float rounding differs from ONNX Runtime's.
    expect(differs).toBe(true);
    native.checkpoint.curves.forEach((point, epoch) => {
      const other = graphs.checkpoint.curves[epoch];
      expect(point.reconstructionLoss).toBeCloseTo(other.reconstructionLoss!, 5);
      expect(point.supervisedLoss).toBeCloseTo(other.supervisedLoss!, 5);
    });
  });

  it("trains the same bits with ONNX Runtime through onnxruntime-node's binding (MTL_NATIVE_ORT=0)", async () => {
    expect(loadOrt()?.driver).toBe('mtl addon');
    const addon = await train();
    const binding = await train({ MTL_NATIVE_ORT: '0' });
    expect(binding.header).toBe(addon.header);
    expect(binding.checkpoint.stepsTaken).toBe(addon.checkpoint.stepsTaken);
    expect(Object.keys(binding.checkpoint.params).sort()).toEqual(
      Object.keys(addon.checkpoint.params).sort(),
    );
    for (const [name, stored] of Object.entries(addon.checkpoint.params))
      expect(binding.checkpoint.params[name].float32, name).toBe(stored.float32);
    expect(binding.checkpoint.curves).toEqual(addon.checkpoint.curves);
  });
});

describe('the build step (scripts/build-native.mjs)', () => {
  const script = new URL('../../scripts/build-native.mjs', import.meta.url).pathname;
  const build = (env: Record<string, string>) => {
    const out = mkdtempSync(path.join(tmpdir(), 'mtl-native-'));
    const result = spawnSync(process.execPath, [script, '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    const file = path.join(out, 'mtl-kernels.node');
    const built = existsSync(file);
    const left = readdirSync(out);
    rmSync(out, { recursive: true, force: true });
    return { ...result, built, left };
  };

  it('compiles the addon', () => {
    const result = build({});
    expect(result.status).toBe(0);
    expect(result.built).toBe(true);
    expect(result.left).toEqual(['mtl-kernels.node']);
  });

  it('never fails the install: without a working compiler it says so and leaves no addon', () => {
    const result = build({ CC: 'false' });
    expect(result.status).toBe(0);
    expect(result.built).toBe(false);
    expect(result.left).toEqual([]);
    expect(result.stdout).toMatch(
      /native kernels not built \(the C compiler failed.*the onnx backend computes the loss in its graphs/,
    );
  });

  it('builds nothing with MTL_NATIVE=0, which also keeps a built one from loading', () => {
    const result = build({ MTL_NATIVE: '0' });
    expect(result.status).toBe(0);
    expect(result.built).toBe(false);
    expect(result.stdout).toContain('MTL_NATIVE=0');
    const before = process.env.MTL_NATIVE;
    process.env.MTL_NATIVE = '0';
    try {
      expect(loadNativeKernel()).toBeNull();
    } finally {
      if (before === undefined) delete process.env.MTL_NATIVE;
      else process.env.MTL_NATIVE = before;
    }
    expect(loadNativeKernel()).not.toBeNull();
  });
});

// ONNX Runtime through mtl's addon (native/ort-runner.c, src/runtime/onnx/ort.ts):
// the library onnxruntime-node ships, its sessions run on the caller's arrays.
// The step matrix (step-matrix.test.ts) runs every step graph through it and
// through onnxruntime-node's binding, bit for bit; native-kernels.test.ts
// trains a whole run both ways.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNativeKernel, type NativeKernel, nativeKernelFile } from '../../src/runtime/native/kernels.js';
import { AttributeType, DataType, encodeModel } from '../../src/runtime/onnx/onnx-proto.js';
import { loadOrt, ortLibrary, ortThrough } from '../../src/runtime/onnx/ort.js';

const kernel = loadNativeKernel() as NativeKernel;

/** y = x·w (Gemm), s = x + x: two inputs, two outputs. */
const model = encodeModel({
  graphName: 'probe',
  docString: '',
  opset: 17,
  nodes: [
    {
      opType: 'Gemm',
      name: 'gemm',
      input: ['x', 'w'],
      output: ['y'],
      attribute: [{ name: 'transB', type: AttributeType.INT, i: 0 }],
    },
    { opType: 'Add', name: 'add', input: ['x', 'x'], output: ['s'], attribute: [] },
  ],
  initializers: [],
  inputs: [
    { name: 'x', elemType: DataType.FLOAT, shape: [2, 3] },
    { name: 'w', elemType: DataType.FLOAT, shape: [3, 2] },
  ],
  outputs: [
    { name: 'y', elemType: DataType.FLOAT, shape: [2, 2] },
    { name: 's', elemType: DataType.FLOAT, shape: [2, 3] },
  ],
});

const x = { data: Float32Array.of(1, 2, 3, 4, 5, 6), dims: [2, 3] };
const w = { data: Float32Array.of(1, 0, 0, 1, 1, 1), dims: [3, 2] };

describe("ONNX Runtime through mtl's addon", () => {
  it('opens the library onnxruntime-node ships, of its version, and is the default way', () => {
    const library = ortLibrary();
    expect(library !== null && existsSync(library)).toBe(true);
    const version = kernel.ortOpen(library!);
    const require = createRequire(import.meta.url);
    expect(version).toBe((require('onnxruntime-node/package.json') as { version: string }).version);
    expect(loadOrt()?.driver).toBe('mtl addon');
    expect(ortThrough('onnxruntime-node')?.driver).toBe('onnxruntime-node');
  });

  it('says why a library does not open (in a process that has opened none: a process opens one)', () => {
    const script = `try { require(${JSON.stringify(nativeKernelFile())}).ortOpen('/nonexistent/libonnxruntime.so.1') }
      catch (error) { console.log(error.message) }`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.stdout).toMatch(/^dlopen: .*nonexistent/);
  });

  it('lists the inputs and outputs, writes an output it is given in place and copies the rest', () => {
    const session = kernel.ortSession(model, null);
    try {
      expect(session.inputs).toEqual(['x', 'w']);
      expect(session.outputs).toEqual(['y', 's']);
      const y = { data: new Float32Array(4).fill(-1), dims: [2, 2] };
      const [givenBack, s] = kernel.ortRun(session.handle, [x, w], [y, null]);
      expect(givenBack).toBeNull();
      expect(Array.from(y.data)).toEqual([4, 5, 10, 11]);
      expect(Array.from(s!.data as Float32Array)).toEqual([2, 4, 6, 8, 10, 12]);
      expect(s!.dims).toEqual([2, 3]);
      // The feeds are read, not written.
      expect(Array.from(x.data)).toEqual([1, 2, 3, 4, 5, 6]);
      // A copied output is an array of its own: the next run does not write over it.
      const [, again] = kernel.ortRun(session.handle, [x, w], [null, null]);
      expect(again!.data).not.toBe(s!.data);
    } finally {
      kernel.ortDispose(session.handle);
    }
  });

  it("runs a graph of many outputs (a deep network's parameters and velocities)", () => {
    const outputs = Array.from({ length: 100 }, (_, i) => `o${i}`);
    const many = encodeModel({
      graphName: 'many',
      docString: '',
      opset: 17,
      nodes: outputs.map((name) => ({
        opType: 'Add',
        name,
        input: ['x', 'x'],
        output: [name],
        attribute: [],
      })),
      initializers: [],
      inputs: [{ name: 'x', elemType: DataType.FLOAT, shape: [2, 3] }],
      outputs: outputs.map((name) => ({ name, elemType: DataType.FLOAT, shape: [2, 3] })),
    });
    const session = kernel.ortSession(many, null);
    try {
      const into = outputs.map((_, i) => (i % 2 ? { data: new Float32Array(6), dims: [2, 3] } : null));
      const results = kernel.ortRun(session.handle, [x], into);
      outputs.forEach((_, i) => {
        const values = i % 2 ? into[i]!.data : (results[i]!.data as Float32Array);
        expect(Array.from(values), outputs[i]).toEqual([2, 4, 6, 8, 10, 12]);
        expect(results[i] === null).toBe(i % 2 === 1);
      });
    } finally {
      kernel.ortDispose(session.handle);
    }
  });

  it('refuses what does not fit, naming the input or output', () => {
    const session = kernel.ortSession(model, null);
    const run =
      (feeds: unknown[], into: unknown[] = [null, null]) =>
      () =>
        kernel.ortRun(session.handle, feeds as never, into as never);
    try {
      expect(run([x])).toThrow(/feeds and into must list the session's inputs and outputs/);
      expect(run([x, undefined])).toThrow(/no feed for the graph's input w/);
      expect(run([x, { data: new Float32Array(5), dims: [3, 2] }])).toThrow(
        /w: 5 elements where its dims count 6/,
      );
      expect(run([x, { data: w.data, dims: [3, -2] }])).toThrow(/w: dims must be non-negative integers/);
      expect(run([x, { data: Float64Array.from(w.data), dims: [3, 2] }])).toThrow(/ONNX Runtime: .*/);
      expect(run([x, { data: [1, 0, 0, 1, 1, 1], dims: [3, 2] }])).toThrow(
        /w: a tensor is \{ data: a typed array/,
      );
      expect(run([x, { data: new Uint8ClampedArray(6), dims: [3, 2] }])).toThrow(
        /w: not a typed array of a kind ONNX Runtime takes/,
      );
      expect(run([x, w], [{ data: new Float32Array(6), dims: [3, 2] }, null])).toThrow(/ONNX Runtime: .*/);
    } finally {
      kernel.ortDispose(session.handle);
    }
    expect(run([x, w])).toThrow(/not an open ONNX Runtime session/);
    expect(() => kernel.ortSession(Uint8Array.of(1, 2, 3), null)).toThrow(
      /ONNX Runtime could not load the graph: /,
    );
  });

  it("profiles a session opened with a prefix: ONNX Runtime's trace of each run", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mtl-ort-profile-'));
    try {
      const session = kernel.ortSession(model, path.join(dir, 'trace'));
      for (let i = 0; i < 3; i++) kernel.ortRun(session.handle, [x, w], [null, null]);
      const file = kernel.ortEndProfiling(session.handle);
      kernel.ortDispose(session.handle);
      expect(path.basename(file)).toMatch(/^trace/);
      const events = JSON.parse(readFileSync(file, 'utf8')) as { cat: string; name: string }[];
      expect(events.filter((e) => e.cat === 'Session' && e.name === 'model_run')).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the same bits as onnxruntime-node's binding, through the Ort interface", () => {
    const outputs = (driver: 'mtl addon' | 'onnxruntime-node') => {
      const ort = ortThrough(driver)!;
      const session = ort.session(model);
      try {
        const result = session.run({ x: ort.float32(x.data, x.dims), w: ort.float32(w.data, w.dims) });
        return Object.fromEntries(
          Object.entries(result).map(([name, t]) => [name, Array.from(t.data as Float32Array)]),
        );
      } finally {
        session.dispose();
      }
    };
    expect(outputs('mtl addon')).toEqual(outputs('onnxruntime-node'));
  });
});

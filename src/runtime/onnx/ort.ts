// ONNX Runtime, loaded on demand and driven synchronously: the generated
// step code calls the runtime synchronously, and the package's
// InferenceSession.run only wraps the native binding's synchronous run in a
// promise. Sessions run with one intra-op and one inter-op thread, in
// sequence, so a run is deterministic and its figures comparable with a
// one-thread peer.
//
// Two ways to drive the same library (the one onnxruntime-node ships): mtl's
// addon (native/ort-runner.c), which runs a session on the caller's arrays,
// inputs and outputs alike; or onnxruntime-node's binding, which copies every
// output into a fresh array, even one it was given to write into (0.37 ms of
// W1's 1.06 ms graph before the native loss; bench/probes/ort-overhead.ts). The
// addon's way is taken when the addon is built and opens the library;
// MTL_NATIVE_ORT=0 (or MTL_NATIVE=0) takes the binding's. The same graphs on the same kernels: the same bits.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadNativeKernel, type OrtRunner } from '../native/kernels.js';

export type TensorData = Float32Array | Int32Array | BigInt64Array;

/** A tensor as a session takes and returns it: the values, row-major, and the dimensions. */
export interface OrtTensor {
  readonly data: TensorData;
  readonly dims: readonly number[];
}

export interface OrtSession {
  /** `into`: outputs to write in place (tensors over arrays of the caller), by output name. */
  run(
    feeds: Readonly<Record<string, OrtTensor>>,
    into?: Readonly<Record<string, OrtTensor>>,
  ): Record<string, OrtTensor>;
  /** Writes the profile of a session opened with `profile` (ONNX Runtime's JSON trace). */
  endProfiling(): void;
  dispose(): void;
}

export interface Ort {
  /** Which code drives the library: mtl's addon, or onnxruntime-node's binding. */
  readonly driver: 'mtl addon' | 'onnxruntime-node';
  /** `profile`: a file name prefix; ONNX Runtime then times every node of every run (bench/graph.ts). */
  session(model: Uint8Array, options?: { readonly profile?: string }): OrtSession;
  float32(data: Float32Array, dims: readonly number[]): OrtTensor;
  int32(data: Int32Array, dims: readonly number[]): OrtTensor;
}

/** Threads per session: fixed, so runs are reproducible and figures comparable. */
const ORT_THREADS = 1;

/** onnxruntime-node's names for them; native/ort-runner.c sets the same. */
export const SESSION_OPTIONS = {
  intraOpNumThreads: ORT_THREADS,
  interOpNumThreads: ORT_THREADS,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

export type OrtDriver = Ort['driver'];

const loaded = new Map<OrtDriver, Ort | null>();

/**
 * ONNX Runtime, or null when onnxruntime-node is not installed or its native
 * library does not load: through the addon unless MTL_NATIVE_ORT=0 (or
 * MTL_NATIVE=0), or when it is not built or does not open the library.
 */
export function loadOrt(): Ort | null {
  const wanted = process.env.MTL_NATIVE_ORT === '0' ? null : ortThrough('mtl addon');
  return wanted ?? ortThrough('onnxruntime-node');
}

/** ONNX Runtime through that driver, or null when it does not load (each loaded once). */
export function ortThrough(driver: OrtDriver): Ort | null {
  if (driver === 'mtl addon' && !loadNativeKernel()) return null;
  if (!loaded.has(driver)) {
    let ort: Ort | null = null;
    try {
      ort = driver === 'mtl addon' ? addonOrt() : bindingOrt();
    } catch {
      ort = null;
    }
    loaded.set(driver, ort);
  }
  return loaded.get(driver) ?? null;
}

const require = createRequire(import.meta.url);

/** The folder of onnxruntime-node's binary and ONNX Runtime's library, as its binding.js finds them. */
function binaryFolder(): string {
  const dist = path.dirname(require.resolve('onnxruntime-node/dist/binding.js'));
  return path.join(dist, '..', 'bin', 'napi-v6', process.platform, process.arch);
}

/** ONNX Runtime's shared library in onnxruntime-node's binary folder, or null. */
export function ortLibrary(): string | null {
  const folder = binaryFolder();
  if (!existsSync(folder)) return null;
  const file = readdirSync(folder).find((name) => /^libonnxruntime\.(so(\.\d+)*|(\d+\.)*dylib)$/.test(name));
  return file ? path.join(folder, file) : null;
}

/** Through mtl's addon, when it is built and opens the library. */
function addonOrt(): Ort | null {
  const runner = loadNativeKernel();
  const library = ortLibrary();
  if (!runner || typeof runner.ortOpen !== 'function' || !library) return null;
  try {
    runner.ortOpen(library);
  } catch {
    return null;
  }
  const tensor = (data: Float32Array | Int32Array, dims: readonly number[]): OrtTensor => ({ data, dims });
  return {
    driver: 'mtl addon',
    session: (model, options = {}) => addonSession(runner, model, options.profile ?? null),
    float32: tensor,
    int32: tensor,
  };
}

function addonSession(runner: OrtRunner, model: Uint8Array, profile: string | null): OrtSession {
  const { handle, inputs, outputs } = runner.ortSession(model, profile);
  return {
    run(feeds, into) {
      const given = outputs.map((name) => into?.[name] ?? null);
      const results = runner.ortRun(
        handle,
        inputs.map((name) => feeds[name]),
        given,
      );
      const named: Record<string, OrtTensor> = {};
      outputs.forEach((name, index) => {
        named[name] = given[index] ?? (results[index] as OrtTensor);
      });
      return named;
    },
    endProfiling: () => void runner.ortEndProfiling(handle),
    dispose: () => runner.ortDispose(handle),
  };
}

interface NativeSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: object): void;
  run(feeds: object, fetches: object, options: object): Record<string, OrtTensor>;
  endProfiling(): void;
  readonly outputMetadata: readonly { readonly name: string }[];
  dispose(): void;
}

interface BindingModule {
  readonly binding: { readonly InferenceSession: new () => NativeSession };
  readonly initOrt: () => void;
}

type TensorConstructor = new (
  type: 'float32' | 'int32',
  data: Float32Array | Int32Array,
  dims: readonly number[],
) => OrtTensor;

/** Through onnxruntime-node's binding (its InferenceSession's native half, called synchronously). */
function bindingOrt(): Ort {
  const { binding, initOrt } = require('onnxruntime-node/dist/binding.js') as BindingModule;
  const { Tensor: TensorClass } = require('onnxruntime-node') as { Tensor: TensorConstructor };
  initOrt();
  return {
    driver: 'onnxruntime-node',
    session(model, options = {}) {
      const native = new binding.InferenceSession();
      const profiling = options.profile ? { enableProfiling: true, profileFilePrefix: options.profile } : {};
      native.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, {
        ...SESSION_OPTIONS,
        ...profiling,
      });
      const fetches = Object.fromEntries(native.outputMetadata.map((output) => [output.name, null]));
      return {
        run: (feeds, into) => native.run(feeds, into ? { ...fetches, ...into } : fetches, {}),
        endProfiling: () => native.endProfiling(),
        dispose: () => native.dispose(),
      };
    },
    float32: (data, dims) => new TensorClass('float32', data, dims),
    int32: (data, dims) => new TensorClass('int32', data, dims),
  };
}

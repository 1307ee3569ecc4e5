// onnxruntime-node, loaded on demand and driven synchronously: the generated
// step code calls the runtime synchronously, and the package's
// InferenceSession.run only wraps the native binding's synchronous run in a
// promise. Sessions run with one intra-op and one inter-op thread, in
// sequence, so a run is deterministic and its figures comparable with a
// one-thread peer.
import { createRequire } from 'node:module';
import type { Tensor } from 'onnxruntime-node';

export type OrtTensor = Tensor;

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

export interface Ort {
  /** `profile`: a file name prefix; ONNX Runtime then times every node of every run (bench/graph.ts). */
  session(model: Uint8Array, options?: { readonly profile?: string }): OrtSession;
  float32(data: Float32Array, dims: readonly number[]): OrtTensor;
  int32(data: Int32Array, dims: readonly number[]): OrtTensor;
}

/** Threads per session: fixed, so runs are reproducible and figures comparable. */
const ORT_THREADS = 1;

export const SESSION_OPTIONS = {
  intraOpNumThreads: ORT_THREADS,
  interOpNumThreads: ORT_THREADS,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

let loaded: Ort | null | undefined;

/** onnxruntime-node, or null when it is not installed or its native library does not load. */
export function loadOrt(): Ort | null {
  if (loaded !== undefined) return loaded;
  try {
    const require = createRequire(import.meta.url);
    const { binding, initOrt } = require('onnxruntime-node/dist/binding.js') as BindingModule;
    const { Tensor: TensorClass } = require('onnxruntime-node') as { Tensor: TensorConstructor };
    initOrt();
    loaded = {
      session(model, options = {}) {
        const native = new binding.InferenceSession();
        const profiling = options.profile
          ? { enableProfiling: true, profileFilePrefix: options.profile }
          : {};
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
  } catch {
    loaded = null;
  }
  return loaded;
}

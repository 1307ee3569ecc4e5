// mtl's native kernels (native/): a Node-API addon that `npm install` (the
// package's build step, scripts/build-native.mjs) compiles where a C compiler
// and Node's headers are found. The onnx backend's loss (onnx/fuse-loss.ts)
// and the input layer's masking noise (noise/element-noise.ts) run in it.
// Without it, or with MTL_NATIVE=0, the loss stays in the graphs and the
// noise is drawn in JavaScript: the same math (the noise the same bits), slower.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** ONNX Runtime's C API through the addon (native/ort-runner.c; src/runtime/onnx/ort.ts drives it). */
export interface OrtRunner {
  /** Opens ONNX Runtime's shared library once per process; its version. Throws when it does not open. */
  ortOpen(library: string): string;
  /** A session of the graph (one thread, sequential, every optimization); its input and output names in order. */
  ortSession(
    model: Uint8Array,
    profilePrefix: string | null,
  ): { readonly handle: unknown; readonly inputs: readonly string[]; readonly outputs: readonly string[] };
  /**
   * Runs a session: `feeds` and `into` list tensors in its input and output order; an
   * output given in `into` is written in place (its entry of the result is null), any
   * other comes back as a copy.
   */
  ortRun(
    handle: unknown,
    feeds: readonly ({ readonly data: ArrayBufferView; readonly dims: readonly number[] } | undefined)[],
    into: readonly ({ readonly data: ArrayBufferView; readonly dims: readonly number[] } | null)[],
  ): ({ readonly data: ArrayBufferView; readonly dims: readonly number[] } | null)[];
  /** Ends a profiling session's trace; the file's name. */
  ortEndProfiling(handle: unknown): string;
  ortDispose(handle: unknown): void;
}

export interface NativeKernel extends OrtRunner {
  /**
   * With z' = z + bias (per column; z as is without a bias): writes dz = σ(z') − x and
   * colsum = Σ_rows dz, returns Σ softplus(z') − x·z'. dz may be z's own array.
   */
  sigmoidCrossEntropy(
    z: Float32Array,
    x: Float32Array,
    dz: Float32Array,
    colsum: Float32Array,
    columns: number,
    bias?: Float32Array | null,
  ): number;
  /** The widest z the kernel takes. */
  readonly maxColumns: number;
  /** element-noise.ts's corruptRows for masking noise over the non-zero pixels, bit for bit. */
  maskRows(
    source: Float32Array,
    dim: number,
    rows: Int32Array,
    offsets: Int32Array,
    columns: Uint16Array | Int32Array,
    place: Int32Array,
    out: Float32Array,
    width: number,
    a: number,
    b: number,
    limit: number,
    firstRow: number,
    gathered?: Float32Array | null,
  ): void;
  /** element-noise.ts's fillKeep, bit for bit. */
  fillKeep(out: Float32Array, a: number, b: number, limit: number): void;
}

const require = createRequire(import.meta.url);

/** Where the build step writes the addon: build/native/ in the package. */
export function nativeKernelFile(): string {
  const root = path.dirname(require.resolve('mtlc/package.json'));
  return path.join(root, 'build', 'native', 'mtl-kernels.node');
}

let loaded: NativeKernel | null | undefined;

/** The kernels, or null when they are turned off (MTL_NATIVE=0), not built, or do not load. */
export function loadNativeKernel(): NativeKernel | null {
  if (process.env.MTL_NATIVE === '0') return null;
  if (loaded !== undefined) return loaded;
  const file = nativeKernelFile();
  try {
    loaded = existsSync(file) ? (require(file) as NativeKernel) : null;
  } catch {
    // Built for another machine or Node: the graphs compute the loss instead.
    loaded = null;
  }
  return loaded;
}

// The onnx backend's native kernel (native/sigmoid-cross-entropy.c): a
// Node-API addon that `npm install` (the package's build step,
// scripts/build-native.mjs) compiles where a C compiler and Node's headers
// are found. Without it, or with MTL_NATIVE=0, the onnx backend computes the
// loss inside its graphs: the same math, slower (fuse-loss.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface NativeKernel {
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
}

const require = createRequire(import.meta.url);

/** Where the build step writes the addon: build/native/ in the package. */
export function nativeKernelFile(): string {
  const root = path.dirname(require.resolve('mtlc/package.json'));
  return path.join(root, 'build', 'native', 'sigmoid-cross-entropy.node');
}

let loaded: NativeKernel | null | undefined;

/** The kernel, or null when it is turned off (MTL_NATIVE=0), not built, or does not load. */
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

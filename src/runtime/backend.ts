// Which backend runs the training: ONNX Runtime ('onnx': the step programs as
// ONNX graphs on its native CPU kernels) when onnxruntime-node loads, else
// tfjs-node ('tensorflow') when it is installed and loads, else WebAssembly,
// else the plain JS 'cpu' backend. On 'onnx', TensorFlow.js's cpu backend
// only holds the parameters between steps (no kernels run on it).
import * as tf from '@tensorflow/tfjs-core';
import { RunOptionsError } from './errors.js';
import { loadOrt } from './onnx/ort.js';

export type BackendName = 'onnx' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['onnx', 'tensorflow', 'wasm', 'cpu'];

// A variable specifier keeps TypeScript from requiring the optional package at compile time.
const TFJS_NODE = '@tensorflow/tfjs-node';

async function register(name: Exclude<BackendName, 'onnx'>): Promise<boolean> {
  try {
    if (name === 'tensorflow') await import(TFJS_NODE);
    else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    else await import('@tensorflow/tfjs-backend-cpu');
    return tf.findBackendFactory(name) !== null;
  } catch {
    return false;
  }
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'onnx') return loadOrt() !== null && (await activate('cpu'));
  if (!(await register(name))) return false;
  try {
    if (tf.getBackend() === name) return true;
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Makes `forced` (or the fastest available backend) the active one and returns
 * its name. A forced backend that cannot load is an error, not a silent fallback.
 */
export async function selectBackend(forced?: BackendName): Promise<BackendName> {
  if (forced !== undefined) {
    if (!BACKEND_NAMES.includes(forced)) {
      throw new RunOptionsError(`unknown backend '${forced}' (expected one of ${BACKEND_NAMES.join(', ')})`);
    }
    if (!(await activate(forced))) throw new RunOptionsError(`the '${forced}' backend could not be loaded`);
    return forced;
  }
  for (const name of BACKEND_NAMES) {
    if (await activate(name)) return name;
  }
  throw new RunOptionsError('no TensorFlow.js backend could be loaded');
}

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

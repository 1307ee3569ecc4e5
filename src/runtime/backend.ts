// Which backend runs the training: ONNX Runtime ('onnx': the step programs as
// ONNX graphs on its native CPU kernels) when onnxruntime-node loads, else
// tfjs-node ('tensorflow') when it is installed and loads, else WebAssembly,
// else the plain JS 'cpu' backend. On 'onnx', TensorFlow.js's cpu backend
// only holds the parameters between steps (no kernels run on it).
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAMES, type BackendName } from './backend-names.js';
import { RunOptionsError } from './errors.js';
import { loadOrt } from './onnx/ort.js';

export { BACKEND_NAMES, type BackendName, isBackendName } from './backend-names.js';

// A variable specifier keeps TypeScript from requiring the optional package at compile time.
const TFJS_NODE = '@tensorflow/tfjs-node';

/** Why the last backend failed to load, for the error a forced --backend gets. */
let lastFailure = '';

async function register(name: Exclude<BackendName, 'onnx'>): Promise<boolean> {
  try {
    if (name === 'tensorflow') await import(TFJS_NODE);
    else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    else await import('@tensorflow/tfjs-backend-cpu');
    lastFailure = 'the package registered no backend';
    return tf.findBackendFactory(name) !== null;
  } catch (error) {
    lastFailure = (error as Error)?.message?.split('\n')[0] ?? String(error);
    return false;
  }
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'onnx') {
    if (loadOrt() === null) {
      lastFailure = 'onnxruntime-node or its native library did not load';
      return false;
    }
    return await activate('cpu');
  }
  if (!(await register(name))) return false;
  try {
    if (tf.getBackend() === name) return true;
    lastFailure = 'it did not initialise';
    return await tf.setBackend(name);
  } catch (error) {
    lastFailure = (error as Error)?.message ?? String(error);
    return false;
  }
}

/** How to get a backend that is missing: only tensorflow needs a separate install. */
function backendHelp(name: BackendName): string {
  return name === 'tensorflow'
    ? '; it comes from @tensorflow/tfjs-node, an optional dependency whose install downloads libtensorflow ' +
        'from outside the npm registry and so often fails or is skipped. Install it with ' +
        '`npm install @tensorflow/tfjs-node@4.22.0` on a machine that can make that download, ' +
        'or train on another backend, such as wasm (--backend wasm)'
    : `; reinstall the package's dependencies (npm install)`;
}

/**
 * Makes `forced` (or the fastest available backend) the active one and returns
 * its name. A forced backend that cannot load is an error, not a silent fallback.
 */
export async function selectBackend(forced?: BackendName): Promise<BackendName> {
  // TensorFlow.js's own console messages off (its PROD flag gates nothing else): on
  // the first tensor of its cpu backend it told every run, the onnx ones included,
  // to install tfjs-node "to speed things up dramatically". mtl says which backend
  // runs, and why another did not load.
  tf.env().set('PROD', true);
  if (forced !== undefined) {
    if (!BACKEND_NAMES.includes(forced)) {
      throw new RunOptionsError(`unknown backend '${forced}' (expected one of ${BACKEND_NAMES.join(', ')})`);
    }
    if (!(await activate(forced))) {
      throw new RunOptionsError(
        `the '${forced}' backend could not be loaded (${lastFailure})${backendHelp(forced)}`,
      );
    }
    return forced;
  }
  for (const name of BACKEND_NAMES) {
    if (await activate(name)) return name;
  }
  throw new RunOptionsError('no TensorFlow.js backend could be loaded');
}

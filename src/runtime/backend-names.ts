// The backend names, apart from backend.ts so flag parsing and help text do not load TensorFlow.js.
export type BackendName = 'onnx' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['onnx', 'tensorflow', 'wasm', 'cpu'];

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

// The peer workloads (bench/peers/README.md) as specs, and the flag reading
// the training benches share.
import path from 'node:path';
import { checkFile } from '../src/driver/check.js';
import type { Experiment } from '../src/ir/types.js';

export const root = new URL('..', import.meta.url).pathname;

/** W1 = NN1 + DAE on h1, W4 = NN4 + DAEs on h1…h4 (bench/specs). */
export const SPEC: Record<string, string> = { W1: 'bench/specs/w1.mtl', W4: 'bench/specs/w4.mtl' };

/** The workload's experiment, checked and lowered from its spec like any user's. */
export function workload(name: string): { experiment: Experiment; spec: string } {
  const spec = SPEC[name];
  if (!spec) throw new Error(`no workload ${name} (${Object.keys(SPEC).join(', ')})`);
  const result = checkFile(path.join(root, spec));
  const experiment = result.ir?.experiments[0];
  if (!experiment) throw new Error(`${spec} does not check: ${JSON.stringify(result.diagnostics)}`);
  return { experiment, spec };
}

/** `--name value` from the command line, else the fallback. */
export function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

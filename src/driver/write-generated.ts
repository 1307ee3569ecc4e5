import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../base/atomic-write.js';
import { generateProgram } from '../codegen/generate.js';
import type { Experiment } from '../ir/types.js';

/** Writes a generated file atomically (the runtime's temp-file-and-rename), creating its folder first. */
export function writeGeneratedFile(path: string, text: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, text);
}

/** Emits an experiment's trainer (src/codegen) and writes it to `path`: what `mtl compile` does per experiment. */
export function writeTrainer(
  path: string,
  experiment: Experiment,
  options: { readonly source: string },
): void {
  writeGeneratedFile(path, generateProgram(experiment, options));
}

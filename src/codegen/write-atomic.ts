import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../runtime/io/atomic-write.js';

/** Writes a generated file atomically (the runtime's temp-file-and-rename), creating its folder first. */
export function writeGeneratedFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, text);
}

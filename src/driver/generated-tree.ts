// The committed generated/ tree: one trainer per experiment declared in a spec
// under specs/, at the mirrored place (specs/paper/nn1_exp40.mtl declaring
// nn1_exp40 → generated/paper/nn1_exp40.ts). Used by `npm run generate` and by
// the test that fails when generated/ is stale.
import { type Dirent, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { generateProgram } from '../codegen/generate.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../syntax/location.js';
import { checkFile } from './check.js';
import { rootedHost } from './rooted-host.js';
import { declaredExperimentNames } from './select-experiments.js';

interface TreeOptions {
  /** The repository root; every other path is relative to it, with POSIX separators. */
  readonly root: string;
  readonly specsDir?: string;
  readonly outDir?: string;
}

interface TreeFile {
  /** e.g. `generated/paper/nn1_exp40.ts` */
  readonly path: string;
  readonly text: string;
}

interface GeneratedTree {
  readonly files: readonly TreeFile[];
  /** Diagnostics with errors mean a spec does not check; `files` then lacks its programs. */
  readonly diagnostics: readonly Diagnostic[];
  /** Line indexes of the checked files, to print the diagnostics. */
  readonly lines: (file: string) => LineIndex | undefined;
}

/** Every file under `dir` (relative to root) whose name ends in `ext`, sorted by path. */
export function listFiles(root: string, dir: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(ext)) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Where `mtl compile` puts a spec's programs by default: a spec under specs/
 * goes to the mirrored folder of generated/ (so compiling one spec by hand
 * writes exactly what `npm run generate` does); any other spec's programs go
 * beside it, into the spec's own folder.
 */
export function defaultOutDir(spec: string, specsDir = 'specs', outDir = 'generated'): string {
  const relative = posix.relative(specsDir, posix.dirname(spec));
  return relative.startsWith('..') || posix.isAbsolute(relative)
    ? posix.dirname(spec)
    : posix.join(outDir, relative);
}

export function generateTree(options: TreeOptions): GeneratedTree {
  const specsDir = options.specsDir ?? 'specs';
  const outDir = options.outDir ?? 'generated';
  // Spec paths stay relative to the root so headers and embedded sources are the same on every machine.
  const host = rootedHost(options.root);
  const files: TreeFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const owner = new Map<string, string>();
  const lines = new Map<string, LineIndex>();
  for (const spec of listFiles(options.root, specsDir, '.mtl')) {
    const result = checkFile(spec, { host });
    diagnostics.push(...result.diagnostics);
    for (const file of result.program.files) lines.set(file.name, file.lines);
    const root = result.program.roots[0];
    if (!result.ir || !root) continue;
    const declared = declaredExperimentNames(root.ast);
    const folder = defaultOutDir(spec, specsDir, outDir);
    for (const experiment of result.ir.experiments.filter((e) => declared.includes(e.name))) {
      const path = posix.join(folder, `${experiment.name}.ts`);
      const previous = owner.get(path);
      if (previous !== undefined) {
        throw new Error(`${spec} and ${previous} both declare experiment '${experiment.name}' (→ ${path})`);
      }
      owner.set(path, spec);
      files.push({
        path,
        text: generateProgram(experiment, { source: spec }),
      });
    }
  }
  return {
    files: files.sort((a, b) => (a.path < b.path ? -1 : 1)),
    diagnostics,
    lines: (file) => lines.get(file),
  };
}

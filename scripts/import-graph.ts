#!/usr/bin/env -S npx tsx
// Reads every `import … from` / `export … from` / `import('…')` in src/**/*.ts and
// prints the folder-level graph: which top folder of src/ imports which, with
// the file edges behind each, and any cycle between folders. The enforcing test
// (test/architecture/layers.test.ts) uses the same reader.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ImportEdge {
  /** Importing file, relative to the repository root (posix separators). */
  readonly from: string;
  /** Imported file, relative to the repository root, `.ts` extension. */
  readonly to: string;
  /** Whether every name imported is a type (`import type`), erased at run time. */
  readonly typeOnly: boolean;
}

const IMPORT =
  /(?:^|\n)\s*(import|export)(\s+type)?\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}

const posix = (path: string): string => path.split(sep).join('/');

/** Every relative import between files under `src/`, read from the source text. */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of listTs(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const specifier = m[3] ?? m[4];
      if (!specifier?.startsWith('.')) continue;
      const target = normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts');
      edges.push({
        from: posix(relative(root, file)),
        to: posix(relative(root, target)),
        typeOnly: m[2] !== undefined,
      });
    }
  }
  return edges;
}

/** The layer a file belongs to: its first folder under src/ (`src/index.ts` is `index`); outside src/, its top folder (`grammar`). */
export function layerOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'src') return parts[0];
  return parts.length > 2 ? parts[1] : parts[1].replace(/\.ts$/, '');
}

/** Folder → folders it imports, with the file edges behind each pair. */
export function layerGraph(edges: readonly ImportEdge[]): Map<string, Map<string, ImportEdge[]>> {
  const graph = new Map<string, Map<string, ImportEdge[]>>();
  for (const edge of edges) {
    const a = layerOf(edge.from);
    const b = layerOf(edge.to);
    if (a === b) continue;
    const row = graph.get(a) ?? new Map<string, ImportEdge[]>();
    graph.set(a, row);
    row.set(b, [...(row.get(b) ?? []), edge]);
  }
  return graph;
}

/** Strongly connected groups of more than one folder (Tarjan): each is an import loop. */
export function layerCycles(graph: Map<string, Map<string, ImportEdge[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const graph = layerGraph(importEdges(root));
  const verbose = process.argv.includes('--files');
  for (const [from, row] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [to, edges] of [...row].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`${from} → ${to} (${edges.length})`);
      if (verbose)
        for (const e of edges) console.log(`    ${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`);
    }
  }
  const cycles = layerCycles(graph);
  console.log(cycles.length === 0 ? 'no loops between folders' : 'loops between folders:');
  for (const group of cycles) console.log(`  ${group.join(' ↔ ')}`);
}

// The house stays straight: every import in src/ follows the table of
// docs/architecture.md ("Which folder may import which" and "The shared base"),
// and no two folders import each other, directly or around a loop.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type ImportEdge,
  importEdges,
  layerCycles,
  layerGraph,
  layerOf,
} from '../../scripts/import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');

function section(title: string): string {
  const start = doc.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`docs/architecture.md has no section '${title}'`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

interface Rules {
  /** Folders any folder may import; they import nothing of src/ but each other's nothing and `grammar`. */
  readonly base: ReadonlySet<string>;
  /** Folder → the folders it may import besides the base, in table order. */
  readonly allowed: ReadonlyMap<string, readonly string[]>;
}

function readRules(): Rules {
  const base = new Set([...section('The shared base').matchAll(/^- `(\w+)\/`/gm)].map((m) => m[1]));
  const allowed = new Map<string, readonly string[]>();
  for (const m of section('Which folder may import which').matchAll(/^\| `(\w+)` \|[^|]*\| ([^|]*) \|$/gm)) {
    const list = m[2].trim();
    allowed.set(m[1], list === '—' ? [] : list.split(',').map((s) => s.trim()));
  }
  return { base, allowed };
}

/** Every import the rules forbid, as `from → to` with the files behind it. */
function violations(edges: readonly ImportEdge[], rules: Rules): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (from === to) continue;
    const ok = rules.base.has(from)
      ? to === 'grammar'
      : rules.base.has(to) || (rules.allowed.get(from) ?? []).includes(to);
    if (!ok) out.push(`${from} → ${to}: ${edge.from} imports ${edge.to}`);
  }
  return out;
}

const rules = readRules();
const edges = importEdges(root);

describe('the layers of src/', () => {
  it('reads a rule for every folder of src/ from docs/architecture.md', () => {
    expect([...rules.base].sort()).toEqual(['args', 'base', 'diagnostics', 'ir']);
    const folders = readdirSync(new URL('../../src', import.meta.url), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const ruled = [...rules.base, ...rules.allowed.keys()];
    expect([...folders, 'index'].sort()).toEqual([...ruled].sort());
    expect(edges.length).toBeGreaterThan(500);
  });

  it('lists, for each folder, only folders of earlier rows (the table itself has no loop)', () => {
    const order = [...rules.allowed.keys()];
    for (const [folder, imports] of rules.allowed) {
      for (const target of imports) {
        expect(
          target === 'grammar' || order.indexOf(target) < order.indexOf(folder),
          `${folder} → ${target}`,
        ).toBe(true);
      }
    }
  });

  it('has no import the table forbids', () => {
    expect(violations(edges, rules)).toEqual([]);
  });

  it('has no loop between folders', () => {
    expect(layerCycles(layerGraph(edges))).toEqual([]);
  });

  it('would catch a runtime that imports the checker, and a loop', () => {
    const runtimeToCheck = { from: 'src/runtime/x.ts', to: 'src/check/y.ts', typeOnly: true };
    expect(violations([runtimeToCheck], rules)).toEqual([
      'runtime → check: src/runtime/x.ts imports src/check/y.ts',
    ]);
    const back = { from: 'src/check/y.ts', to: 'src/runtime/x.ts', typeOnly: false };
    expect(layerCycles(layerGraph([runtimeToCheck, back]))).toEqual([['check', 'runtime']]);
    expect(
      violations([{ from: 'src/diagnostics/a.ts', to: 'src/syntax/b.ts', typeOnly: true }], rules),
    ).toHaveLength(1);
  });
});

// Shared helpers for the plot tests: temp folders and reading the marks out of vega's SVG.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'mtl-plot-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The `d` attribute of every line mark, in drawing order. */
export function linePaths(svg: string): string[] {
  return [...svg.matchAll(/aria-roledescription="line mark" d="([^"]+)"/g)].map((m) => m[1]!);
}

/** How many points a path's M/L commands visit. */
export function pointCount(d: string): number {
  return d.split(/[ML]/).filter(Boolean).length;
}

/** Every text element's content. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

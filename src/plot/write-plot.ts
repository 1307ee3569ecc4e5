// A chart written to disk as SVG or PNG, chosen by the file's extension.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../runtime/io/atomic-write.js';
import { svgToPng } from './render.js';

export type PlotFormat = 'svg' | 'png';

/** The format a file name asks for, or undefined for any other extension. */
export function plotFormat(file: string): PlotFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.svg' ? 'svg' : ext === '.png' ? 'png' : undefined;
}

/** Writes `svg` to `file` (as PNG when the name ends in .png), atomically, creating the folder. */
export function writePlot(file: string, svg: string): void {
  const format = plotFormat(file);
  if (format === undefined) throw new Error(`writePlot: ${file} is neither .svg nor .png`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, format === 'png' ? svgToPng(svg) : svg);
}

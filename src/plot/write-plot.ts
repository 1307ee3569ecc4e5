// A chart written to disk as SVG, PNG, or a self-contained HTML page around the
// SVG, chosen by the file's extension.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../base/atomic-write.js';
import { htmlDocument, svgFigure } from './html.js';
import { svgToPng } from './render.js';

export type PlotFormat = 'svg' | 'png' | 'html';

/** The format a file name asks for, or undefined for any other extension. */
export function plotFormat(file: string): PlotFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.svg' ? 'svg' : ext === '.png' ? 'png' : ext === '.html' ? 'html' : undefined;
}

/** Writes `svg` to `file` (PNG or an HTML page by its extension, titled `title`), atomically, creating the folder. */
export function writePlot(file: string, svg: string, title = path.basename(file)): void {
  const format = plotFormat(file);
  if (format === undefined) throw new Error(`writePlot: ${file} is not .svg, .png or .html`);
  mkdirSync(path.dirname(file), { recursive: true });
  const content =
    format === 'png'
      ? svgToPng(svg)
      : format === 'html'
        ? htmlDocument({ title, body: [svgFigure(svg, { id: 'chart', alt: title })] })
        : svg;
  writeFileAtomic(file, content);
}

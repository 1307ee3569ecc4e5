import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { rasterise, renderSvg, svgToPng } from '../../src/plot/render.js';
import { PLOT_CONFIG } from '../../src/plot/theme.js';
import { plotFormat, writePlot } from '../../src/plot/write-plot.js';
import { linePaths, pointCount, tempDir } from '../harness/plot.js';

const spec: TopLevelSpec = {
  data: {
    values: [
      { t: 0, w: 0, s: 'one' },
      { t: 1, w: 0.5, s: 'one' },
      { t: 2, w: 1, s: 'one' },
      { t: 0, w: 1, s: 'λ_s two' },
      { t: 2, w: 0.25, s: 'λ_s two' },
    ],
  },
  mark: 'line',
  encoding: {
    x: { field: 't', type: 'quantitative', title: 'epoch t' },
    y: { field: 'w', type: 'quantitative', title: 'weight' },
    color: { field: 's', type: 'nominal', title: 'series' },
  },
  config: PLOT_CONFIG,
};

/** Counts RGBA pixels that are clearly not white. */
function inked(pixels: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i]! < 128 && pixels[i + 1]! < 128 && pixels[i + 2]! < 128) count++;
  }
  return count;
}

describe('renderSvg', () => {
  it('draws a vega-lite spec as SVG text with axis titles, legend labels and one path per series', async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>epoch t</text>');
    expect(svg).toContain('>weight</text>');
    expect(svg).toContain('>λ_s two</text>');
    expect(svg).toContain('font-family="DejaVu Sans, sans-serif"');
    expect(linePaths(svg).map(pointCount).sort()).toEqual([2, 3]);
    expect(svg).not.toMatch(/<script|href="http/);
  });

  it('gives the same bytes for the same spec, also after other figures were drawn', async () => {
    const first = await renderSvg(spec);
    await renderSvg({ ...spec, mark: 'area' });
    expect(await renderSvg(spec)).toBe(first);
  });
});

describe('PNG', () => {
  it('sets text in the bundled DejaVu Sans without system fonts', () => {
    const text = (body: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><text x="4" y="22" font-size="20" font-family="DejaVu Sans, sans-serif">${body}</text></svg>`;
    const drawn = rasterise(text('λ_s'), { scale: 1 });
    expect([drawn.width, drawn.height]).toEqual([80, 30]);
    expect(inked(drawn.pixels)).toBeGreaterThan(40);
    expect(inked(rasterise(text(''), { scale: 1 }).pixels)).toBe(0);
  });

  it('renders a chart to the same PNG bytes twice, at twice the SVG size', async () => {
    const svg = await renderSvg(spec);
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(Buffer.from(svgToPng(svg)).equals(Buffer.from(png))).toBe(true);
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(rasterise(svg).width).toBe(2 * width);
  });
});

describe('writePlot', () => {
  it('writes SVG, PNG or an HTML page by extension and refuses anything else', async () => {
    const dir = tempDir();
    const svg = await renderSvg(spec);
    expect([plotFormat('a.SVG'), plotFormat('b.png'), plotFormat('c.html'), plotFormat('d.pdf')]).toEqual([
      'svg',
      'png',
      'html',
      undefined,
    ]);
    writePlot(join(dir, 'sub/fig.svg'), svg);
    writePlot(join(dir, 'fig.png'), svg);
    writePlot(join(dir, 'fig.html'), svg, 'Weights & <more>');
    const page = readFileSync(join(dir, 'fig.html'), 'utf8');
    expect(page).toContain('<title>Weights &#38; &#60;more&#62;</title>');
    expect(page).toContain('<svg role="img" aria-label="Weights &#38; &#60;more&#62;"');
    expect(readFileSync(join(dir, 'sub/fig.svg'), 'utf8')).toBe(svg);
    expect(readFileSync(join(dir, 'fig.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(() => writePlot(join(dir, 'fig.pdf'), svg)).toThrow(/is not .svg, .png or .html/);
  });
});

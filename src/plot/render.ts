// vega-lite spec → vega spec → headless vega View → SVG text; SVG → PNG with resvg.
// No canvas package is involved: vega measures text with its built-in estimate,
// so layout depends only on the spec, and the same spec gives the same bytes.
import { Resvg } from '@resvg/resvg-js';
import { parse, resetSVGDefIds, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { PLOT_FONT_FAMILY, plotFontFile } from './font.js';

type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

// vega-lite warns on stderr about benign choices (a faceted independent scale
// unioning domains); a command's output is ours to write, so the warnings go nowhere.
const silent: Logger = {
  level(level?: number) {
    return level === undefined ? 0 : silent;
  },
  error() {
    return silent;
  },
  warn() {
    return silent;
  },
  info() {
    return silent;
  },
  debug() {
    return silent;
  },
} as Logger;

/** Renders a vega-lite spec to a standalone SVG document (no scripts, no external references). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec, { logger: silent }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none', logLevel: 0 });
  try {
    // vega numbers clip paths and gradients with module-wide counters; start each figure at 1.
    resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit (default 2: sharp on screens and in print). */
  readonly scale?: number;
}

interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row. */
  readonly pixels: Uint8Array;
  readonly png: Uint8Array;
}

/** Rasterises an SVG with the bundled font only (system fonts are not loaded, so every machine draws the same pixels). */
export function rasterise(svg: string, options: PngOptions = {}): Raster {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [plotFontFile()],
      defaultFontFamily: PLOT_FONT_FAMILY,
      sansSerifFamily: PLOT_FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    logLevel: 'off',
  });
  const image = resvg.render();
  return { width: image.width, height: image.height, pixels: image.pixels, png: image.asPng() };
}

export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  return rasterise(svg, options).png;
}

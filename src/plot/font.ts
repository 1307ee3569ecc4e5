// The one typeface every chart is set in. DejaVu Sans comes from an npm package
// (dejavu-fonts-ttf), so PNGs render the same offline on every machine without
// system fonts; it also covers the Greek letters of λ_s and λ_r. Browsers that
// show the SVG fall back to their sans-serif when DejaVu is not installed.
import { createRequire } from 'node:module';

export const PLOT_FONT_FAMILY = 'DejaVu Sans';

/** The CSS font-family list charts declare. */
export const PLOT_FONT_STACK = `${PLOT_FONT_FAMILY}, sans-serif`;

let fontFile: string | undefined;

/** Absolute path of DejaVuSans.ttf inside node_modules. */
export function plotFontFile(): string {
  fontFile ??= createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  return fontFile;
}

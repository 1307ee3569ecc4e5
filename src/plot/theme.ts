// The look shared by every chart: font, sizes, a white background and a palette
// that stays apart in print. Kept in one vega-lite config so all figures match.
import type { Config } from 'vega-lite';
import { PLOT_FONT_STACK } from './font.js';

/** Tableau 10: distinct hues for up to ten series. */
export const SERIES_COLOURS = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
] as const;

export const PLOT_CONFIG: Config = {
  font: PLOT_FONT_STACK,
  background: 'white',
  view: { continuousWidth: 320, continuousHeight: 220, stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, fontWeight: 'normal', anchor: 'start' },
  range: { category: [...SERIES_COLOURS] },
  line: { strokeWidth: 1.75 },
};

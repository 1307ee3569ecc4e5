// Self-contained HTML pages around charts and tables: no scripts, no external
// resources (a Content-Security-Policy forbids loading any), styles inline, so a
// page reads the same offline, without JavaScript, in any browser. Every helper
// returns markup with the caller's text escaped.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type Cell = string | number | null;

export interface HtmlTableInput {
  readonly caption?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Right-align these columns (numbers); by index. */
  readonly numeric?: readonly number[];
}

function cellText(cell: Cell): string {
  return cell === null ? '–' : escapeHtml(String(cell));
}

export function htmlTable(table: HtmlTableInput): string {
  const numeric = new Set(table.numeric ?? []);
  const cls = (i: number) => (numeric.has(i) ? ' class="num"' : '');
  const head = table.columns.map((c, i) => `<th scope="col"${cls(i)}>${escapeHtml(c)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cellText(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = table.caption === undefined ? '' : `<caption>${escapeHtml(table.caption)}</caption>\n`;
  return `<table>\n${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export interface SvgFigureInput {
  /** Unique within the page: prefixes the SVG's own ids (vega numbers clip paths from 1 in every figure). */
  readonly id: string;
  /** What the chart shows, for screen readers. */
  readonly alt: string;
  readonly caption?: string;
}

/** An inline SVG chart in a <figure>, its ids made unique in the page. */
export function svgFigure(svg: string, figure: SvgFigureInput): string {
  const prefix = figure.id.replace(/[^A-Za-z0-9_-]/g, '_');
  const inline = svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/(\s)id="([^"]+)"/g, `$1id="${prefix}-$2"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/^<svg\b/, `<svg role="img" aria-label="${escapeHtml(figure.alt)}"`);
  const caption =
    figure.caption === undefined ? '' : `\n<figcaption>${escapeHtml(figure.caption)}</figcaption>`;
  return `<figure id="${prefix}">\n${inline}${caption}\n</figure>`;
}

/** A titled section of already-built markup. */
export function htmlSection(title: string, ...content: readonly string[]): string {
  return `<section>\n<h2>${escapeHtml(title)}</h2>\n${content.join('\n')}\n</section>`;
}

/** A paragraph of plain text. */
export function htmlParagraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

const STYLE = `body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2rem auto; max-width: 76rem; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.5rem; font-weight: 600; } h2 { font-size: 1.2rem; font-weight: 600; margin-top: 2rem; }
figure { margin: 1rem 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #555; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
th { background: #f5f5f5; } .num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85rem; } pre { background: #f5f5f5; padding: 0.6rem; overflow-x: auto; }`;

export interface HtmlDocumentInput {
  readonly title: string;
  /** Markup from the helpers above, in order. */
  readonly body: readonly string[];
}

/** A whole page: the title as <h1>, the body, inline styles, and a policy that blocks every request. */
export function htmlDocument(page: HtmlDocumentInput): string {
  const title = escapeHtml(page.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
${STYLE}
</style>
</head>
<body>
<h1>${title}</h1>
${page.body.join('\n')}
</body>
</html>
`;
}

// The pages mtl writes, opened in a real browser (Debian's Chromium, headless):
// no console errors, no request but the page itself, every chart and table shown.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plotCommand } from '../../src/cli/plot.js';
import { curvesChart } from '../../src/plot/curves-chart.js';
import { htmlDocument, htmlParagraph, htmlSection, htmlTable, svgFigure } from '../../src/plot/html.js';
import { renderSvg } from '../../src/plot/render.js';
import { parseCurvesCsv } from '../../src/plot/run-curves.js';
import { CONTROL_SERIES, sweepChart } from '../../src/plot/sweep-chart.js';
import { weightsChart } from '../../src/plot/weights-chart.js';
import { browserMissing, visitPage } from '../harness/browser.js';
import { captureIo } from '../harness/codegen.js';
import { tempDir } from '../harness/plot.js';

const root = new URL('../..', import.meta.url).pathname;
const missing = browserMissing();
if (missing) console.log(`skipping the browser tests: ${missing}`);

/** A page with all three kinds of chart and a table, as a report would put them together. */
async function reportLikePage(): Promise<string> {
  const weights = await renderSvg(
    weightsChart([
      { label: 'lin(2)', lambdaS: [0, 0.5, 1, 1], lambdaR: [1, 0.5, 0, 0] },
      { label: 'stairs(1)', lambdaS: [0, 1, 1, 1], lambdaR: [1, 0, 0, 0] },
    ]),
  );
  const points = parseCurvesCsv(
    'epoch,loss_supervised,loss_reconstruction,validation_error,test_error\n0,1.2,0.7,0.5,0.4\n1,0.8,0.6,0.3,0.35\n',
  );
  if (typeof points === 'string') throw new Error(points);
  const curves = await renderSvg(
    curvesChart([{ label: 'run <a>', folder: 'a', status: 'completed', points }]),
  );
  const sweep = await renderSvg(
    sweepChart(
      [0, 1000, 5000].flatMap((u, i) =>
        ['exp(40)', CONTROL_SERIES].map((series) => ({
          network: 'nn1',
          labeled: 100,
          unlabeled: u,
          series,
          diff: -0.01 * i,
          lo: -0.01 * i - 0.002,
          hi: -0.01 * i + 0.002,
        })),
      ),
    ),
  );
  return htmlDocument({
    title: 'A report & its charts',
    body: [
      htmlParagraph('Shortened protocol: 4 epochs instead of 5000.'),
      htmlSection(
        'Table',
        htmlTable({
          caption: 'Test error (%)',
          columns: ['l', 'u', 'exp(40)'],
          rows: [
            [100, 0, '29.50'],
            [100, 1000, null],
          ],
          numeric: [0, 1, 2],
        }),
      ),
      htmlSection('Weights', svgFigure(weights, { id: 'weights', alt: 'λ_s and λ_r', caption: 'Fig. 1' })),
      htmlSection('Curves', svgFigure(curves, { id: 'curves', alt: 'learning curves' })),
      htmlSection('Sweep', svgFigure(sweep, { id: 'sweep', alt: 'error minus baseline' })),
    ],
  });
}

describe.skipIf(missing !== undefined)('pages in a real browser', () => {
  it('shows mtl plot weights -o page.html with no errors and no requests', async () => {
    const dir = tempDir();
    const out = join(dir, 'fig1.html');
    const { io } = captureIo(root);
    expect(await plotCommand(['weights', 'specs/paper/table1a.mtl', '--until', '300', '-o', out], io)).toBe(
      0,
    );
    const visit = await visitPage(out, { screenshotPath: join(dir, 'fig1.png') });
    expect(visit.errors).toEqual([]);
    expect(visit.requests).toEqual([pathToFileURL(out).href]);
    expect(visit.title).toBe('Importance weights: specs/paper/table1a.mtl');
    expect(visit.visibleSvgs).toBe(1);
    expect(visit.svgSizes[0]!.width).toBeGreaterThan(600);
    expect(visit.svgSizes[0]!.height).toBeGreaterThan(200);
    expect(readFileSync(join(dir, 'fig1.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('shows a page of tables and several charts, each SVG with ids of its own', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.html');
    const page = await reportLikePage();
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(page).not.toMatch(/<script|<link|src="|href="http/);
    writeFileSync(file, page);
    const visit = await visitPage(file, { screenshotPath: join(dir, 'report.png'), javaScript: true });
    expect(visit.errors).toEqual([]);
    expect(visit.requests).toEqual([pathToFileURL(file).href]);
    expect(visit.visibleSvgs).toBe(3);
    expect(visit.visibleTables).toBe(1);
    expect(visit.title).toBe('A report & its charts');
  });

  it('notices console errors and requests (so the checks above can fail)', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.html');
    // Port 9 (discard) on the loopback: nothing listens, the request fails fast and stays on this machine.
    writeFileSync(
      file,
      '<!doctype html><title>bad</title><img src="http://127.0.0.1:9/x.png" alt="x"><script>console.error("boom")</script>',
    );
    const visit = await visitPage(file, { javaScript: true });
    expect(visit.errors).toContain('boom');
    expect(visit.requests).toContain('http://127.0.0.1:9/x.png');
    expect(visit.visibleSvgs).toBe(0);
  });
});

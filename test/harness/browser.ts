// A real browser for the tests: Debian's Chromium, headless, driven by
// playwright-core (which downloads nothing). It opens a local page, records what
// a reader's browser would complain about or fetch, and takes a screenshot.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing: install Debian's chromium (scripts/setup-system.sh) to run the browser tests`;
}

export interface PageVisit {
  /** console.error messages and uncaught page errors. */
  readonly errors: readonly string[];
  /** Every request the page made, the page itself first. */
  readonly requests: readonly string[];
  /** Requests that failed (blocked or unreachable). */
  readonly failedRequests: readonly string[];
  readonly visibleSvgs: number;
  readonly visibleTables: number;
  /** The SVGs' rendered sizes in CSS pixels. */
  readonly svgSizes: readonly { readonly width: number; readonly height: number }[];
  readonly title: string;
  readonly screenshot: Buffer;
}

export interface VisitOptions {
  /** Also write the screenshot here. */
  readonly screenshotPath?: string;
  readonly width?: number;
  readonly height?: number;
  /** Run the page's scripts (default: off, as a reader without JavaScript). */
  readonly javaScript?: boolean;
}

export async function visitPage(file: string, options: VisitOptions = {}): Promise<PageVisit> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      javaScriptEnabled: options.javaScript ?? false,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const failedRequests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const svgs = page.locator('body svg:not(svg svg)');
    const svgSizes: { width: number; height: number }[] = [];
    let visibleSvgs = 0;
    for (const svg of await svgs.all()) {
      if (!(await svg.isVisible())) continue;
      visibleSvgs++;
      const box = await svg.boundingBox();
      svgSizes.push({ width: box?.width ?? 0, height: box?.height ?? 0 });
    }
    let visibleTables = 0;
    for (const table of await page.locator('table').all()) if (await table.isVisible()) visibleTables++;
    const screenshot = await page.screenshot({
      fullPage: true,
      ...(options.screenshotPath === undefined ? {} : { path: options.screenshotPath }),
    });
    return {
      errors,
      requests,
      failedRequests,
      visibleSvgs,
      visibleTables,
      svgSizes,
      title: await page.title(),
      screenshot,
    };
  } finally {
    await browser.close();
  }
}

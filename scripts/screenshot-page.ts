#!/usr/bin/env -S npx tsx
// Opens a page mtl wrote in headless Chromium (Debian's /usr/bin/chromium, no
// JavaScript, as a reader without it) and writes a full-page screenshot:
//   npx tsx scripts/screenshot-page.ts PAGE.html SHOT.png
// Exits 1 when the page logs a console error or requests anything but itself.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browserMissing, visitPage } from '../test/harness/browser.js';

const [page, shot] = process.argv.slice(2);
if (page === undefined || shot === undefined) {
  process.stderr.write('usage: npx tsx scripts/screenshot-page.ts PAGE.html SHOT.png\n');
  process.exit(2);
}
const missing = browserMissing();
if (missing) {
  process.stderr.write(`screenshot-page: ${missing}\n`);
  process.exit(2);
}
const file = resolve(page);
const visit = await visitPage(file, { screenshotPath: resolve(shot) });
const foreign = visit.requests.filter((url) => url !== pathToFileURL(file).href);
for (const error of visit.errors) process.stderr.write(`screenshot-page: console error: ${error}\n`);
for (const url of foreign) process.stderr.write(`screenshot-page: request: ${url}\n`);
process.stdout.write(
  `${shot}: ${visit.visibleTables} tables, ${visit.visibleSvgs} charts, ${visit.errors.length} console errors, ${foreign.length} requests\n`,
);
process.exit(visit.errors.length > 0 || foreign.length > 0 ? 1 : 0);

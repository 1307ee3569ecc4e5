// `mtl plot sweep` and `mtl report --format html` on one tiny sweep trained for
// real (worker processes, the real trainer, a real SQLite store), shortened to
// T = 2: the chart's axes, series and points, the page's tables cell for cell
// against the Markdown report, the same bytes from the same store, and the page
// in a real browser.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { plotCommand } from '../../src/cli/plot.js';
import { reportCommand } from '../../src/cli/report.js';
import { sweepCommand } from '../../src/cli/sweep.js';
import type { Report } from '../../src/sweep/report/model.js';
import { ResultStore } from '../../src/sweep/store/result-store.js';
import { browserMissing } from '../harness/browser.js';
import { captureIo } from '../harness/codegen.js';
import { linePaths, markCount, pointCount, tempDir, texts } from '../harness/plot.js';
import { gridSweep, mtlProcessArgs, planOf, tinySweepFolder } from '../harness/sweep.js';

const root = new URL('../..', import.meta.url).pathname;
const IDLE = 'sweep idle {\n  base tiny\n  vary train.seed [7, 8]\n}\n';

let dir = '';

async function mtl(
  command: typeof reportCommand,
  argv: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = captureIo(dir);
  const code = await command(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

const textOf = (html: string) =>
  html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/** Each <table>'s body rows as cell texts. */
function htmlTables(page: string): string[][][] {
  return [...page.matchAll(/<tbody>\n([\s\S]*?)\n<\/tbody>/g)].map((m) =>
    [...m[1]!.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => textOf(c[1]!)),
    ),
  );
}

/** Each Markdown table's body rows as cell texts. */
function mdTables(md: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      current = null;
      continue;
    }
    if (line.startsWith('|---')) continue;
    const cells = line.slice(2, -2).split(' | ');
    if (current === null) {
      current = [];
      tables.push(current);
      continue; // the header
    }
    current.push(cells);
  }
  return tables;
}

describe('a tiny sweep drawn and reported as HTML', () => {
  beforeAll(async () => {
    dir = tinySweepFolder(`${gridSweep('grid', 2)}\n${IDLE}`);
    const trained = await mtl(sweepCommand, [
      'tiny.mtl',
      '--sweep',
      'grid',
      '--epochs',
      '2',
      '--workers',
      '2',
      '--backend',
      'cpu',
      '--quiet',
    ]);
    expect(trained.stdout).toMatch(/^grid: 12\/12 runs done/);
    // A second sweep planned but never trained.
    const store = ResultStore.open(join(dir, 'runs/mtl.sqlite'));
    store.registerPlan(planOf(dir, 'tiny.mtl', 'idle'));
    store.close();
  }, 120_000);

  it('mtl plot sweep draws error minus baseline against u: a line per schedule and the control, bands over the repeats', async () => {
    const json = await mtl(reportCommand, ['grid', '--format', 'json']);
    const report = JSON.parse(json.stdout) as Report;
    const out = await mtl(plotCommand, ['sweep', 'grid', '-o', 'table1.svg']);
    expect(out).toEqual({ code: 0, stdout: 'table1.svg: 6 points of sweep grid\n', stderr: '' });
    const svg = readFileSync(join(dir, 'table1.svg'), 'utf8');
    expect(texts(svg)).toEqual(
      expect.arrayContaining([
        'inline, l = 40',
        'unlabeled examples u',
        'test error − baseline (points)',
        'lin(2)',
        'exp(1)',
        'control',
        '0',
        '40',
      ]),
    );
    // Two schedules and the control, each at u = 0 and u = 40; 2 repeats give each an interval band.
    expect(linePaths(svg).map(pointCount)).toEqual([2, 2, 2]);
    expect(markCount(svg, 'area mark')).toBe(3);
    const cells = report.tables[0]!.rows.flatMap((r) => r.cells);
    expect(cells.every((c) => c.minusBaseline?.low !== null)).toBe(true);
    // The same store gives the same bytes; PNG and HTML from the same chart.
    await mtl(plotCommand, ['sweep', 'grid', '-o', 'again.svg']);
    expect(readFileSync(join(dir, 'again.svg'), 'utf8')).toBe(svg);
    expect((await mtl(plotCommand, ['sweep', 'grid', '-o', 'table1.png'])).code).toBe(0);
    expect(readFileSync(join(dir, 'table1.png')).subarray(1, 4).toString()).toBe('PNG');
    // --schedules: the sweep's Fig. 1, lin(2) and exp(1) over the T = 2 its runs trained.
    expect(await mtl(plotCommand, ['sweep', 'grid', '--schedules', '-o', 'fig1.svg'])).toEqual({
      code: 0,
      stdout: 'fig1.svg: λ_s, λ_r of 2 schedules of sweep grid\n',
      stderr: '',
    });
    const fig1 = readFileSync(join(dir, 'fig1.svg'), 'utf8');
    expect(texts(fig1)).toEqual(expect.arrayContaining(['λ_s(t)', 'λ_r(t)', 'epoch t', 'lin(2)', 'exp(1)']));
    expect(linePaths(fig1).map(pointCount)).toEqual([2, 2, 2, 2]);
  });

  it('mtl plot sweep says plainly when there is nothing to draw or the names are wrong', async () => {
    expect(await mtl(plotCommand, ['sweep', 'idle', '-o', 'idle.svg'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'mtl plot: sweep idle has no cell with its runs done yet (mtl report idle shows which)\n',
    });
    const unknown = await mtl(plotCommand, ['sweep', 'nope', '-o', 'x.svg']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("mtl plot: no sweep named 'nope' in the store (sweeps: grid, idle)\n");
    const misplaced = await mtl(plotCommand, ['weights', 'tiny.mtl', '--store', 'x', '-o', 'x.svg']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toBe(
      "mtl plot weights: --store is an option of mtl plot sweep\nRun 'mtl plot weights --help' for usage.\n",
    );
  });

  it('mtl report --format html writes the md tables cell for cell, both charts, the runs, the protocol, machine and commands', async () => {
    const md = await mtl(reportCommand, ['grid']);
    const written = await mtl(reportCommand, ['grid', '--format', 'html', '-o', 'out/report.html']);
    expect(written).toEqual({ code: 0, stdout: 'out/report.html: html report of sweep grid\n', stderr: '' });
    const page = readFileSync(join(dir, 'out/report.html'), 'utf8');
    expect(page).not.toMatch(/<script|<link|<img|src=|href=/);
    const tables = htmlTables(page);
    const expected = mdTables(md.stdout);
    expect(expected).toHaveLength(2);
    expect(expected[0]![1]![1]).toMatch(/^[-+]?\d+\.\d\d ± \d+\.\d\d \[/);
    // Against the baseline (with the control column), against the control, then the runs and the machine.
    expect(tables).toHaveLength(4);
    expect(tables.slice(0, 2)).toEqual(expected);
    expect(page).toContain(
      '<strong>Shortened protocol</strong>: T = 2 epochs for every run (the spec says 3)',
    );
    // The lines around the tables, as the Markdown has them.
    for (const line of [/^Baseline \(J_s alone\)[^\n]*/m, /^Steps per run[^\n]*/m, /^Runs: [^\n]*/m])
      expect(textOf(page)).toContain(md.stdout.match(line)![0]);
    // The runs: 12 distinct, each done, on the cpu backend, T = 2.
    const runs = tables[2]!;
    expect(runs).toHaveLength(12);
    for (const run of runs) expect([run[2], run[6], run[7]]).toEqual(['done', '2', 'cpu']);
    const machine = Object.fromEntries(tables[3]!.map(([k, v]) => [k, v]));
    expect(machine).toMatchObject({
      cpu: cpus()[0]!.model.trim(),
      cores: String(cpus().length),
      'Node.js': process.version,
      'backend of the runs': 'cpu',
    });
    expect(textOf(page)).toContain(
      'mtl sweep tiny.mtl --sweep grid --epochs 2 --store runs/mtl.sqlite\nmtl report grid --format html -o out/report.html',
    );
    // Two inline charts: the sweep chart and Fig. 1 (λ_s, λ_r of lin(2) and exp(1) over T = 2).
    const svgs = [...page.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(2);
    expect(texts(svgs[0]!)).toEqual(expect.arrayContaining(['unlabeled examples u', 'control']));
    expect(texts(svgs[1]!)).toEqual(expect.arrayContaining(['λ_s(t)', 'λ_r(t)', 'lin(2)', 'exp(1)']));
    expect(linePaths(svgs[1]!).map(pointCount)).toEqual([2, 2, 2, 2]);
    // The same store and command give the same bytes.
    await mtl(reportCommand, ['grid', '--format', 'html', '-o', 'out/report.html']);
    expect(readFileSync(join(dir, 'out/report.html'), 'utf8')).toBe(page);
  });

  // The real-browser check goes through the script, as the lead runs it: scripts/screenshot-page.ts opens
  // the page in headless Chromium (no JavaScript) and fails on a console error or any request.
  it('scripts/reproduction-figures.sh writes report.md, report.html, table1.svg, fig1.svg, and the page as Chromium shows it: no errors, no requests, tables and charts visible', async () => {
    // The built CLI, as the lead runs it; when dist/ is older than src/ (a test run alone while
    // editing), the sources through tsx by way of $MTL.
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (!mtlProcessArgs([])[0]!.endsWith('bin/mtl.js')) {
      const wrapper = join(tempDir(), 'mtl.mjs');
      const source = pathToFileURL(join(root, 'src/cli/main.ts')).href;
      writeFileSync(
        wrapper,
        `const { main } = await import(${JSON.stringify(source)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
      );
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      env.MTL = `${process.execPath} --import ${tsx} ${wrapper}`;
    }
    const { stdout } = await promisify(execFile)(
      'bash',
      [join(root, 'scripts/reproduction-figures.sh'), 'runs/mtl.sqlite', 'grid', 'repro'],
      { cwd: dir, env },
    );
    expect(stdout).toContain('repro/table1.svg: 6 points of sweep grid\n');
    const md = await mtl(reportCommand, ['grid']);
    expect(readFileSync(join(dir, 'repro/report.md'), 'utf8')).toBe(md.stdout);
    await mtl(plotCommand, ['sweep', 'grid', '-o', 'table1.svg']);
    await mtl(plotCommand, ['sweep', 'grid', '--schedules', '-o', 'fig1.svg']);
    expect(readFileSync(join(dir, 'repro/table1.svg'), 'utf8')).toBe(
      readFileSync(join(dir, 'table1.svg'), 'utf8'),
    );
    expect(readFileSync(join(dir, 'repro/fig1.svg'), 'utf8')).toBe(
      readFileSync(join(dir, 'fig1.svg'), 'utf8'),
    );
    expect(readFileSync(join(dir, 'repro/report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    if (browserMissing() === undefined) {
      // Visible: the two report tables, the runs and the machine; the sweep chart and Fig. 1.
      expect(stdout).toMatch(/\/repro\/report\.png: 4 tables, 2 charts, 0 console errors, 0 requests\n$/);
      expect(readFileSync(join(dir, 'repro/report.png')).subarray(1, 4).toString()).toBe('PNG');
    } else expect(existsSync(join(dir, 'repro/report.png'))).toBe(false);
  }, 60_000);
});

// `mtl report SWEEP [--format md|csv|json|html] [--store PATH] [-o FILE]`: a
// sweep's results as the paper's Table 1 (Markdown), every number (CSV, JSON),
// or one self-contained page with the tables, charts, runs and machine (HTML).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Flags, flag, parseVerb, type VerbSpec } from '../args/verb.js';
import { writeFileAtomic } from '../base/atomic-write.js';
import { buildReport } from '../sweep/report/build-report.js';
import { renderCsv } from '../sweep/report/render-csv.js';
import { renderMarkdown } from '../sweep/report/render-md.js';
import type { ResultStore, StoredSweep } from '../sweep/store/result-store.js';
import { type Command, EXIT_OK } from './io.js';
import { openSweep } from './open-sweep.js';
import { DEFAULT_STORE } from './sweep.js';

const FORMATS = ['md', 'csv', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

const reportVerb = {
  command: 'mtl report',
  summary:
    "Prints the report of the sweep's latest plan in the store: a table per value of\n" +
    'the other varied settings, a row per unlabeled size, a column per schedule, each\n' +
    "cell its test error minus its baseline's (and its control's), with mean ± std\n" +
    'and 95 % intervals over repeats.',
  arguments: [{ syntax: '<sweep>', description: 'the name of a sweep in the store' }],
  flags: {
    format: flag.choice(
      '--format <F>',
      'md (default); html is one self-contained page (no scripts, no requests) with the tables, ' +
        'the sweep chart, Fig. 1, the runs, the protocol, the machine and the commands',
      FORMATS,
    ),
    store: flag.string('--store <PATH>', `the result store (default ${DEFAULT_STORE})`),
    out: flag.string('-o, --out <FILE>', 'write the report to FILE instead of stdout'),
  },
  epilog: 'exit status: 0 written, 2 bad arguments or no such store or sweep',
} as const satisfies VerbSpec<Flags>;

export const reportCommand: Command = async (argv, io) => {
  const parsed = parseVerb(reportVerb, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const { values, positionals } = parsed;
  const format = values.format ?? 'md';
  const name = positionals[0]!;
  const opened = openSweep(io, 'report', name, values.store);
  if (!opened.ok) return opened.exitCode;
  try {
    const text = await render(format, opened.store, opened.sweep, {
      storeArg: opened.storeArg,
      reportCommand: ['mtl report', ...argv].join(' '),
    });
    if (values.out === undefined) io.stdout.write(text);
    else {
      const file = resolve(io.cwd, values.out);
      mkdirSync(dirname(file), { recursive: true });
      writeFileAtomic(file, text);
      io.stdout.write(`${values.out}: ${format} report of sweep ${name}\n`);
    }
    return EXIT_OK;
  } finally {
    opened.store.close();
  }
};

async function render(
  format: Format,
  store: ResultStore,
  sweep: StoredSweep,
  options: { readonly storeArg: string; readonly reportCommand: string },
): Promise<string> {
  if (format === 'html')
    return (await import('../sweep/report/html-report.js')).htmlReport(store, sweep, options);
  const report = buildReport(sweep, store.sweepUses(sweep.id));
  return format === 'json'
    ? `${JSON.stringify(report, null, 2)}\n`
    : format === 'csv'
      ? renderCsv(report)
      : renderMarkdown(report);
}

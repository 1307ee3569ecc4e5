// `mtl report SWEEP [--format md|csv|json] [--store PATH]`: a sweep's results
// as the paper's Table 1 (Markdown), or every number (CSV, JSON).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildReport } from '../sweep/report/build-report.js';
import { renderCsv } from '../sweep/report/render-csv.js';
import { renderMarkdown } from '../sweep/report/render-md.js';
import { ResultStore } from '../sweep/store/result-store.js';
import { usageError } from './compile.js';
import { type Command, EXIT_OK, EXIT_USAGE } from './io.js';
import { DEFAULT_STORE } from './sweep.js';

const usage = `usage: mtl report SWEEP [--format md|csv|json] [--store PATH]

Prints the report of the sweep's latest plan in the store: a table per value of
the other varied settings, a row per unlabeled size, a column per schedule, each
cell its test error minus its baseline's (and its control's), with mean ± std
and 95 % intervals over repeats.
  --format F     md (default), csv or json
  --store PATH   the result store (default ${DEFAULT_STORE})
`;

const FORMATS = ['md', 'csv', 'json'] as const;

export const reportCommand: Command = async (argv, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, 'report', (error as Error).message, usage);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return usageError(io, 'report', 'expected exactly one SWEEP name', usage);
  const format = values.format ?? 'md';
  if (!(FORMATS as readonly string[]).includes(format))
    return usageError(io, 'report', `--format must be md, csv or json, not '${format}'`, usage);
  const file = resolve(io.cwd, values.store ?? DEFAULT_STORE);
  if (!existsSync(file))
    return usageError(io, 'report', `no store at ${values.store ?? DEFAULT_STORE} (mtl sweep creates it)`);
  let store: ResultStore;
  try {
    store = ResultStore.open(file, { create: false });
  } catch (error) {
    io.stderr.write(`mtl report: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  try {
    const name = positionals[0]!;
    const sweep = store.latestSweep(name);
    if (!sweep) {
      const known = store.sweepNames().join(', ') || 'none';
      return usageError(io, 'report', `no sweep named '${name}' in the store (sweeps: ${known})`);
    }
    const report = buildReport(sweep, store.sweepUses(sweep.id));
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === 'csv'
          ? renderCsv(report)
          : renderMarkdown(report),
    );
    return EXIT_OK;
  } finally {
    store.close();
  }
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      store: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

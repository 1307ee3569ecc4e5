// `mtl runs [--sweep NAME] [--status S] [--store PATH] [--format text|json]`:
// what the result store holds, one line per run.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Flags, flag, parseVerb, type VerbSpec } from '../args/verb.js';
import { ResultStore, STORED_STATUSES, type StoredRun } from '../sweep/store/result-store.js';
import { formatDuration } from '../sweep/sweep-progress.js';
import { usageError } from './compile.js';
import { type Command, EXIT_OK, EXIT_USAGE } from './io.js';
import { DEFAULT_STORE } from './sweep.js';

const runsVerb = {
  command: 'mtl runs',
  summary: 'Lists the runs in the result store, newest first.',
  flags: {
    sweep: flag.string('--sweep <NAME>', 'only runs that a cell of this sweep uses'),
    status: flag.choice('--status <S>', 'only runs with this status', STORED_STATUSES),
    store: flag.string('--store <PATH>', `the result store (default ${DEFAULT_STORE})`),
    format: flag.choice('--format <F>', 'text (default), or json with every column', [
      'text',
      'json',
    ] as const),
  },
  epilog: 'exit status: 0 listed, 2 bad arguments or no such store or sweep',
} as const satisfies VerbSpec<Flags>;

const percent = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(2)}%`);

function table(runs: readonly StoredRun[]): string {
  const header = [
    'run',
    'status',
    'sweeps',
    'labeled',
    'unlabeled',
    'seed',
    'T',
    'backend',
    'test error',
    'steps s/r',
    'time',
  ];
  const rows = runs.map((r) => [
    r.id,
    r.status,
    r.sweeps.join(',') || '-',
    String(r.labeled),
    String(r.unlabeled),
    `${r.trainSeed}/${r.dataSeed}`,
    r.shortened ? `${r.epochs}*` : String(r.epochs),
    r.backend ?? '-',
    percent(r.testError),
    r.supervisedSteps === null ? '-' : `${r.supervisedSteps}/${r.reconstructionSteps ?? '-'}`,
    r.seconds === null ? '-' : formatDuration(r.seconds),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const counts = STORED_STATUSES.map((s) => [s, runs.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const notes = runs.some((r) => r.shortened) ? ["* shortened protocol (--epochs below the spec's T)"] : [];
  return `${[line(header), ...rows.map(line)].join('\n')}\n${runs.length} run${runs.length === 1 ? '' : 's'}${counts ? `: ${counts}` : ''}\n${notes.map((n) => `${n}\n`).join('')}`;
}

export const runsCommand: Command = async (argv, io) => {
  const parsed = parseVerb(runsVerb, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const { values } = parsed;
  const format = values.format ?? 'text';
  const file = resolve(io.cwd, values.store ?? DEFAULT_STORE);
  if (!existsSync(file))
    return usageError(io, 'runs', `no store at ${values.store ?? DEFAULT_STORE} (mtl sweep creates it)`);
  let store: ResultStore;
  try {
    store = ResultStore.open(file, { create: false });
  } catch (error) {
    io.stderr.write(`mtl runs: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  try {
    if (values.sweep !== undefined && !store.sweepNames().includes(values.sweep)) {
      const known = store.sweepNames().join(', ') || 'none';
      return usageError(io, 'runs', `no sweep named '${values.sweep}' in the store (sweeps: ${known})`);
    }
    const runs = store.listRuns({
      ...(values.sweep === undefined ? {} : { sweep: values.sweep }),
      ...(values.status === undefined ? {} : { status: values.status }),
    });
    io.stdout.write(format === 'json' ? `${JSON.stringify(runs, null, 2)}\n` : table(runs));
    return EXIT_OK;
  } finally {
    store.close();
  }
};

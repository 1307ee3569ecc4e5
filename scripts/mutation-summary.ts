// Summarises Stryker's JSON reports (reports/mutation/<set>.json) for
// docs/mutation.md: per file the mutants killed, timed out, survived and not
// covered, the score, and every surviving mutant with its line and replacement.
//   npx tsx scripts/mutation-summary.ts [set …]   (default: checks training)
// Writes the sets' entries into docs/mutation-summary.json (other sets' entries are
// kept) and prints the markdown tables.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../src/base/atomic-write.js';

interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: readonly Mutant[] }>>;
}

const root = path.resolve(import.meta.dirname, '..');
const sets = process.argv.length > 2 ? process.argv.slice(2) : ['checks', 'training'];
// The sets not summarised now keep their entries from the last summary.
const summaryFile = path.join(root, 'docs/mutation-summary.json');
const summary: Record<string, unknown> = existsSync(summaryFile)
  ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, unknown>)
  : {};

for (const set of sets) {
  const file = path.join(root, 'reports/mutation', `${set}.json`);
  if (!existsSync(file)) {
    console.log(`(no report for '${set}': run MTL_MUTATION_SET=${set} npm run mutation)\n`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  const rows: Record<string, Record<string, number>> = {};
  const survivors: string[] = [];
  console.log(`### ${set}\n`);
  console.log('| file | killed | timeout | survived | no coverage | ignored | score |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0 };
  for (const [name, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0 };
    for (const m of mutants) {
      const key = m.status as keyof typeof count;
      if (key in count) count[key]++;
      if (m.status === 'Survived' || m.status === 'NoCoverage')
        survivors.push(
          `${name}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}`,
        );
    }
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += count[key];
    const detected = count.Killed + count.Timeout;
    const valid = detected + count.Survived + count.NoCoverage;
    rows[name] = { ...count, score: valid === 0 ? 100 : Number(((100 * detected) / valid).toFixed(2)) };
    console.log(
      `| ${name} | ${count.Killed} | ${count.Timeout} | ${count.Survived} | ${count.NoCoverage} | ${count.Ignored} | ${rows[name].score} % |`,
    );
  }
  const detected = total.Killed + total.Timeout;
  const valid = detected + total.Survived + total.NoCoverage;
  const score = Number(((100 * detected) / valid).toFixed(2));
  console.log(
    `| **all** | ${total.Killed} | ${total.Timeout} | ${total.Survived} | ${total.NoCoverage} | ${total.Ignored} | **${score} %** |\n`,
  );
  console.log('Surviving mutants:\n');
  for (const s of survivors) console.log(`- ${s}`);
  console.log('');
  summary[set] = { files: rows, total: { ...total, score }, survivors };
}

writeJsonAtomic(summaryFile, summary);

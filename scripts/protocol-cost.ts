// Estimates what the paper's full protocol would cost on this machine, from the
// runs of a shortened sweep in a result store (docs/reproduction/README.md):
//   npx tsx scripts/protocol-cost.ts STORE SHORT_SPEC SHORT_EPOCHS FULL_SPEC
// Each run's seconds are modelled as a·R + b·S, where R counts the rows that went
// through a DAE (epochs with λ_r > 0 × (l + u)) and S the rows shuffled and batched
// (T × (l + u)). The full sweep's runs are then priced with the same a, b at the
// spec's T. Runs with fewer than 1000 rows are left out of the rates (fixed costs).
import { checkFile } from '../src/driver/check.js';
import { rootedHost } from '../src/driver/rooted-host.js';
import type { Experiment } from '../src/ir/types.js';
import { networkLookup } from '../src/sweep/network-lookup.js';
import { findSweep, planSweep } from '../src/sweep/plan.js';
import { ResultStore } from '../src/sweep/store/result-store.js';

function plan(file: string, epochs?: number) {
  const checked = checkFile(file, { host: rootedHost(process.cwd()) });
  if (!checked.ir) throw new Error(`${file} does not check`);
  const sweep = findSweep(checked.ir, undefined);
  if (typeof sweep === 'string') throw new Error(sweep);
  return planSweep(checked.ir, sweep, {
    networks: networkLookup(checked.program, file),
    ...(epochs === undefined ? {} : { epochs }),
  });
}

/** Epochs in which the DAE step runs: λ_r(t) > 0 (named schedules only; equations count as every epoch). */
function reconstructionEpochs(e: Experiment, T: number): number {
  const w = e.weights as { schedule?: { name: string; args: number[] } };
  const s = w.schedule;
  if (!s) return T;
  if (s.name === 'supervised_only') return 0;
  if (s.name === 'stairs' || (s.name === 'lin' && s.args.length > 0)) return Math.min(T, s.args[0]!);
  return T;
}

const [storeFile, shortSpec, shortEpochs, fullSpec] = process.argv.slice(2);
if (!storeFile || !shortSpec || !shortEpochs || !fullSpec) {
  console.error('usage: tsx scripts/protocol-cost.ts STORE SHORT_SPEC SHORT_EPOCHS FULL_SPEC');
  process.exit(2);
}
const short = plan(shortSpec, Number(shortEpochs));
const store = ResultStore.open(storeFile);
const measured = new Map(store.listRuns().map((r) => [r.id, r]));
store.close();

const features = (e: Experiment, T: number) => {
  const rows = e.data.labeled + e.data.unlabeled;
  return [reconstructionEpochs(e, T) * rows, T * rows, rows];
};
const X: number[][] = [];
const y: number[] = [];
for (const run of short.runs) {
  const m = measured.get(run.runId);
  if (m?.status !== 'done' || m.seconds === null) continue;
  X.push(features(run.experiment, m.epochs));
  y.push(m.seconds);
}
// Robust rates (timings on a shared machine are noisy): b, the cost of a row of an
// epoch without a DAE step, is the median over runs without reconstruction; a, the
// extra cost of a DAE row, the median over runs with reconstruction of what b leaves.
const median = (xs: number[]) => {
  const sorted = [...xs].sort((p, q) => p - q);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]!;
};
const plain = X.map((x, i) => [x, y[i]!] as const).filter(([x]) => x[0] === 0 && x[2]! >= 1000);
const b = median(plain.map(([x, t]) => t / x[1]!));
const withDae = X.map((x, i) => [x, y[i]!] as const).filter(([x]) => x[0]! > 0 && x[2]! >= 1000);
const a = median(withDae.map(([x, t]) => (t - b * x[1]!) / x[0]!));
const fitted = X.map((x) => a * x[0]! + b * x[1]!);
const measuredTotal = y.reduce((s, t) => s + t, 0);

const full = plan(fullSpec);
let total = 0;
for (const run of full.runs) {
  const [r, s] = features(run.experiment, run.experiment.train.epochs);
  total += a * r! + b * s!;
}
const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;
console.log(
  `measured runs        ${X.length} of ${short.runs.length} (${hours(measuredTotal)} of run time in all)`,
);
console.log(
  `rates                a = ${(a * 1e6).toFixed(1)} µs per DAE row-epoch (${withDae.length} runs), b = ${(b * 1e6).toFixed(1)} µs per row-epoch (${plain.length} runs)`,
);
console.log(
  `model vs measured    ${hours(fitted.reduce((p, q) => p + q, 0))} modelled for the ${hours(measuredTotal)} measured`,
);
console.log(`full protocol        ${full.runs.length} distinct runs of ${fullSpec} at the spec's T`);
console.log(`estimated run time   ${hours(total)} in one process; ${hours(total / 2)} on 2 workers`);

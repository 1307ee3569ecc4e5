// Expands a checked sweep into its runs: every combination of the vary lists
// (in the spec's order, the first vary outermost) × repeat, each with its
// baseline and control. Runs with the same content id are planned once and
// shared by every cell that needs them (Table 1's baselines across schedules
// and u). Pure: IR in, plan out.

import { SWEEP_PATHS } from '../check/vocabulary.js';
import { compileExpr, type Variables } from '../expr/evaluate.js';
import { experimentHash } from '../ir/hash.js';
import type { Experiment, Expr, MtlIr, Override, Sweep, SweepValue } from '../ir/types.js';
import { applyValue, type NetworkLookup, PlanError } from './apply-value.js';
import { valueLabel } from './labels.js';
import type { Coordinate, Dimension, PlannedRun, PlannedUse, Role, SweepPlan } from './plan-types.js';
import { shortenedWarnings } from './shortened.js';

export interface PlanOptions {
  /** --epochs N: T for every run (a shortened protocol when below the spec's). */
  readonly epochs?: number;
  /** --limit N: read at most N training and test images per run. */
  readonly limit?: number;
  readonly networks?: NetworkLookup;
}

/** The content id of a run: what is trained (IR hash), for how long, on how much data. */
export function runIdOf(experiment: Experiment, epochs: number, limit: number | null): string {
  const t = epochs === experiment.train.epochs ? '' : `-T${epochs}`;
  return `${experiment.hash}${t}${limit === null ? '' : `-L${limit}`}`;
}

/** The sweep named `name` of the IR, or the only one; a message when that is ambiguous or absent. */
export function findSweep(ir: MtlIr, name: string | undefined): Sweep | string {
  const names = ir.sweeps.map((s) => s.name).join(', ') || 'none';
  if (name !== undefined)
    return (
      ir.sweeps.find((s) => s.name === name) ?? `no sweep named '${name}' in ${ir.source} (sweeps: ${names})`
    );
  if (ir.sweeps.length === 1) return ir.sweeps[0]!;
  return ir.sweeps.length === 0
    ? `${ir.source} declares no sweep`
    : `${ir.source} declares ${ir.sweeps.length} sweeps (${names}); choose one with --sweep NAME`;
}

function namesIn(expr: Expr, into: Set<string>): Set<string> {
  if (expr.op === 'var') into.add(expr.name);
  else if (expr.op === 'unary') namesIn(expr.operand, into);
  else if (expr.op === 'binary') {
    namesIn(expr.left, into);
    namesIn(expr.right, into);
  } else if (expr.op === 'cond') {
    namesIn(expr.test, into);
    namesIn(expr.then, into);
    namesIn(expr.otherwise, into);
  } else if (expr.op === 'call') for (const a of expr.args) namesIn(a, into);
  return into;
}

const isCount = (path: string) => SWEEP_PATHS[path]?.value === 'count';
const nameOf = (path: string) => path.split('.').at(-1)!;

/** The numbers of a cell's count dimensions, each evaluated once the names it reads are known. */
function cellVariables(sweep: Sweep, index: readonly number[]): Variables {
  const vars: Record<string, number> = {};
  const pending = sweep.vary
    .map((v, i) => ({ v, value: v.values[index[i]!]! }))
    .filter(({ v }) => isCount(v.path));
  while (pending.length > 0) {
    const next = pending.findIndex(
      ({ value }) => value.kind !== 'expr' || [...namesIn(value.expr, new Set())].every((n) => n in vars),
    );
    if (next < 0) throw new PlanError(`sweep ${sweep.name}: its values refer to each other in a cycle`);
    const [{ v, value }] = pending.splice(next, 1) as [(typeof pending)[number]];
    if (value.kind === 'expr') vars[nameOf(v.path)] = compileExpr(value.expr)(0, 0, vars);
  }
  return vars;
}

function withHash(body: Omit<Experiment, 'hash'>): Experiment {
  const { name, ...rest } = body;
  return { name, hash: experimentHash(body), ...rest };
}

export function planSweep(ir: MtlIr, sweep: Sweep, options: PlanOptions = {}): SweepPlan {
  const base = ir.experiments.find((e) => e.name === sweep.base);
  if (!base) throw new PlanError(`sweep ${sweep.name}: its base experiment ${sweep.base} is not in the IR`);
  const { hash: _hash, ...baseBody } = base;
  const limit = options.limit ?? null;
  const sizes = sweep.vary.map((v) => v.values.length);
  const total = sizes.reduce((n, s) => n * s, 1);
  const runs = new Map<string, { run: Omit<PlannedRun, 'uses'>; uses: number }>();
  const uses: PlannedUse[] = [];
  const keys = new Set<string>();
  const roles: [Role, readonly Override[] | null][] = [
    ['mtl', []],
    ['baseline', sweep.baseline],
    ['control', sweep.control],
  ];

  const index = sizes.map(() => 0);
  for (let c = 0; c < total; c++) {
    const vars = cellVariables(sweep, index);
    const context = { vars, networks: options.networks };
    const coords: Coordinate[] = sweep.vary.map((v, i) => {
      const value = v.values[index[i]!] as SweepValue;
      const name = nameOf(v.path);
      const number = isCount(v.path) ? (vars[name] ?? null) : null;
      return {
        path: v.path,
        name,
        index: index[i]!,
        label: valueLabel(value, number ?? undefined),
        value: number,
      };
    });
    // Two values may evaluate alike (`50000 - labeled` is 40000 at l = 10000, beside a literal 40000):
    // the key then carries the cell's indices so every grid cell keeps its own.
    // A setting varied over one value is the same in every cell: it names no cell.
    const naming = coords.some((_, i) => sizes[i]! > 1) ? coords.filter((_, i) => sizes[i]! > 1) : coords;
    const readable = naming.map((co) => `${co.name}=${co.label}`).join(', ');
    const cell = keys.has(readable) ? `${readable} #${index.join('.')}` : readable;
    keys.add(cell);
    let body = baseBody;
    for (const [i, v] of sweep.vary.entries()) body = applyValue(body, v.path, v.values[index[i]!]!, context);
    for (const [role, overrides] of roles) {
      if (overrides === null) continue;
      let roleBody = body;
      for (const o of overrides) roleBody = applyValue(roleBody, o.path, o.value, context);
      for (let k = 0; k < sweep.repeat; k++) {
        const seeded = {
          ...roleBody,
          data: { ...roleBody.data, seed: roleBody.data.seed + k },
          train: { ...roleBody.train, seed: roleBody.train.seed + k },
        };
        const experiment = withHash(seeded);
        const epochs = options.epochs ?? experiment.train.epochs;
        const runId = runIdOf(experiment, epochs, limit);
        const known = runs.get(runId);
        if (known) known.uses++;
        else {
          runs.set(runId, {
            run: {
              runId,
              experiment,
              epochs,
              shortened: epochs < experiment.train.epochs,
              limit,
              samples: epochs * (experiment.data.labeled + experiment.data.unlabeled),
            },
            uses: 1,
          });
        }
        uses.push({
          cell,
          coords,
          role,
          repeat: k,
          trainSeed: experiment.train.seed,
          dataSeed: experiment.data.seed,
          runId,
        });
      }
    }
    for (let i = index.length - 1; i >= 0; i--) {
      if (++index[i]! < sizes[i]!) break;
      index[i] = 0;
    }
  }
  const plannedRuns = [...runs.values()].map(({ run, uses }) => ({ ...run, uses }));
  const dimensions: Dimension[] = sweep.vary.map((v) => ({
    path: v.path,
    name: nameOf(v.path),
    labels: v.values.map((value) => valueLabel(value)),
  }));
  return {
    sweep: sweep.name,
    source: ir.source,
    base: sweep.base,
    repeat: sweep.repeat,
    dimensions,
    hasControl: sweep.control !== null,
    epochs: options.epochs ?? null,
    limit,
    uses,
    runs: plannedRuns,
    warnings: shortenedWarnings(plannedRuns, uses),
  };
}

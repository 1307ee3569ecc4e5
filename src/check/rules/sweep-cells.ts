import { type CompiledExpr, compileExpr } from '../../expr/evaluate.js';
import { lowerExpr } from '../../expr/lower.js';
import type { Span, SweepOverride } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import { DEFAULT_VALIDATION } from '../data-source.js';
import { checkExpr } from '../expr-check.js';
import { formatNumber } from '../schedules.js';
import { pathOf, type SweepModel, sweepModel, valueExpr, valueScope } from '../sweep-model.js';
import type { Visitor } from '../walk.js';
import { namesIn } from '../weights.js';

/** Grids larger than this are not expanded at check time. */
const MAX_CELLS = 10_000;
const DATA_KEYS = ['labeled', 'unlabeled', 'validation'] as const;
type DataKey = (typeof DATA_KEYS)[number];

interface Dimension {
  readonly name: string;
  readonly path: string;
  readonly values: readonly { readonly f: CompiledExpr; readonly span: Span }[];
}

/**
 * Every cell of a sweep's grid, and its baseline and control runs, fit the
 * base experiment's data: counts are non-negative integers, validation fits
 * in the training set, labeled + unlabeled in the pool (MTL103). Language
 * reference §5, §10.
 */
export function sweepCellsRule(ctx: RuleContext): Visitor {
  return {
    Sweep(node) {
      const model = sweepModel(node, ctx.program.symbols);
      if (!model.base) return;
      const view = ctx.view(model.base);
      const trainCount = ctx.dataset(view)?.trainCount;
      const data = view.data;
      if (trainCount === undefined || !data) return;
      const base: Record<DataKey, number | undefined> = {
        labeled: view.count(data, 'labeled'),
        unlabeled: view.setting(data, 'unlabeled') ? view.count(data, 'unlabeled') : 0,
        validation: view.setting(data, 'validation') ? view.count(data, 'validation') : DEFAULT_VALIDATION,
      };
      const dims = dimensions(model);
      if (!dims || dims.reduce((n, d) => n * d.values.length, 1) > MAX_CELLS) return;
      const overrides = [model.baseline, model.control].map((block) =>
        compileOverrides(model, block?.overrides ?? []),
      );
      if (overrides.some((o) => o === undefined)) return;
      const varied = new Set(dims.filter((d) => d.path.startsWith('data.')).map((d) => d.name));
      const reported = new Set<Span>();
      const index = dims.map(() => 0);
      const total = dims.reduce((n, d) => n * d.values.length, 1);
      for (let cell = 0; cell < total; cell++) {
        const vars: Record<string, number> = {};
        for (let i = 0; i < dims.length; i++) vars[dims[i].name] = dims[i].values[index[i]].f(0, 0, vars);
        const at = (key: DataKey) => {
          const d = dims.findIndex((x) => x.path === `data.${key}`);
          return d >= 0 ? dims[d].values[index[d]].span : undefined;
        };
        const blame = at('unlabeled') ?? at('labeled') ?? at('validation');
        const counts = (extra: readonly Override[]) => {
          const out = { ...base };
          for (const key of DATA_KEYS) if (varied.has(key)) out[key] = vars[key];
          for (const o of extra) out[o.key] = o.f(0, 0, vars);
          return out;
        };
        const label = dims
          .filter((d) => d.path.startsWith('data.'))
          .map((d) => `${d.name} = ${formatNumber(vars[d.name])}`)
          .join(', ');
        const runs: { counts: Record<DataKey, number | undefined>; span?: Span; what: string }[] = [
          { counts: counts([]), span: blame, what: `cell ${label}` },
        ];
        overrides.forEach((o, i) => {
          if (o && o.length > 0) {
            runs.push({
              counts: counts(o),
              span: o[0].span,
              what: `the ${i === 0 ? 'baseline' : 'control'} of cell ${label}`,
            });
          }
        });
        for (const run of runs) {
          const problem = fitProblem(run.counts, trainCount);
          if (problem && run.span && !reported.has(run.span)) {
            reported.add(run.span);
            ctx.report({ code: 'MTL103', span: run.span, message: `${run.what}: ${problem}` });
          }
        }
        for (let i = dims.length - 1; i >= 0; i--) {
          if (++index[i] < dims[i].values.length) break;
          index[i] = 0;
        }
      }
    },
  };
}

interface Override {
  readonly key: DataKey;
  readonly f: CompiledExpr;
  readonly span: Span;
}

/** The varied count paths in an order where each value's names come before it; undefined if any is unsound. */
function dimensions(model: SweepModel): Dimension[] | undefined {
  const dims: Dimension[] = [];
  for (const v of model.vary) {
    if (v.info?.value !== 'count') continue;
    const values: { f: CompiledExpr; span: Span }[] = [];
    for (const value of v.item.values) {
      const expr = valueExpr(value);
      if (!expr || checkExpr(expr, valueScope(model, v.path, false)).length > 0) return undefined;
      const ir = lowerExpr(expr);
      if (!ir) return undefined;
      values.push({ f: compileExpr(ir), span: expr.span });
    }
    dims.push({ name: v.name, path: v.path, values });
  }
  const deps = new Map<string, Set<string>>();
  for (const v of model.vary) {
    const names = new Set<string>();
    for (const value of v.item.values) {
      const expr = valueExpr(value);
      if (expr) namesIn(expr, names);
    }
    deps.set(v.name, names);
  }
  // A count that depends on a varied setting that is not a count is not expanded here.
  for (const d of dims)
    for (const n of deps.get(d.name) ?? []) if (!dims.some((x) => x.name === n)) return undefined;
  const ordered: Dimension[] = [];
  const placed = new Set<string>();
  while (ordered.length < dims.length) {
    const next = dims.find(
      (d) => !placed.has(d.name) && [...(deps.get(d.name) ?? [])].every((n) => placed.has(n)),
    );
    if (!next) return undefined;
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

function compileOverrides(model: SweepModel, overrides: readonly SweepOverride[]): Override[] | undefined {
  const out: Override[] = [];
  for (const o of overrides) {
    const path = pathOf(o.path);
    const key = path.startsWith('data.') ? path.slice(5) : '';
    if (!(DATA_KEYS as readonly string[]).includes(key)) continue;
    const expr = valueExpr(o.value);
    if (!expr || checkExpr(expr, valueScope(model, path, true)).length > 0) return undefined;
    const ir = lowerExpr(expr);
    if (!ir) return undefined;
    out.push({ key: key as DataKey, f: compileExpr(ir), span: expr.span });
  }
  return out;
}

function fitProblem(counts: Record<DataKey, number | undefined>, trainCount: number): string | undefined {
  for (const key of DATA_KEYS) {
    const v = counts[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      return `${key} = ${formatNumber(v)} is not a non-negative integer`;
  }
  const { labeled, unlabeled, validation } = counts;
  if (labeled === undefined || unlabeled === undefined || validation === undefined) return undefined;
  if (validation > trainCount)
    return `validation ${validation} is larger than the ${trainCount} training examples`;
  const pool = trainCount - validation;
  if (labeled + unlabeled > pool) {
    return `labeled + unlabeled = ${labeled + unlabeled} is larger than the pool of ${pool} examples (${trainCount} − ${validation} validation)`;
  }
  return undefined;
}

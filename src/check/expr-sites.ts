// Where expressions are written in an experiment, and what each place allows:
// counts and noise/optimizer/schedule arguments are constants; lr, step lr and
// reconstruct weights are functions of t and T; weights equations may also name
// the other weight (§8).
import type { Expr } from '../syntax/ast.js';
import type { ExperimentView } from './experiment-view.js';
import type { ExprScope } from './expr-check.js';
import { EPOCH_SCOPE } from './schedules.js';
import { asCall, asExpr } from './settings.js';
import { WEIGHT_SCOPE_NAMES } from './weights.js';

interface ExprSite {
  readonly expr: Expr;
  readonly scope: ExprScope;
}

const CONSTANT_KEYS = new Set(['labeled', 'unlabeled', 'validation', 'seed', 'epochs', 'batch']);
const CALL_KEYS = new Set(['noise', 'optimizer']);

export function experimentSites(view: ExperimentView): ExprSite[] {
  const sites: ExprSite[] = [];
  const constant = (expr: Expr, what: string) =>
    sites.push({ expr, scope: { names: [], what, constant: true } });
  const epoch = (expr: Expr | undefined, what: string) => {
    if (expr) sites.push({ expr, scope: { names: EPOCH_SCOPE, what } });
  };
  const settings = [...(view.data?.settings ?? []), ...view.reconstruct.flatMap((b) => b.settings)];
  for (const item of view.train?.items ?? []) if (item.kind === 'Setting') settings.push(item);
  for (const s of settings) {
    const key = s.key.name;
    if (CONSTANT_KEYS.has(key)) {
      const expr = s.value && s.value.kind !== 'String' ? asExpr(s.value) : undefined;
      if (expr) constant(expr, key);
    } else if (CALL_KEYS.has(key)) {
      const call = asCall(s.value);
      for (const arg of call?.args ?? []) constant(arg.value, `${call?.name.name}'s argument`);
    } else if (key === 'weight') {
      epoch(asExpr(s.value), 'weight');
    }
  }
  const weights = view.decl.items.filter(
    (i) => i.kind === 'WeightsEquations' || i.kind === 'WeightsSchedule',
  );
  for (const w of weights) {
    if (w.kind === 'WeightsEquations') {
      for (const eq of w.equations) {
        if (eq.value)
          sites.push({ expr: eq.value, scope: { names: WEIGHT_SCOPE_NAMES, what: eq.target.name } });
      }
    } else {
      for (const arg of w.schedule.args) constant(arg, `${w.schedule.name.name}'s argument`);
    }
  }
  for (const item of view.train?.items ?? []) {
    if (item.kind === 'Lr') epoch(item.value, 'lr');
    if (item.kind === 'Order') for (const step of item.steps) epoch(step.lr, 'a step lr');
  }
  return sites;
}

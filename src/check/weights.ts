// An experiment's importance weights (§7) as two self-contained IR expressions
// of t and T, from either form: a named schedule, or two equations of which one
// may refer to the other. Shared by schedule verification and the lowering.
import { lowerExpr } from '../expr/lower.js';
import { isScheduleName, NAMED_SCHEDULES } from '../ir/named-schedules.js';
import type { Expr as IrExpr, Schedule } from '../ir/types.js';
import type { Expr, ScheduleRef, Span, WeightEquation, WeightsEquations } from '../syntax/ast.js';
import { constantValue } from './constants.js';
import type { ExperimentView } from './experiment-view.js';
import { checkExpr } from './expr-check.js';

type WeightName = 'supervised' | 'reconstruction';

export interface ResolvedWeights {
  readonly supervised: IrExpr;
  readonly reconstruction: IrExpr;
  readonly schedule?: Schedule;
  /** Where to point at a problem of each weight. */
  readonly spans: Readonly<Record<WeightName, Span>>;
}

type ScheduleArgs = { readonly schedule: Schedule } | { readonly problem: { span: Span; message: string } };

/** A named schedule's arguments read as constants and validated (MTL061 when refused); undefined when unsound. */
export function readSchedule(ref: ScheduleRef): ScheduleArgs | undefined {
  const name = ref.name.name;
  if (!isScheduleName(name)) return undefined;
  const def = NAMED_SCHEDULES[name];
  const count = ref.args.length;
  if (count < def.required || count > def.params.length) {
    const usage = def.params.length === 0 ? name : `${name}(${def.params.join(', ')})`;
    const wanted =
      def.required === def.params.length ? `${def.required}` : `${def.required} to ${def.params.length}`;
    return {
      problem: { span: ref.span, message: `schedule ${usage} takes ${wanted} argument(s), but got ${count}` },
    };
  }
  const args: number[] = [];
  for (const arg of ref.args) {
    // An unsound argument is reported by the expressions rule.
    const value = constantValue(arg);
    if (value === undefined) return undefined;
    args.push(value);
  }
  const refused = def.refuse?.(args);
  if (refused) return { problem: { span: ref.span, message: `schedule ${name}: ${refused}` } };
  return { schedule: { name, args } };
}

export function scheduleWeights(schedule: Schedule): { supervised: IrExpr; reconstruction: IrExpr } {
  return NAMED_SCHEDULES[schedule.name].build(schedule.args);
}

/** The names an expression reads. */
export function namesIn(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case 'Name':
      into.add(expr.name);
      break;
    case 'Unary':
      namesIn(expr.operand, into);
      break;
    case 'Binary':
      namesIn(expr.left, into);
      namesIn(expr.right, into);
      break;
    case 'Conditional':
      namesIn(expr.test, into);
      namesIn(expr.then, into);
      namesIn(expr.otherwise, into);
      break;
    case 'Call':
      for (const a of expr.args) namesIn(a, into);
      break;
    case 'Number':
      break;
  }
  return into;
}

export const WEIGHT_SCOPE_NAMES = ['t', 'T', 'supervised', 'reconstruction'] as const;

/** The first equation for each weight. */
export function equationsByTarget(block: WeightsEquations): Partial<Record<WeightName, WeightEquation>> {
  const out: Partial<Record<WeightName, WeightEquation>> = {};
  for (const eq of block.equations) {
    const target = eq.target.name;
    if ((target === 'supervised' || target === 'reconstruction') && !out[target]) out[target] = eq;
  }
  return out;
}

/**
 * The weights of an experiment, or undefined when they are unsound (the rules
 * say why). Without a weights block, an experiment with no reconstruct blocks
 * trains with `schedule supervised_only`.
 */
export function resolveWeights(view: ExperimentView): ResolvedWeights | undefined {
  const block = view.weights;
  if (!block) {
    if (view.reconstruct.length > 0) return undefined;
    const span = view.decl.name.span;
    return {
      ...scheduleWeights({ name: 'supervised_only', args: [] }),
      schedule: { name: 'supervised_only', args: [] },
      spans: { supervised: span, reconstruction: span },
    };
  }
  if (block.kind === 'WeightsSchedule') {
    const read = readSchedule(block.schedule);
    if (!read || 'problem' in read) return undefined;
    const span = block.schedule.span;
    return {
      ...scheduleWeights(read.schedule),
      schedule: read.schedule,
      spans: { supervised: span, reconstruction: span },
    };
  }
  const eqs = equationsByTarget(block);
  const s = eqs.supervised?.value;
  const r = eqs.reconstruction?.value;
  if (!s || !r) return undefined;
  const scope = { names: WEIGHT_SCOPE_NAMES, what: 'a weight' };
  if (checkExpr(s, scope).length > 0 || checkExpr(r, scope).length > 0) return undefined;
  const sNames = namesIn(s);
  const rNames = namesIn(r);
  if (sNames.has('supervised') || rNames.has('reconstruction')) return undefined;
  if (sNames.has('reconstruction') && rNames.has('supervised')) return undefined;
  const spans = { supervised: s.span, reconstruction: r.span };
  if (sNames.has('reconstruction')) {
    const reconstruction = lowerExpr(r);
    const supervised =
      reconstruction && lowerExpr(s, { substitute: new Map([['reconstruction', reconstruction]]) });
    return supervised && reconstruction && { supervised, reconstruction, spans };
  }
  const supervised = lowerExpr(s);
  const reconstruction = supervised && lowerExpr(r, { substitute: new Map([['supervised', supervised]]) });
  return supervised && reconstruction && { supervised, reconstruction, spans };
}

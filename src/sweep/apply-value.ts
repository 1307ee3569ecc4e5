// Sets one sweep path of an experiment's IR to a value of one cell (§10 sweep
// paths). Pure: returns a new experiment; the caller recomputes the hash.
import { compileExpr, type Variables } from '../expr/evaluate.js';
import { NAMED_SCHEDULES } from '../ir/named-schedules.js';
import type { Dae, Experiment, Expr, Network, SweepValue } from '../ir/types.js';

/** A sweep the planner cannot expand (a value the checker let through but the plan cannot use). */
export class PlanError extends Error {}

/** Named networks a `vary network [...]` value may name (lowered by the caller from the checked program). */
export type NetworkLookup = (name: string) => Network | undefined;

type Body = Omit<Experiment, 'hash'>;

/** The expression with every varied name replaced by its value in this cell; t and T stay. */
function substituteVariables(expr: Expr, vars: Variables): Expr {
  switch (expr.op) {
    case 'num':
      return expr;
    case 'var':
      return expr.name !== 't' && expr.name !== 'T' && Object.hasOwn(vars, expr.name)
        ? { op: 'num', value: vars[expr.name]! }
        : expr;
    case 'unary':
      return { ...expr, operand: substituteVariables(expr.operand, vars) };
    case 'binary':
      return {
        ...expr,
        left: substituteVariables(expr.left, vars),
        right: substituteVariables(expr.right, vars),
      };
    case 'cond':
      return {
        op: 'cond',
        test: substituteVariables(expr.test, vars),
        // biome-ignore lint/suspicious/noThenProperty: the IR's name for a conditional's branch
        then: substituteVariables(expr.then, vars),
        otherwise: substituteVariables(expr.otherwise, vars),
      };
    case 'call':
      return { ...expr, args: expr.args.map((a) => substituteVariables(a, vars)) };
  }
}

/** A count value (data.labeled, train.epochs, …) of this cell. */
function countValue(path: string, value: SweepValue, vars: Variables): number {
  if (value.kind !== 'expr') throw new PlanError(`${path} takes a number, not a ${value.kind}`);
  const n = compileExpr(value.expr)(0, 0, vars);
  if (!Number.isInteger(n) || n < 0) throw new PlanError(`${path} = ${n} is not a non-negative integer`);
  return n;
}

function need<K extends SweepValue['kind']>(
  path: string,
  value: SweepValue,
  kind: K,
): Extract<SweepValue, { kind: K }> {
  if (value.kind !== kind) throw new PlanError(`${path} takes a ${kind} value, not a ${value.kind}`);
  return value as Extract<SweepValue, { kind: K }>;
}

function mapDaes(body: Body, path: string, f: (dae: Dae) => Dae): Body {
  if (body.reconstruct.length === 0) throw new PlanError(`${path}: the experiment reconstructs nothing`);
  return { ...body, reconstruct: body.reconstruct.map(f) };
}

function withNetwork(body: Body, network: Network): Body {
  const reconstruct = body.reconstruct.map((dae) => {
    const layerIndex = network.hidden.findIndex((l) => l.name === dae.layer);
    if (layerIndex < 0) throw new PlanError(`network ${network.name} has no hidden layer '${dae.layer}'`);
    return { ...dae, layerIndex };
  });
  return { ...body, network, reconstruct: reconstruct.sort((a, b) => a.layerIndex - b.layerIndex) };
}

export function applyValue(
  body: Body,
  path: string,
  value: SweepValue,
  context: { readonly vars: Variables; readonly networks?: NetworkLookup },
): Body {
  const { vars } = context;
  switch (path) {
    case 'data.labeled':
    case 'data.unlabeled':
    case 'data.validation':
    case 'data.seed': {
      const key = path.slice('data.'.length);
      return { ...body, data: { ...body.data, [key]: countValue(path, value, vars) } };
    }
    case 'train.epochs':
    case 'train.batch':
    case 'train.seed': {
      const key = path.slice('train.'.length);
      return { ...body, train: { ...body.train, [key]: countValue(path, value, vars) } };
    }
    case 'train.lr':
      return {
        ...body,
        train: { ...body.train, lr: substituteVariables(need(path, value, 'expr').expr, vars) },
      };
    case 'train.optimizer':
      return { ...body, train: { ...body.train, optimizer: need(path, value, 'optimizer').optimizer } };
    case 'weights': {
      const { schedule } = need(path, value, 'schedule');
      return { ...body, weights: { schedule, ...NAMED_SCHEDULES[schedule.name].build(schedule.args) } };
    }
    case 'network': {
      const { name } = need(path, value, 'name');
      const network = context.networks?.(name);
      if (!network) throw new PlanError(`network ${name} is not known to the planner`);
      return withNetwork(body, network);
    }
    case 'reconstruct.noise': {
      const { noise } = need(path, value, 'noise');
      return mapDaes(body, path, (dae) => ({ ...dae, noise }));
    }
    case 'reconstruct.decoder': {
      const { decoder } = need(path, value, 'decoder');
      return mapDaes(body, path, (dae) => ({ ...dae, decoder }));
    }
    case 'reconstruct.cost': {
      // A cost value carries its reduction (`cross_entropy sum`; the default filled in when lowered).
      const { cost, reduction } = need(path, value, 'cost');
      return mapDaes(body, path, (dae) => ({ ...dae, cost, reduction }));
    }
    case 'reconstruct.gradient': {
      const { name } = need(path, value, 'name');
      return mapDaes(body, path, (dae) => ({ ...dae, gradient: name as Dae['gradient'] }));
    }
    case 'reconstruct.weight': {
      const weight = substituteVariables(need(path, value, 'expr').expr, vars) as Dae['weight'];
      return mapDaes(body, path, (dae) => ({ ...dae, weight }));
    }
    default:
      throw new PlanError(`unknown sweep path ${path}`);
  }
}

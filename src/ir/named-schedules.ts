// The named weight schedules of §7 as self-contained expressions of t and T.
// λ_r is written out as 1 − λ_s (or exp(−t/σ)) so the runtime, the checker and
// the generated code all evaluate exactly the same trees.
import type { Expr as IrExpr, Schedule } from './types.js';

type ScheduleName = Schedule['name'];

interface ScheduleDef {
  /** Names of the arguments; optional ones after the required. */
  readonly params: readonly string[];
  readonly required: number;
  /** Why an argument value is refused, or undefined. */
  readonly refuse?: (args: readonly number[]) => string | undefined;
  readonly build: (args: readonly number[]) => { supervised: IrExpr; reconstruction: IrExpr };
}

const num = (value: number): IrExpr => ({ op: 'num', value });
const t: IrExpr = { op: 'var', name: 't' };
const T: IrExpr = { op: 'var', name: 'T' };
const oneMinus = (e: IrExpr): IrExpr => ({ op: 'binary', operator: '-', left: num(1), right: e });
const div = (left: IrExpr, right: IrExpr): IrExpr => ({ op: 'binary', operator: '/', left, right });
const complement = (supervised: IrExpr) => ({ supervised, reconstruction: oneMinus(supervised) });

export const NAMED_SCHEDULES: Readonly<Record<ScheduleName, ScheduleDef>> = {
  supervised_only: { params: [], required: 0, build: () => ({ supervised: num(1), reconstruction: num(0) }) },
  stairs: {
    params: ['t1'],
    required: 1,
    refuse: ([t1]) => (t1 < 0 ? 't1 must be ≥ 0' : undefined),
    build: ([t1]) =>
      complement({
        op: 'cond',
        test: { op: 'binary', operator: '<', left: t, right: num(t1) },
        // biome-ignore lint/suspicious/noThenProperty: the IR's name for a conditional's branch
        then: num(0),
        otherwise: num(1),
      }),
  },
  lin: {
    params: ['t1'],
    required: 0,
    refuse: ([t1]) => (t1 !== undefined && t1 <= 0 ? 't1 must be > 0' : undefined),
    build: ([t1]) =>
      complement(t1 === undefined ? div(t, T) : { op: 'call', fn: 'min', args: [num(1), div(t, num(t1))] }),
  },
  exp: {
    params: ['sigma'],
    required: 1,
    refuse: ([sigma]) => (sigma <= 0 ? 'sigma must be > 0' : undefined),
    build: ([sigma]) => {
      const decay: IrExpr = {
        op: 'call',
        fn: 'exp',
        args: [div({ op: 'unary', operator: '-', operand: t }, num(sigma))],
      };
      return { supervised: oneMinus(decay), reconstruction: decay };
    },
  },
  constant: { params: ['a'], required: 1, build: ([a]) => complement(num(a)) },
};

export function isScheduleName(name: string): name is ScheduleName {
  return Object.hasOwn(NAMED_SCHEDULES, name);
}

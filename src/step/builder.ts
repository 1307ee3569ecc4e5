// Builds a step program op by op, tracking each value's shape; gradient terms
// are summed per parameter in the order they arrive (as the runtime's
// Gradients does), so every backend adds the same terms in the same order.
import type { Activation } from '../ir/types.js';
import type { Dim, InputRole, ProgramInput, ProgramOutput, Shape, StepOp } from './program.js';

type Binary = 'add' | 'sub' | 'mul' | 'div' | 'max';
type Unary = Extract<StepOp, { op: 'unary' }>['fn'];

function roleKey(role: InputRole): string {
  return JSON.stringify(role);
}

/** Broadcast shape of an elementwise binary op (a [1] scalar or a [c] row broadcasts). */
function broadcast(a: Shape, b: Shape): Shape {
  if (a.length >= b.length && !(a.length === 1 && a[0] === 1 && b.length > 0)) return a;
  return b;
}

export class StepBuilder {
  readonly ops: StepOp[] = [];
  readonly inputs: ProgramInput[] = [];
  readonly outputs: ProgramOutput[] = [];
  readonly shapes = new Map<string, Shape>();
  private readonly byRole = new Map<string, string>();
  private readonly constants = new Map<number, string>();
  private readonly counts = new Map<string, number>();
  /** Gradient terms by parameter, in the order parameters were first touched. */
  readonly gradients = new Map<string, string[]>();

  /** A fresh value name from a readable hint: `dz`, `dz_1`, … */
  name(hint: string): string {
    const count = this.counts.get(hint) ?? 0;
    this.counts.set(hint, count + 1);
    return count === 0 ? hint : `${hint}_${count}`;
  }

  shape(value: string): Shape {
    const shape = this.shapes.get(value);
    if (!shape) throw new Error(`internal: step value ${value} is not defined`);
    return shape;
  }

  /** The input with this role, declared on first use. */
  input(hint: string, shape: Shape, role: InputRole): string {
    const key = roleKey(role);
    const existing = this.byRole.get(key);
    if (existing) return existing;
    const name = this.name(hint);
    this.inputs.push({ name, shape, role });
    this.shapes.set(name, shape);
    this.byRole.set(key, name);
    return name;
  }

  output(value: string, hint: string, role: ProgramOutput['role']): void {
    this.outputs.push({ name: hint, shape: this.shape(value), role, value });
  }

  private define(op: StepOp, shape: Shape): string {
    this.ops.push(op);
    this.shapes.set(op.out, shape);
    return op.out;
  }

  constant(value: number): string {
    const existing = this.constants.get(value);
    if (existing) return existing;
    const out = this.name('c');
    this.constants.set(value, out);
    return this.define({ op: 'constant', out, value }, [1]);
  }

  /** op(a)·op(b) (+ bias). */
  matmul(
    hint: string,
    a: string,
    b: string,
    options: { transA?: boolean; transB?: boolean; bias?: string } = {},
  ): string {
    const transA = options.transA ?? false;
    const transB = options.transB ?? false;
    const [ar, ac] = this.shape(a);
    const [br, bc] = this.shape(b);
    const rows: Dim = transA ? ac : ar;
    const cols: Dim = transB ? br : bc;
    const out = this.name(hint);
    return this.define({ op: 'matmul', out, a, b, transA, transB, bias: options.bias ?? null }, [rows, cols]);
  }

  /** f(x); the identity adds no op. */
  activation(hint: string, fn: Activation, x: string): string {
    if (fn === 'linear') return x;
    return this.define({ op: 'activation', fn, out: this.name(hint), x }, this.shape(x));
  }

  /** dL/da from y = f(a) and dy = dL/dy; the identity adds no op. */
  activationGrad(hint: string, fn: Activation, y: string, dy: string): string {
    if (fn === 'linear') return dy;
    return this.define({ op: 'activationGrad', fn, out: this.name(hint), y, dy }, this.shape(dy));
  }

  binary(hint: string, op: Binary, a: string, b: string): string {
    return this.define({ op, out: this.name(hint), a, b }, broadcast(this.shape(a), this.shape(b)));
  }

  unary(hint: string, fn: Unary, x: string): string {
    return this.define({ op: 'unary', fn, out: this.name(hint), x }, this.shape(x));
  }

  sumRows(hint: string, x: string): string {
    return this.define({ op: 'sumRows', out: this.name(hint), x }, [this.shape(x)[1]]);
  }

  sumColumns(hint: string, x: string): string {
    return this.define({ op: 'sumColumns', out: this.name(hint), x }, [this.shape(x)[0], 1]);
  }

  sumAll(hint: string, x: string): string {
    return this.define({ op: 'sumAll', out: this.name(hint), x }, [1]);
  }

  sumAbs(hint: string, x: string): string {
    return this.define({ op: 'sumAbs', out: this.name(hint), x }, [1]);
  }

  /** Σ log x for x in [0.5, 1]. */
  sumLog(hint: string, x: string): string {
    const columns = this.shape(x)[1];
    if (typeof columns !== 'number') throw new Error('internal: sumLog needs a known column count');
    let chunk = Math.min(100, columns);
    while (columns % chunk !== 0) chunk--;
    return this.define({ op: 'sumLog', out: this.name(hint), x, chunk }, [1]);
  }

  clip(hint: string, x: string, min: number, max: number): string {
    return this.define({ op: 'clip', out: this.name(hint), x, min, max }, this.shape(x));
  }

  inRange(hint: string, x: string, min: number, max: number): string {
    return this.define({ op: 'inRange', out: this.name(hint), x, min, max }, this.shape(x));
  }

  concat(hint: string, xs: readonly string[]): string {
    return this.define({ op: 'concat', out: this.name(hint), xs }, [xs.length]);
  }

  argmax(hint: string, x: string): string {
    return this.define({ op: 'argmax', out: this.name(hint), x }, [this.shape(x)[0]]);
  }

  /** Adds a gradient term for a parameter (they are summed before the update). */
  addGradient(param: string, term: string): void {
    const terms = this.gradients.get(param);
    if (terms) terms.push(term);
    else this.gradients.set(param, [term]);
  }

  /** The sum of a parameter's gradient terms, left to right. */
  gradient(param: string, hint: string): string {
    const terms = this.gradients.get(param);
    if (!terms || terms.length === 0) throw new Error(`internal: no gradient for ${param}`);
    let sum = terms[0];
    for (const term of terms.slice(1)) sum = this.binary(hint, 'add', sum, term);
    return sum;
  }
}

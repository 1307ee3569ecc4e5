// The step program: one training step (or the evaluation pass) of an
// experiment as straight-line tensor operations — forward pass, DAE branches,
// costs, the hand-derived backward pass and the SGD update — with every
// feature size known. Rows are the one size left open ('rows'), since the
// labeled rows of a mini-batch and the last batch of an epoch vary.
// Emitters (ONNX graphs, readable TypeScript) translate it op by op; the
// runtime feeds its inputs by role. One source of truth for the math.
import type { Activation } from '../ir/types.js';

/**
 * A size: a number known at compile time, or a count known when the step
 * runs: 'rows' (the rows a reconstruction step uses) or 'labeled' (the
 * labeled rows a supervised term uses); 'columns' and 'labeledColumns', the
 * input columns where those rows are not all zero (input-columns.ts).
 */
export type Dim = number | 'rows' | 'labeled' | 'columns' | 'labeledColumns';
export type Shape = readonly Dim[];

interface ValueInfo {
  readonly name: string;
  readonly shape: Shape;
}

/** What the runtime feeds an input with. */
export type InputRole =
  /** A parameter's current value, by its checkpoint name (e.g. `h1.W`). */
  | { readonly kind: 'param'; readonly param: string }
  /** The momentum velocity of a parameter (zeros before its first update). */
  | { readonly kind: 'velocity'; readonly param: string }
  /** Input pixels (in [0, 1]) of the rows the reconstruction term uses (or of the rows to classify). */
  | { readonly kind: 'rows' }
  /** Input pixels of the batch's labeled rows (the supervised term). */
  | { readonly kind: 'labeledRows' }
  /** One-hot targets of the batch's labeled rows. */
  | { readonly kind: 'targets' }
  /** DAE `slot`'s corrupted input when it reconstructs the input layer (drawn by the runtime). */
  | { readonly kind: 'noisyInput'; readonly slot: number }
  /** DAE `slot`'s keep mask (1 kept, 0 replaced) on a hidden representation. */
  | { readonly kind: 'keep'; readonly slot: number }
  /** DAE `slot`'s additive corruption (salt values, gaussian noise) on a hidden representation. */
  | { readonly kind: 'add'; readonly slot: number }
  /**
   * A scalar factor (shape [1]): `supervised` = −lr·λ_s·c/n_l; `dae` = −lr·λ_r·w_k(t)·c/n/d
   * for DAE `slot`, where c is 2 for squared error and 1 otherwise, n the row count and d
   * the feature count under the `mean` reduction (1 under `sum`); `daeLoss` = w_k(t)/n/d,
   * the DAE's factor in the reported J_r; `perLabeledRow` = 1/n_l (J_s is a mean over rows).
   */
  | { readonly kind: 'factor'; readonly factor: ScalarFactor }
  /**
   * The input columns (ascending integer indices) kept for the step's rows
   * (`rows`) or labeled rows (`labeled`): every column where one of those rows is
   * non-zero, and maybe a few more (input-columns.ts).
   */
  | { readonly kind: 'columns'; readonly of: 'rows' | 'labeled' }
  /**
   * A value computed outside this program: when a runtime runs a step program
   * in pieces around a kernel of its own (src/runtime/onnx/fuse-loss.ts), what
   * one piece or the kernel hands to the next. Never fed from the training state.
   */
  | { readonly kind: 'computed' };

export type ScalarFactor =
  | { readonly kind: 'supervised'; readonly costMultiplier: 1 | 2 }
  | {
      readonly kind: 'dae';
      readonly slot: number;
      readonly costMultiplier: 1 | 2;
      readonly featureDivisor: number;
    }
  | { readonly kind: 'daeLoss'; readonly slot: number; readonly featureDivisor: number }
  | { readonly kind: 'perLabeledRow' };

export interface ProgramInput extends ValueInfo {
  readonly role: InputRole;
}

/** What the runtime does with an output. */
type OutputRole =
  | { readonly kind: 'param'; readonly param: string }
  | { readonly kind: 'velocity'; readonly param: string }
  /** [J_s, J_r, Σ new parameter, …] for the divergence check (0 for a loss not computed). */
  | { readonly kind: 'check' }
  /** The predicted class of each row (evaluation). */
  | { readonly kind: 'classes' }
  /** A value handed to the next piece of a step run in pieces (see the `computed` input). */
  | { readonly kind: 'computed' };

export interface ProgramOutput extends ValueInfo {
  readonly role: OutputRole;
  /** The step-program value it takes. */
  readonly value: string;
}

/** One operation; `out` names the value it defines (SSA: each name defined once). */
export type StepOp =
  /** out = op(a)·op(b) (+ bias, broadcast over rows), op = transpose when the flag is set. */
  | {
      readonly op: 'matmul';
      readonly out: string;
      readonly a: string;
      readonly b: string;
      readonly transA: boolean;
      readonly transB: boolean;
      readonly bias: string | null;
    }
  | { readonly op: 'activation'; readonly fn: Activation; readonly out: string; readonly x: string }
  /** dL/da of out = fn(a), from y = fn(a) and dy = dL/dy. */
  | {
      readonly op: 'activationGrad';
      readonly fn: Activation;
      readonly out: string;
      readonly y: string;
      readonly dy: string;
    }
  | {
      readonly op: 'add' | 'sub' | 'mul' | 'div' | 'max';
      readonly out: string;
      readonly a: string;
      readonly b: string;
    }
  | {
      readonly op: 'unary';
      readonly fn: 'neg' | 'abs' | 'log' | 'square' | 'softplus' | 'relu' | 'logSoftmax';
      readonly out: string;
      readonly x: string;
    }
  /** Column sums (a bias gradient): [rows, c] → [c]. */
  | { readonly op: 'sumRows'; readonly out: string; readonly x: string }
  /** Row sums kept as a column: [rows, c] → [rows, 1]. */
  | { readonly op: 'sumColumns'; readonly out: string; readonly x: string }
  /** Sum of every entry, as shape [1]. */
  | { readonly op: 'sumAll'; readonly out: string; readonly x: string }
  /** Σ |x| over every entry, as shape [1]: one read of x, no temporary. */
  | { readonly op: 'sumAbs'; readonly out: string; readonly x: string }
  /**
   * Σ log x over every entry of x ∈ [0.5, 1], as shape [1]. Emitters may take the
   * log of products of up to `chunk` entries (chunk divides the column count,
   * 0.5^chunk stays a normal float32): a log per entry is the slowest part of a loss.
   */
  | { readonly op: 'sumLog'; readonly out: string; readonly x: string; readonly chunk: number }
  /** A scalar constant, shape [1]. */
  | { readonly op: 'constant'; readonly out: string; readonly value: number }
  | {
      readonly op: 'clip';
      readonly out: string;
      readonly x: string;
      readonly min: number;
      readonly max: number;
    }
  /** 1 where min ≤ x ≤ max, else 0. */
  | {
      readonly op: 'inRange';
      readonly out: string;
      readonly x: string;
      readonly min: number;
      readonly max: number;
    }
  /** Shape-[1] values joined into one vector. */
  | { readonly op: 'concat'; readonly out: string; readonly xs: readonly string[] }
  /** Index of each row's largest entry. */
  | { readonly op: 'argmax'; readonly out: string; readonly x: string }
  /** Rows `index` of x (index: a `columns` input): [n, c] → [index, c]. */
  | { readonly op: 'gatherRows'; readonly out: string; readonly x: string; readonly index: string }
  /** A [rows, c] matrix of zeros with row index[i] set to row i of x: the inverse of gatherRows. */
  | {
      readonly op: 'scatterRows';
      readonly out: string;
      readonly x: string;
      readonly index: string;
      readonly rows: number;
    };

/** Which step: reconstruction (J_r on some rows), supervised (J_s on labeled rows), joint, or evaluation. */
type StepKind = 'reconstruction' | 'supervised' | 'joint' | 'evaluation';

export interface StepKey {
  readonly kind: StepKind;
  /** Slots (positions in experiment.reconstruct) of the DAEs in the step (daeWeight_k(t) ≠ 0), ascending. */
  readonly daes: readonly number[];
  /** Compute the losses J_s and J_r for curves (the check vector holds 0 otherwise). */
  readonly losses: boolean;
}

export interface StepProgram {
  readonly key: StepKey;
  /** What the step computes, citing the paper; printed in the emitted code. */
  readonly doc: readonly string[];
  readonly inputs: readonly ProgramInput[];
  readonly ops: readonly StepOp[];
  readonly outputs: readonly ProgramOutput[];
  /** Shape of every value, inputs included. */
  readonly shapes: ReadonlyMap<string, Shape>;
  /** Parameters the step updates, in update order. */
  readonly updates: readonly string[];
}

/** Every value an op reads. */
export function operands(op: StepOp): string[] {
  switch (op.op) {
    case 'matmul':
      return op.bias ? [op.a, op.b, op.bias] : [op.a, op.b];
    case 'activation':
    case 'unary':
    case 'sumRows':
    case 'sumColumns':
    case 'sumAll':
    case 'sumAbs':
    case 'sumLog':
    case 'clip':
    case 'inRange':
    case 'argmax':
      return [op.x];
    case 'activationGrad':
      return [op.y, op.dy];
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'max':
      return [op.a, op.b];
    case 'constant':
      return [];
    case 'concat':
      return [...op.xs];
    case 'gatherRows':
    case 'scatterRows':
      return [op.x, op.index];
  }
}

/** A short stable name for a step key, e.g. `joint.d0-1.loss`. */
export function stepKeyName(key: StepKey): string {
  const daes = key.daes.length > 0 ? `.d${key.daes.join('-')}` : '';
  return `${key.kind}${daes}${key.losses ? '.loss' : ''}`;
}

// Products with the input layer's rows over the columns where those rows are
// not all zero. A column of x that is zero in every row of a step adds
// nothing to x·W and gets a zero row in xᵀ·da, so both products can run over
// the step's non-zero columns only: x·W = x[:, C]·W[C, :], and xᵀ·da is
// zero outside rows C of the result. On MNIST about a quarter of the
// columns are zero in every row of a 600-row batch (the image's border), and
// the input layer's products are the largest of a step (docs/benchmarks.md,
// "Input columns"). The math is the same; the sums skip terms that are
// exactly 0, so results agree with the full products to float rounding.
//
// The runtime feeds the kept columns (a `columns` input, chosen per step
// from the rows) and the rows restricted to them. A value compacted here is
// an input layer's rows: the batch's rows, the labeled rows, or a DAE's
// masked input (masking keeps zeros zero; salt-and-pepper and gaussian noise
// do not, so those inputs stay whole). Where the full rows are used outside
// a product too (a DAE's target), the step takes both.
import type { Experiment } from '../ir/types.js';
import {
  type Dim,
  operands,
  type ProgramInput,
  type Shape,
  type StepOp,
  type StepProgram,
} from './program.js';

type MatMul = Extract<StepOp, { op: 'matmul' }>;

/** x·W or xᵀ·d with x as the left operand, and x read nowhere else in the op. */
function leftProductOf(op: StepOp, value: string): op is MatMul {
  return op.op === 'matmul' && op.a === value && !op.transB && op.b !== value && op.bias !== value;
}

/** Whether the input holds an input layer's rows whose zeros stay zero. */
function compactable(input: ProgramInput, experiment: Experiment): boolean {
  const role = input.role;
  if (role.kind === 'rows' || role.kind === 'labeledRows') return true;
  return role.kind === 'noisyInput' && experiment.reconstruct[role.slot]?.noise.kind === 'mask';
}

const COLUMNS_OF = { rows: 'columns', labeled: 'labeledColumns' } as const;

/**
 * The step program with its input layer's products over the kept columns
 * (the program itself when there is none to compact). The evaluation pass is
 * left whole: it classifies fixed sets, not drawn batches.
 */
export function compactInputColumns(program: StepProgram, experiment: Experiment): StepProgram {
  if (program.key.kind === 'evaluation') return program;
  const shapes = new Map<string, Shape>(program.shapes);
  const fresh = (hint: string) => {
    let name = hint;
    for (let i = 1; shapes.has(name); i++) name = `${hint}_${i}`;
    return name;
  };
  const inputs: ProgramInput[] = [];
  /** Per op index: the ops that replace it. */
  const replaced = new Map<number, StepOp[]>();
  const columnInputs = new Map<'rows' | 'labeled', string>();
  const gathered = new Map<string, string>();

  for (const input of program.inputs) {
    const rowsDim = input.shape[0];
    const products = program.ops.flatMap((op, at) => (leftProductOf(op, input.name) ? [at] : []));
    if (
      !compactable(input, experiment) ||
      (rowsDim !== 'rows' && rowsDim !== 'labeled') ||
      typeof input.shape[1] !== 'number' ||
      products.length === 0
    ) {
      inputs.push(input);
      continue;
    }
    const width = input.shape[1];
    let columns = columnInputs.get(rowsDim);
    if (!columns) {
      columns = fresh(rowsDim === 'rows' ? 'columns' : 'labeled_columns');
      columnInputs.set(rowsDim, columns);
      shapes.set(columns, [COLUMNS_OF[rowsDim]]);
      inputs.push({ name: columns, shape: [COLUMNS_OF[rowsDim]], role: { kind: 'columns', of: rowsDim } });
    }
    const compactShape: Shape = [rowsDim, COLUMNS_OF[rowsDim] as Dim];
    const uses = program.ops.filter((op) => operands(op).includes(input.name)).length;
    // Read only by the products: the input itself becomes the kept columns; else a second input holds them.
    const onlyProducts = uses === products.length;
    const compact = onlyProducts ? input.name : fresh(`${input.name}_kept`);
    if (!onlyProducts) inputs.push(input);
    inputs.push({ name: compact, shape: compactShape, role: input.role });
    shapes.set(compact, compactShape);

    for (const at of products) {
      const op = program.ops[at] as MatMul;
      if (!op.transA) {
        // x·W over the kept columns: x[:, C]·W[C, :].
        const key = `${op.b}|${columns}`;
        let rowsOfB = gathered.get(key);
        const before: StepOp[] = [];
        if (!rowsOfB) {
          rowsOfB = fresh(`${op.b}_kept`);
          gathered.set(key, rowsOfB);
          const bShape = shapes.get(op.b)!;
          shapes.set(rowsOfB, [COLUMNS_OF[rowsDim], bShape[1]]);
          before.push({ op: 'gatherRows', out: rowsOfB, x: op.b, index: columns });
        }
        replaced.set(at, [...before, { ...op, a: compact, b: rowsOfB }]);
      } else {
        // xᵀ·d over the kept columns gives rows C of the product; the others are 0.
        const full = shapes.get(op.out)!;
        const kept = fresh(`${op.out}_kept`);
        shapes.set(kept, [COLUMNS_OF[rowsDim], full[1]]);
        replaced.set(at, [
          { ...op, a: compact, out: kept },
          { op: 'scatterRows', out: op.out, x: kept, index: columns, rows: width },
        ]);
      }
    }
  }
  if (replaced.size === 0) return program;
  const ops = program.ops.flatMap((op, at) => replaced.get(at) ?? [op]);
  const doc = [
    ...program.doc,
    `The input layer's products run over the kept columns (${[...columnInputs.values()].join(', ')}): ` +
      'those where one of the rows is non-zero.',
  ];
  return { ...program, doc, inputs, ops, shapes };
}

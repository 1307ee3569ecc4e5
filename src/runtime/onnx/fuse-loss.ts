// A reconstruction step's sigmoid cross-entropy as one native pass between
// two graphs. Inside one ONNX graph, dz = σ(z) − x, its column sums and J_r
// take about ten elementwise passes over [rows, n] arrays, which cost more
// than the step's products' share would say (docs/benchmarks.md, "The loss in
// one native pass"); native/sigmoid-cross-entropy.c does them in one. The
// step program is cut around that math:
//   before  the ops z and the target x need (the forward pass to z);
//   kernel  dz, Σ_rows dz and J = Σ softplus(z) − x·z, from z (its bias added) and x;
//   after   everything else: the backward pass from dz, the updates, the check.
// The program itself is unchanged (the TensorFlow.js backends, the emitted
// graphs and the run's identity read it whole); only the onnx engine runs it
// this way, when the kernel is built (runtime/native/kernels.ts).
import { operands, type StepOp, type StepProgram } from '../../step/program.js';

/** A step program cut around its sigmoid cross-entropy. */
export interface LossCut {
  readonly before: StepProgram;
  readonly after: StepProgram;
  /** The decoder's pre-activation [rows, columns], computed by `before`. */
  readonly z: string;
  /** The target [rows, columns]: an input of the step, or computed by `before`. */
  readonly x: string;
  /** z's bias (an input of the step), when the kernel adds it: `before` computes z without it. */
  readonly bias: string | null;
  /** σ(z) − x, which `after` takes. */
  readonly dz: string;
  /** Σ_rows dz, when the step sums it (the decoder bias's gradient), which `after` takes. */
  readonly colsum: string | null;
  /** Σ softplus(z) − x·z, when the step computes J_r, which `after` takes. */
  readonly loss: string | null;
  readonly columns: number;
}

/**
 * The step program cut around its one sigmoid cross-entropy of at least
 * `minColumns` columns (a DAE's decoder on a wide layer), or null when it has
 * none, several, or its math is not the pattern the kernel computes: y = σ(z)
 * read only by dz = y − x and, with the losses, by a chain of ops ending in
 * one scalar, J, read by nothing else of that chain (lower.ts's cost()).
 */
export function cutAtSigmoidCrossEntropy(
  program: StepProgram,
  columnRange: { readonly min: number; readonly max: number },
): LossCut | null {
  const readers = new Map<string, number[]>();
  program.ops.forEach((op, at) => {
    for (const value of operands(op)) readers.set(value, [...(readers.get(value) ?? []), at]);
  });
  const cuts = program.ops.flatMap((op, at) => {
    if (op.op !== 'activation' || op.fn !== 'sigmoid') return [];
    const subs = (readers.get(op.out) ?? []).filter((r) => {
      const reader = program.ops[r];
      return reader.op === 'sub' && reader.a === op.out && reader.b !== op.out;
    });
    const columns = program.shapes.get(op.x)?.[1];
    if (subs.length !== 1 || typeof columns !== 'number') return [];
    if (columns < columnRange.min || columns > columnRange.max) return [];
    const cut = cutAt(program, readers, { sigmoid: at, sub: subs[0], columns });
    return cut ? [cut] : [];
  });
  return cuts.length === 1 ? cuts[0] : null;
}

/** The cut around σ at `sigmoid` and dz at `sub`, or null when the math around them is not the kernel's. */
function cutAt(
  program: StepProgram,
  readers: ReadonlyMap<string, readonly number[]>,
  { sigmoid, sub, columns }: { readonly sigmoid: number; readonly sub: number; readonly columns: number },
): LossCut | null {
  const { ops } = program;
  const outputs = new Set(program.outputs.map((output) => output.value));
  const sigmoidOp = ops[sigmoid] as Extract<StepOp, { op: 'activation' }>;
  const subOp = ops[sub] as Extract<StepOp, { a: string; b: string }>;
  const z = sigmoidOp.x;
  const x = subOp.b;
  const dz = subOp.out;

  // The loss chain: the ops after σ that compute from z, y, the target and
  // constants only (lower.ts's J_… ends there: its weighting reads a factor).
  const constants = new Set(ops.filter((op) => op.op === 'constant').map((op) => op.out));
  const chain = new Set<number>([sigmoid]);
  const reached = new Set<string>([z, sigmoidOp.out]);
  ops.forEach((op, at) => {
    if (at <= sigmoid || at === sub) return;
    const reads = operands(op);
    if (!reads.some((value) => reached.has(value))) return;
    if (!reads.every((value) => reached.has(value) || value === x || constants.has(value))) return;
    chain.add(at);
    reached.add(op.out);
  });
  // What leaves the chain: J alone (or nothing without the losses), a scalar;
  // z may be read after the cut too (it is handed over), y must not.
  const leaving = [...reached].filter(
    (value) =>
      value !== z &&
      (outputs.has(value) || (readers.get(value) ?? []).some((r) => r !== sub && !chain.has(r))),
  );
  const zDefinedAt = ops.findIndex((op) => op.out === z);
  if (zDefinedAt < 0 || leaving.includes(sigmoidOp.out)) return null;
  if (leaving.length > 1) return null;
  const loss = leaving[0] ?? null;
  if (loss !== null && (program.shapes.get(loss)?.length !== 1 || program.shapes.get(loss)?.[0] !== 1))
    return null;
  const colsumAt = (readers.get(dz) ?? []).find((r) => ops[r].op === 'sumRows');
  const colsum = colsumAt === undefined ? null : ops[colsumAt].out;

  // Before: what z and x need, in program order.
  const defined = new Map(ops.map((op, at) => [op.out, at]));
  const before = new Set<number>();
  const need = (value: string) => {
    const at = defined.get(value);
    if (at === undefined || before.has(at)) return;
    before.add(at);
    for (const operand of operands(ops[at])) need(operand);
  };
  need(z);
  need(x);
  if (before.has(sub) || before.has(sigmoid) || [...chain].some((at) => before.has(at))) return null;
  const dropped = new Set([...chain, sub, ...(colsumAt === undefined ? [] : [colsumAt])]);
  const afterOps = ops.filter((_, at) => !before.has(at) && !dropped.has(at));
  const afterReads = new Set([...afterOps.flatMap(operands), ...outputs]);
  const inputNames = new Set(program.inputs.map((input) => input.name));
  // z's bias (an input: the decoder's) is added by the kernel as it reads z, when nothing
  // after it reads z: ONNX Runtime's Gemm writes the bias over its whole output first.
  const zOp = ops[zDefinedAt];
  const bias =
    zOp.op === 'matmul' && zOp.bias && inputNames.has(zOp.bias) && !afterReads.has(z) ? zOp.bias : null;
  const beforeOps = ops
    .filter((_, at) => before.has(at))
    .map((op) => (bias && op === zOp ? { ...op, bias: null } : op));
  const beforeValues = new Set(beforeOps.map((op) => op.out));
  const handed = [...beforeValues].filter((value) => afterReads.has(value));
  if (program.outputs.some((output) => beforeValues.has(output.value))) return null;
  const shape = (value: string) => program.shapes.get(value)!;
  const computed = (value: string) => ({
    name: value,
    shape: shape(value),
    role: { kind: 'computed' as const },
  });
  const beforeReads = new Set(beforeOps.flatMap(operands));
  const beforeProgram: StepProgram = {
    ...program,
    inputs: program.inputs.filter((input) => beforeReads.has(input.name)),
    ops: beforeOps,
    outputs: [...new Set([z, ...(inputNames.has(x) ? [] : [x]), ...handed])].map((value) => ({
      ...computed(value),
      value,
    })),
    updates: [],
  };
  const kernelValues = [dz, ...(colsum ? [colsum] : []), ...(loss ? [loss] : [])];
  const afterProgram: StepProgram = {
    ...program,
    inputs: [
      ...program.inputs.filter((input) => afterReads.has(input.name)),
      ...handed.map(computed),
      ...kernelValues.filter((value) => afterReads.has(value)).map(computed),
    ],
    ops: afterOps,
  };
  return { before: beforeProgram, after: afterProgram, z, x, bias, dz, colsum, loss, columns };
}

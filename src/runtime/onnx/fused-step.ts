// A step part run as fuse-loss.ts cuts it: the graph before the loss (z written
// in place into an array of ours), the native pass (dz, Σ_rows dz, J), the
// graph after it. Takes the feeds the whole part would take and returns what
// it would return.
import type { Dim, StepProgram } from '../../step/program.js';
import type { NativeKernel } from '../native/kernels.js';
import { emitOnnx } from './emit-onnx.js';
import type { LossCut } from './fuse-loss.js';
import type { Ort, OrtSession, OrtTensor } from './ort.js';

type Feeds = Readonly<Record<string, OrtTensor>>;

/** A Float32Array of at least `length` floats, reused (and grown) from step to step. */
class Grown {
  private buffer = new Float32Array(0);
  view(length: number): Float32Array {
    if (this.buffer.length < length) this.buffer = new Float32Array(length);
    return this.buffer.subarray(0, length);
  }
}

export class FusedStep {
  private readonly before: OrtSession;
  private readonly after: OrtSession;
  private readonly z = new Grown();
  private readonly dz = new Grown();
  private readonly colsum: Float32Array;
  /**
   * The values `before` hands over besides z that have z's rows or a fixed shape: written
   * into arrays of ours (fresh ones each step would be memory outside V8's heap, output-buffers.ts).
   */
  private readonly handedInPlace: readonly { name: string; shape: readonly Dim[]; buffer: Grown }[];
  /** Whether the graph after the kernel reads z too (else dz takes z's array). */
  private readonly zHanded: boolean;
  /** The `before` input whose first dimension is z's row count. */
  private readonly rowsInput: string;

  constructor(
    private readonly ort: Ort,
    private readonly kernel: NativeKernel,
    private readonly cut: LossCut,
  ) {
    this.before = ort.session(emitOnnx(cut.before));
    this.after = ort.session(emitOnnx(cut.after));
    this.colsum = new Float32Array(cut.columns);
    this.zHanded = cut.after.inputs.some((input) => input.name === cut.z);
    // z has as many rows as an input of `before` ('rows', or 'labeled' for a supervised output).
    const rowsDim = cut.before.shapes.get(cut.z)?.[0];
    const rowsInput = cut.before.inputs.find((input) => input.shape[0] === rowsDim);
    if (!rowsInput) throw new Error('internal: a cut step part takes no input with the rows of z');
    this.rowsInput = rowsInput.name;
    this.handedInPlace = cut.before.outputs
      .filter((output) => output.name !== cut.z)
      .filter((output) => output.shape.every((d) => typeof d === 'number' || d === rowsDim))
      .map((output) => ({ name: output.name, shape: output.shape, buffer: new Grown() }));
  }

  /** `into`: outputs of the step to write in place (see OrtSession.run). */
  run(feeds: Feeds, into?: Feeds): Record<string, OrtTensor> {
    const { cut, ort } = this;
    const rows = feeds[this.rowsInput].dims[0];
    const size = rows * cut.columns;
    const z = this.z.view(size);
    const dims = [rows, cut.columns];
    const beforeInto: Record<string, OrtTensor> = { [cut.z]: ort.float32(z, dims) };
    for (const { name, shape, buffer } of this.handedInPlace) {
      const outputDims = shape.map((d) => (typeof d === 'number' ? d : rows));
      beforeInto[name] = ort.float32(buffer.view(outputDims.reduce((a, b) => a * b, 1)), outputDims);
    }
    const handed = this.before.run(pick(cut.before, feeds), beforeInto);
    const x = (feeds[cut.x] ?? handed[cut.x]).data as Float32Array;
    // dz over z, in place, when nothing after the kernel reads z: one [rows, n] array less to stream.
    const dz = this.zHanded ? this.dz.view(size) : z;
    const bias = cut.bias ? (feeds[cut.bias].data as Float32Array) : null;
    const loss = this.kernel.sigmoidCrossEntropy(z, x, dz, this.colsum, cut.columns, bias);
    const computed: Record<string, OrtTensor> = { [cut.dz]: ort.float32(dz, dims) };
    if (cut.colsum) computed[cut.colsum] = ort.float32(this.colsum, [cut.columns]);
    if (cut.loss) computed[cut.loss] = ort.float32(Float32Array.of(loss), [1]);
    const afterFeeds: Record<string, OrtTensor> = {};
    for (const input of cut.after.inputs)
      afterFeeds[input.name] = feeds[input.name] ?? handed[input.name] ?? computed[input.name];
    return this.after.run(afterFeeds, into);
  }

  dispose(): void {
    this.before.dispose();
    this.after.dispose();
  }
}

function pick(program: StepProgram, feeds: Feeds): Record<string, OrtTensor> {
  return Object.fromEntries(program.inputs.map((input) => [input.name, feeds[input.name]]));
}

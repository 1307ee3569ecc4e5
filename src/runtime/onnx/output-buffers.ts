// Where a step graph writes the parameters and velocities it updates: two
// arrays per value, taken in turn, instead of a fresh array from ONNX Runtime
// at every step. Fresh arrays are memory outside V8's heap, and V8 answers
// their allocation ("external memory pressure") with collections: about one
// Mark-Compact of 3–9 ms every 0.1 s of a W1 run, 3–4 % of its time
// (`node --trace-gc`, docs/benchmarks.md). The state's tensors wrap these
// arrays (TensorFlow.js's cpu backend keeps the array it is given), so a step
// writes into the one of the two the state does not hold: the step before's
// stays whole until the new values are applied, or forever if the step
// diverges and nothing is applied.
import type { ProgramOutput } from '../../step/program.js';
import type { Ort, OrtTensor } from './ort.js';

export class OutputBuffers {
  private readonly pairs = new Map<string, { dims: number[]; arrays: [Float32Array, Float32Array] }>();

  constructor(private readonly ort: Ort) {}

  /**
   * The tensors to write `outputs` into, by output name: for each parameter or
   * velocity output, the array of its pair that is not `current(output)`.
   */
  into(
    outputs: readonly ProgramOutput[],
    current: (output: ProgramOutput) => Float32Array | null,
  ): Record<string, OrtTensor> {
    const into: Record<string, OrtTensor> = {};
    for (const output of outputs) {
      if (output.role.kind !== 'param' && output.role.kind !== 'velocity') continue;
      const { dims, arrays } = this.pairs.get(output.name) ?? this.pairFor(output);
      const held = current(output);
      into[output.name] = this.ort.float32(held === arrays[0] ? arrays[1] : arrays[0], dims);
    }
    return into;
  }

  private pairFor(output: ProgramOutput) {
    const dims = output.shape.map((d) => {
      if (typeof d !== 'number') throw new Error(`internal: ${output.name} has no fixed shape`);
      return d;
    });
    const size = dims.reduce((a, b) => a * b, 1);
    const pair = {
      dims,
      arrays: [new Float32Array(size), new Float32Array(size)] as [Float32Array, Float32Array],
    };
    this.pairs.set(output.name, pair);
    return pair;
  }
}

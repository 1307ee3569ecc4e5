// The arrays the onnx engine's graphs write parameters and velocities into
// (output-buffers.ts): two per output, never the one the state holds, so
// the step before's values stay whole until the new ones are applied.
import { describe, expect, it } from 'vitest';
import { loadOrt } from '../../src/runtime/onnx/ort.js';
import { OutputBuffers } from '../../src/runtime/onnx/output-buffers.js';
import type { ProgramOutput } from '../../src/step/program.js';

const outputs: ProgramOutput[] = [
  { name: 'param:h1.W', shape: [3, 2], role: { kind: 'param', param: 'h1.W' }, value: 'new_W' },
  { name: 'velocity:h1.W', shape: [3, 2], role: { kind: 'velocity', param: 'h1.W' }, value: 'v_W' },
  { name: 'check', shape: [4], role: { kind: 'check' }, value: 'check' },
];

describe('the output buffers of the onnx engine', () => {
  const ort = loadOrt()!;

  it('hands each parameter and velocity the array of its pair the state does not hold', () => {
    const buffers = new OutputBuffers(ort);
    const held = new Map<string, Float32Array | null>([
      ['param:h1.W', new Float32Array(6)],
      ['velocity:h1.W', null],
    ]);
    const seen = new Set<Float32Array>();
    for (let step = 0; step < 6; step++) {
      const into = buffers.into(outputs, (output) => held.get(output.name) ?? null);
      // The check vector is left to ONNX Runtime: only what the state keeps is written in place.
      expect(Object.keys(into).sort()).toEqual(['param:h1.W', 'velocity:h1.W']);
      for (const [name, tensor] of Object.entries(into)) {
        const array = tensor.data as Float32Array;
        expect(tensor.dims).toEqual([3, 2]);
        expect(array).not.toBe(held.get(name));
        seen.add(array);
        // The step is applied: the state now holds what it wrote.
        held.set(name, array);
      }
    }
    // Two arrays per output, taken in turn.
    expect(seen.size).toBe(4);
  });

  it('leaves the held array alone when a step is not applied (it diverged)', () => {
    const buffers = new OutputBuffers(ort);
    const state = Float32Array.of(1, 2, 3, 4, 5, 6);
    const first = buffers.into(outputs, () => state)['param:h1.W'].data as Float32Array;
    first.fill(Number.NaN);
    // Not applied: the next step is handed the same array again, the state's stays whole.
    const again = buffers.into(outputs, () => state)['param:h1.W'].data as Float32Array;
    expect(again).toBe(first);
    expect(Array.from(state)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

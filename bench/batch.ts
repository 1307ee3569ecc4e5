// One batch of a step graph's feeds, as the graph benches (graph.ts,
// beside.ts) run it: the first 600 real MNIST training images (the first 60
// of them labeled), the input layer's products over the batch's non-zero
// columns as the onnx engine runs them (step/input-columns.ts), masks of
// p = 0.25, Glorot-sized weights and small factors.
import path from 'node:path';
import type { Experiment } from '../src/ir/types.js';
import { gatherColumns, keptColumns, rowBits } from '../src/runtime/data/columns.js';
import { readIdx } from '../src/runtime/data/idx.js';
import { mnistFolder } from '../src/runtime/data/load-data.js';
import { loadOrt, type Ort, type OrtTensor } from '../src/runtime/onnx/ort.js';
import { onnxStepProgram } from '../src/runtime/onnx/step-graphs.js';
import { rngFor } from '../src/runtime/prng.js';
import type { ProgramInput, StepProgram } from '../src/step/program.js';

export const ROWS = 600;
export const LABELED = 60;
export const INPUT = 784;

/** The first `count` MNIST training images, pixels in [0, 1]. */
export function mnistRows(count: number): Float32Array {
  const images = readIdx(path.join(mnistFolder(), 'train-images-idx3-ubyte'), 'images');
  return Float32Array.from(images.values.subarray(0, count * INPUT), (v) => Number(v) / 255);
}

const pixels = mnistRows(ROWS);
const bits = rowBits(pixels, INPUT);
const rowsOf = (count: number) => Int32Array.from({ length: count }, (_, r) => r);
/** The columns the batch's rows and its labeled rows keep. */
export const kept = {
  columns: keptColumns(bits, INPUT, rowsOf(ROWS)),
  labeledColumns: keptColumns(bits, INPUT, rowsOf(LABELED)),
};

/** A batch's values: MNIST rows (masked for x̃), keep masks of p = 0.25, one-hot targets, Glorot-sized weights, small factors. */
function inputValues(input: ProgramInput, dims: readonly number[], seed: number): Float32Array {
  const rng = rngFor('bench-graph', seed);
  const size = dims.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  const role = input.role;
  if (role.kind === 'rows' || role.kind === 'labeledRows' || role.kind === 'noisyInput') {
    const count = dims[0];
    const columns =
      input.shape[1] === 'columns' || input.shape[1] === 'labeledColumns' ? kept[input.shape[1]] : null;
    const full = pixels.slice(0, count * INPUT);
    if (role.kind === 'noisyInput')
      for (let i = 0; i < full.length; i++) if (rng.nextFloat() < 0.25) full[i] = 0;
    return columns ? gatherColumns(full, INPUT, rowsOf(count), columns, values) : full;
  } else if (role.kind === 'targets') {
    for (let row = 0; row < dims[0]; row++) values[row * dims[1] + (row % dims[1])] = 1;
  } else if (role.kind === 'keep') {
    for (let i = 0; i < size; i++) values[i] = rng.nextFloat() < 0.25 ? 0 : 1;
  } else if (role.kind === 'param' || role.kind === 'velocity') {
    const range = dims.length === 2 ? Math.sqrt(6 / (dims[0] + dims[1])) : 0;
    for (let i = 0; i < size; i++) values[i] = (rng.nextFloat() * 2 - 1) * range;
  } else if (role.kind === 'factor') {
    values.fill(-1e-5);
  } else {
    for (let i = 0; i < size; i++) values[i] = rng.nextFloat() * 2 - 1;
  }
  return values;
}

/** The feeds of one batch of a step program's graph. */
export function batchFeeds(program: StepProgram, ort: Ort = loadOrt()!): Record<string, OrtTensor> {
  const feeds: Record<string, OrtTensor> = {};
  program.inputs.forEach((input, index) => {
    const dims = input.shape.map((d) => {
      if (typeof d === 'number') return d;
      return d === 'rows' ? ROWS : d === 'labeled' ? LABELED : kept[d].length;
    });
    const role = input.role;
    feeds[input.name] =
      role.kind === 'columns'
        ? ort.int32(role.of === 'rows' ? kept.columns : kept.labeledColumns, dims)
        : ort.float32(inputValues(input, dims, index), dims);
  });
  return feeds;
}

/** A workload's reconstruction step with every DAE and its losses, as trained, as one graph. */
export function reconstructionProgram(experiment: Experiment): StepProgram {
  const daes = experiment.reconstruct.map((_, slot) => slot);
  return onnxStepProgram(experiment, { kind: 'reconstruction', daes, losses: true });
}

// What a step program's inputs hold for one step, whatever executes it (an
// ONNX graph, or generated TypeScript on TensorFlow.js): the step key of a
// request, the rows gathered from the pool, the noise drawn for each DAE,
// the scalar factors computed exactly as the hand-written step code computes
// them, and the reading of the check vector.
import type { ProgramInput, ScalarFactor, StepKey, StepProgram } from '../../step/program.js';
import type { NonZeros } from '../data/columns.js';
import { gatherOneHot } from '../data/gather.js';
import type { DaeTerm } from '../grad/reconstruction-grad.js';
import type { TrainingSetup } from '../train/state.js';
import type { BatchView, StepRequest } from '../train/step-engine.js';
import {
  fillInput,
  isFillKind,
  isNoiseKind,
  type PoolSource,
  type StepPlace,
  shapeDims,
  withColumns,
} from './step-fill.js';

/** What one step's inputs are computed from. */
export interface StepData extends StepPlace {
  readonly setup: TrainingSetup;
  readonly request: StepRequest;
  readonly terms: readonly DaeTerm[];
  readonly pool: PoolSource;
}

/**
 * What the run's steps draw their rows and noise from (`sparse`: the pool's
 * non-zero pixels, or null; `rowBits`: its rows' non-zero columns, when steps
 * keep only those).
 */
export function poolSource(
  setup: TrainingSetup,
  sparse: NonZeros | null,
  rowBits: Uint32Array | null = null,
): PoolSource {
  return {
    pixels: setup.poolPixels,
    dim: setup.data.train.dim,
    sparse,
    rowBits,
    seed: setup.experiment.train.seed,
    noises: setup.experiment.reconstruct.map((dae) => dae.noise),
  };
}

/** Whether the run masks the input layer (its masks then visit only the pool's non-zero pixels). */
export function masksInput(setup: TrainingSetup): boolean {
  return setup.experiment.reconstruct.some((dae) => dae.layerIndex === 0 && dae.noise.kind === 'mask');
}

/** What a step's inputs are computed from, at `place` (its kept columns found here unless it has them). */
export function stepData(
  setup: TrainingSetup,
  request: StepRequest,
  pool: PoolSource,
  place: StepPlace,
): StepData {
  return { setup, request, pool, terms: request.reconstruction?.terms ?? [], ...withColumns(place, pool) };
}

/** The step's place and rows (what its rows and noise are drawn from); no kept columns yet (withColumns). */
export function stepPlace(
  batch: Pick<BatchView, 'epoch' | 'index' | 'rowsFor'>,
  request: StepRequest,
): StepPlace {
  const { supervised, reconstruction } = request;
  return {
    epoch: batch.epoch,
    batch: batch.index,
    stepIndex: request.stepIndex,
    rows: reconstruction ? batch.rowsFor(reconstruction.rows) : null,
    labeled: supervised ? batch.rowsFor('labeled') : null,
    columns: null,
    labeledColumns: null,
  };
}

/** The step key of a request. */
export function stepKeyOf(request: StepRequest, losses: boolean): StepKey {
  const { supervised, reconstruction } = request;
  const kind = supervised && reconstruction ? 'joint' : supervised ? 'supervised' : 'reconstruction';
  return { kind, daes: (reconstruction?.terms ?? []).map((term) => term.slot), losses };
}

/** An input's sizes, the row and kept-column counts filled in. */
export function inputDims(input: ProgramInput, data: StepPlace): number[] {
  return shapeDims(input.shape, data);
}

/** Whether an input holds only the kept input columns of its rows (step/input-columns.ts). */
export function keepsColumns(input: ProgramInput): boolean {
  const columns = input.shape[1];
  return columns === 'columns' || columns === 'labeledColumns';
}

/**
 * What names a row or noise input among a step's prepared inputs: its name,
 * and whether it holds only the kept columns (the parts of a step, step/parts.ts,
 * may each have an `x`, one over every column and one over the kept ones).
 */
export function preparedName(input: ProgramInput): string {
  return keepsColumns(input) ? `${input.name}@kept` : input.name;
}

/** The kept columns a `columns` input is fed. */
export function columnsInput(input: ProgramInput, data: StepPlace): Int32Array {
  if (input.role.kind !== 'columns') throw new Error(`internal: ${input.name} is not a columns input`);
  const columns = input.role.of === 'rows' ? data.columns : data.labeledColumns;
  if (!columns) throw new Error('internal: a step keeps input columns its pool has no row bits for');
  return columns;
}

/** Whether an input is noise (for the time split); rows and targets are gathering. */
export function isNoise(input: ProgramInput): boolean {
  const kind = input.role.kind;
  return isFillKind(kind) && isNoiseKind(kind);
}

/**
 * The values of an input that is not a parameter or velocity. Rows and noise
 * are written into the run's scratch arrays (`prefix` keeps executors apart):
 * valid until the next step.
 */
export function inputValues(input: ProgramInput, data: StepData, prefix: string): Float32Array {
  const { setup } = data;
  const size = inputDims(input, data).reduce((a, b) => a * b, 1);
  const role = input.role;
  switch (role.kind) {
    case 'rows':
    case 'labeledRows':
    case 'noisyInput':
    case 'keep':
    case 'add': {
      const dae = 'slot' in role ? role.slot : -1;
      const kept = keepsColumns(input);
      const out = setup.scratch.array(`${prefix}:${role.kind}:${dae}:${kept}`, size);
      return fillInput(role.kind, dae, data.pool, data, out, kept);
    }
    case 'targets': {
      const examples = data.labeled!.map((row) => setup.split.pool[row]);
      return gatherOneHot(setup.data.train, examples, setup.classes);
    }
    case 'factor':
      return Float32Array.of(factorValue(role.factor, data));
    case 'param':
    case 'velocity':
      throw new Error(`internal: ${role.kind} ${role.param} is fed from the training state`);
    case 'columns':
      throw new Error(`internal: ${input.name} is fed as integers (columnsInput)`);
    case 'computed':
      throw new Error(`internal: ${input.name} is handed over by the step's previous piece`);
  }
}

/** The scalar factors, computed exactly as the hand-written step code computes them. */
function factorValue(factor: ScalarFactor, data: StepData): number {
  const n = data.rows?.length ?? 0;
  const nl = data.labeled?.length ?? 0;
  switch (factor.kind) {
    case 'supervised': {
      const { weight, lr } = data.request.supervised!;
      return (factor.costMultiplier * (-lr * weight)) / nl;
    }
    case 'perLabeledRow':
      return 1 / nl;
    case 'dae': {
      const term = data.terms.find((t) => t.slot === factor.slot)!;
      return (factor.costMultiplier * term.factor) / n / factor.featureDivisor;
    }
    case 'daeLoss': {
      const term = data.terms.find((t) => t.slot === factor.slot)!;
      return term.lossFactor / n / factor.featureDivisor;
    }
  }
}

/** What the check vector says went non-finite (the TrainingDivergedError's words), or null. */
export function divergence(program: StepProgram, check: ArrayLike<number>): string | null {
  for (let i = 0; i < check.length; i++) {
    if (Number.isFinite(check[i])) continue;
    if (i === 0) return 'the supervised loss';
    if (i === 1) return 'the reconstruction loss';
    return `weight ${program.updates[i - 2]}`;
  }
  return null;
}

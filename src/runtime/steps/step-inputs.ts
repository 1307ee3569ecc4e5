// What a step program's inputs hold for one step, whatever executes it (an
// ONNX graph, or generated TypeScript on TensorFlow.js): the step key of a
// request, the rows gathered from the pool, the noise drawn for each DAE,
// the scalar factors computed exactly as the hand-written step code computes
// them, and the reading of the check vector.
import type { ProgramInput, ScalarFactor, StepKey, StepProgram } from '../../step/program.js';
import { gatherOneHot } from '../data/gather.js';
import type { DaeTerm } from '../grad/reconstruction-grad.js';
import type { NonZeros } from '../noise/element-noise.js';
import type { TrainingSetup } from '../train/state.js';
import type { BatchView, StepRequest } from '../train/step-engine.js';
import { fillInput, isFillKind, isNoiseKind, type PoolSource, type StepPlace } from './step-fill.js';

/** What one step's inputs are computed from. */
export interface StepData extends StepPlace {
  readonly setup: TrainingSetup;
  readonly request: StepRequest;
  readonly terms: readonly DaeTerm[];
  readonly pool: PoolSource;
}

/** What the run's steps draw their rows and noise from (`sparse`: the pool's non-zero pixels, or null). */
export function poolSource(setup: TrainingSetup, sparse: NonZeros | null): PoolSource {
  return {
    pixels: setup.poolPixels,
    dim: setup.data.train.dim,
    sparse,
    seed: setup.experiment.train.seed,
    noises: setup.experiment.reconstruct.map((dae) => dae.noise),
  };
}

/** Whether the run masks the input layer (its masks then visit only the pool's non-zero pixels). */
export function masksInput(setup: TrainingSetup): boolean {
  return setup.experiment.reconstruct.some((dae) => dae.layerIndex === 0 && dae.noise.kind === 'mask');
}

export function stepData(
  setup: TrainingSetup,
  batch: BatchView,
  request: StepRequest,
  pool: PoolSource,
): StepData {
  return { setup, request, pool, terms: request.reconstruction?.terms ?? [], ...stepPlace(batch, request) };
}

/** The step's place and rows (what its rows and noise are drawn from). */
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
  };
}

/** The step key of a request. */
export function stepKeyOf(request: StepRequest, losses: boolean): StepKey {
  const { supervised, reconstruction } = request;
  const kind = supervised && reconstruction ? 'joint' : supervised ? 'supervised' : 'reconstruction';
  return { kind, daes: (reconstruction?.terms ?? []).map((term) => term.slot), losses };
}

/** An input's sizes, the row counts filled in. */
export function inputDims(input: ProgramInput, data: StepPlace): number[] {
  const n = data.rows?.length ?? 0;
  const nl = data.labeled?.length ?? 0;
  return input.shape.map((d) => (d === 'rows' ? n : d === 'labeled' ? nl : d));
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
      const out = setup.scratch.array(`${prefix}:${role.kind}:${dae}`, size);
      return fillInput(role.kind, dae, data.pool, data, out);
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

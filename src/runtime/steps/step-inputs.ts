// What a step program's inputs hold for one step, whatever executes it (an
// ONNX graph, or generated TypeScript on TensorFlow.js): the step key of a
// request, the rows gathered from the pool, the noise drawn for each DAE,
// the scalar factors computed exactly as the hand-written step code computes
// them, and the reading of the check vector.
import type { ProgramInput, ScalarFactor, StepKey, StepProgram } from '../../step/program.js';
import { gatherOneHot, gatherRows } from '../data/gather.js';
import type { DaeTerm } from '../grad/reconstruction-grad.js';
import {
  corruptRows,
  fillGaussian,
  fillKeep,
  fillSalt,
  type NonZeros,
  noiseKey,
} from '../noise/element-noise.js';
import type { TrainingSetup } from '../train/state.js';
import type { BatchView, StepRequest } from '../train/step-engine.js';

/** What one step's inputs are computed from. */
interface StepData {
  readonly setup: TrainingSetup;
  readonly batch: BatchView;
  readonly request: StepRequest;
  readonly terms: readonly DaeTerm[];
  /** Pool positions of the reconstruction term's rows, of the supervised term's labeled rows. */
  readonly rows: Int32Array | null;
  readonly labeled: Int32Array | null;
  /** Non-zero pixels of the pool, for the input layer's masks (null: draw every element). */
  readonly sparse: NonZeros | null;
}

export function stepData(
  setup: TrainingSetup,
  batch: BatchView,
  request: StepRequest,
  sparse: NonZeros | null,
): StepData {
  const { supervised, reconstruction } = request;
  return {
    setup,
    batch,
    request,
    terms: reconstruction?.terms ?? [],
    rows: reconstruction ? batch.rowsFor(reconstruction.rows) : null,
    labeled: supervised ? batch.rowsFor('labeled') : null,
    sparse,
  };
}

/** The step key of a request. */
export function stepKeyOf(request: StepRequest, losses: boolean): StepKey {
  const { supervised, reconstruction } = request;
  const kind = supervised && reconstruction ? 'joint' : supervised ? 'supervised' : 'reconstruction';
  return { kind, daes: (reconstruction?.terms ?? []).map((term) => term.slot), losses };
}

/** An input's sizes, the row counts filled in. */
export function inputDims(input: ProgramInput, data: StepData): number[] {
  const n = data.rows?.length ?? 0;
  const nl = data.labeled?.length ?? 0;
  return input.shape.map((d) => (d === 'rows' ? n : d === 'labeled' ? nl : d));
}

/** Whether an input is noise (for the time split); rows and targets are gathering. */
export function isNoise(input: ProgramInput): boolean {
  const kind = input.role.kind;
  return kind === 'noisyInput' || kind === 'keep' || kind === 'add';
}

/**
 * The values of an input that is not a parameter or velocity. Rows and noise
 * are written into the run's scratch arrays (`prefix` keeps executors apart):
 * valid until the next step.
 */
export function inputValues(input: ProgramInput, data: StepData, prefix: string): Float32Array {
  const { setup } = data;
  const dim = setup.data.train.dim;
  const size = inputDims(input, data).reduce((a, b) => a * b, 1);
  const role = input.role;
  switch (role.kind) {
    case 'rows':
      return gatherRows(setup.poolPixels, dim, data.rows!, setup.scratch.array(`${prefix}:rows`, size));
    case 'labeledRows':
      return gatherRows(setup.poolPixels, dim, data.labeled!, setup.scratch.array(`${prefix}:labeled`, size));
    case 'targets': {
      const examples = data.labeled!.map((row) => setup.split.pool[row]);
      return gatherOneHot(setup.data.train, examples, setup.classes);
    }
    case 'noisyInput':
    case 'keep':
    case 'add':
      return noiseValues(role, data, setup.scratch.array(`${prefix}:${role.kind}:${role.slot}`, size));
    case 'factor':
      return Float32Array.of(factorValue(role.factor, data));
    case 'param':
    case 'velocity':
      throw new Error(`internal: ${role.kind} ${role.param} is fed from the training state`);
  }
}

function noiseValues(
  role: Extract<ProgramInput['role'], { kind: 'noisyInput' | 'keep' | 'add' }>,
  data: StepData,
  out: Float32Array,
): Float32Array {
  const { setup, batch, request } = data;
  const noise = setup.experiment.reconstruct[role.slot].noise;
  const key = noiseKey(setup.experiment.train.seed, batch.epoch, batch.index, request.stepIndex, role.slot);
  if (role.kind === 'noisyInput') {
    corruptRows(noise, key, setup.poolPixels, setup.data.train.dim, data.rows!, out, data.sparse);
  } else if (role.kind === 'keep' && (noise.kind === 'mask' || noise.kind === 'salt_pepper')) {
    fillKeep(out, key, noise.p);
  } else if (noise.kind === 'salt_pepper') {
    fillSalt(out, key, noise.p);
  } else if (noise.kind === 'gaussian') {
    fillGaussian(out, key, noise.sigma);
  } else {
    throw new Error(`internal: no ${role.kind} input for ${noise.kind} noise`);
  }
  return out;
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

// One gradient step: gradients, the SGD update and the NaN/Inf check, with a
// single data read per step (the losses and one sum per updated parameter).
import * as tf from '@tensorflow/tfjs-core';
import { type StepPosition, TrainingDivergedError } from '../errors.js';
import { Gradients } from '../grad/gradients.js';
import { replaceTensors, sgdUpdate } from './sgd.js';
import type { TrainingSetup, TrainingState } from './state.js';

interface StepLosses {
  readonly supervised: tf.Scalar | null;
  readonly reconstruction: tf.Scalar | null;
}

export interface StepResult {
  readonly supervisedLoss: number | null;
  readonly reconstructionLoss: number | null;
}

/** `compute` adds the gradient of −lr·(the step's objective) to `grads` (the update to apply), and returns the unscaled losses. */
export function takeStep(
  setup: TrainingSetup,
  state: TrainingState,
  position: StepPosition,
  compute: (grads: Gradients) => StepLosses,
): StepResult {
  const momentum = setup.experiment.train.optimizer.momentum;
  // tf.tidy keeps tensors found in returned arrays and objects (not in Maps).
  const result = tf.tidy(() => {
    const grads = new Gradients();
    const losses = compute(grads);
    const update = sgdUpdate(state.params, state.velocity, grads, momentum);
    const names = [...update.params.keys()];
    const params = names.map((name) => update.params.get(name)!);
    const velocityNames = [...update.velocity.keys()];
    const velocity = velocityNames.map((name) => update.velocity.get(name)!);
    const checks = [
      losses.supervised ?? tf.scalar(0),
      losses.reconstruction ?? tf.scalar(0),
      ...params.map((tensor) => tf.sum(tensor)),
    ];
    return { params, velocity, check: tf.stack(checks), names, velocityNames };
  });
  const check = result.check.dataSync();
  result.check.dispose();
  const bad = [...check].findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    for (const tensor of [...result.params, ...result.velocity]) tensor.dispose();
    const what =
      bad === 0
        ? 'the supervised loss'
        : bad === 1
          ? 'the reconstruction loss'
          : `weight ${result.names[bad - 2]}`;
    throw new TrainingDivergedError(position, what, state.lastCheckpoint);
  }
  replaceTensors(state.params, result.names, result.params);
  replaceTensors(state.velocity, result.velocityNames, result.velocity);
  state.stepsTaken++;
  if (!setup.computeLosses) return { supervisedLoss: null, reconstructionLoss: null };
  return { supervisedLoss: check[0], reconstructionLoss: check[1] };
}

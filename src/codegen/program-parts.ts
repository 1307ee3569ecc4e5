// The pieces of a trainer program, decided from the IR alone: which epoch
// functions it defines (weights, per-DAE factors, learning rates) and the
// straight-line statements of its per-batch step order.
import type { Experiment, Expr, Schedule, Step } from '../ir/types.js';

/** A generated `(t, T) => number` function. */
export interface EpochFunctionPart {
  readonly name: string;
  readonly doc: string;
  readonly expr: Expr;
}

interface ProgramParts {
  readonly supervisedWeight: EpochFunctionPart;
  readonly reconstructionWeight: EpochFunctionPart;
  readonly learningRate: EpochFunctionPart;
  readonly daeWeights: readonly EpochFunctionPart[];
  /** The steps' own learning rates, in step order. */
  readonly stepLearningRates: readonly EpochFunctionPart[];
  /** Statements of `trainBatch(steps, t, T)`, one per step. */
  readonly trainBatchBody: readonly string[];
}

function scheduleText(schedule: Schedule): string {
  return schedule.args.length === 0 ? schedule.name : `${schedule.name}(${schedule.args.join(', ')})`;
}

function stepText(step: Step): string {
  return `step ${step.objective} on ${step.rows}`;
}

const callArgs = '(t, T)';

export function programParts(experiment: Experiment): ProgramParts {
  const schedule = experiment.weights.schedule;
  const from = schedule ? ` (weights schedule ${scheduleText(schedule)})` : '';
  const supervisedWeight = {
    name: 'supervisedWeight',
    doc: `lambda_s(t): importance weight of the supervised task J_s, Eq. 4${from}.`,
    expr: experiment.weights.supervised,
  };
  const reconstructionWeight = {
    name: 'reconstructionWeight',
    doc: `lambda_r(t): importance weight of the reconstruction task J_r, Eq. 4${from}.`,
    expr: experiment.weights.reconstruction,
  };
  const learningRate = {
    name: 'learningRate',
    doc: 'train.lr(t): the learning rate of every step without its own.',
    expr: experiment.train.lr,
  };
  const daeWeights = experiment.reconstruct.map((dae, index) => ({
    name: `daeWeight${index}`,
    doc: `Factor on lambda_r(t) for the DAE on hidden layer ${dae.layer}.`,
    expr: dae.weight,
  }));

  const order = experiment.train.order;
  const stepLearningRates: EpochFunctionPart[] = [];
  const trainBatchBody: string[] = [];
  if (order.kind === 'joint') {
    trainBatchBody.push(
      `steps.joint({ supervisedWeight: ${supervisedWeight.name}${callArgs}, reconstructionWeight: ${reconstructionWeight.name}${callArgs}, lr: ${learningRate.name}${callArgs} });`,
    );
  } else {
    order.steps.forEach((step, index) => {
      let lrName = learningRate.name;
      if (step.lr !== null) {
        lrName = `step${index + 1}LearningRate`;
        stepLearningRates.push({
          name: lrName,
          doc: `lr(t) of step ${index + 1} (${stepText(step)}).`,
          expr: step.lr,
        });
      }
      const weight = step.objective === 'supervised' ? supervisedWeight.name : reconstructionWeight.name;
      trainBatchBody.push(
        `steps.${step.objective}({ rows: '${step.rows}', weight: ${weight}${callArgs}, lr: ${lrName}${callArgs} });`,
      );
    });
  }
  return {
    supervisedWeight,
    reconstructionWeight,
    learningRate,
    daeWeights,
    stepLearningRates,
    trainBatchBody,
  };
}

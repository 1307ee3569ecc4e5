// A TrainerProgram interpreted from an experiment's IR: what a generated
// trainer does, without generating code.

import { compileExpr } from '../expr/evaluate.js';
import type { Experiment, Expr } from '../ir/types.js';
import type { StepContext, TrainerProgram } from './program.js';

/** An IR expression as a function of the epoch: the checker's compiled evaluator, shared. */
function epochFunction(expr: Expr): (t: number, T: number) => number {
  const compiled = compileExpr(expr);
  return (t, T) => compiled(t, T);
}

export function programFromExperiment(
  experiment: Experiment,
  options: { readonly source: string },
): TrainerProgram {
  const supervisedWeight = epochFunction(experiment.weights.supervised);
  const reconstructionWeight = epochFunction(experiment.weights.reconstruction);
  const learningRate = epochFunction(experiment.train.lr);
  const order = experiment.train.order;
  const steps =
    order.kind === 'alternate'
      ? order.steps.map((step) => ({
          objective: step.objective,
          rows: step.rows,
          weight: step.objective === 'supervised' ? supervisedWeight : reconstructionWeight,
          lr: step.lr ? epochFunction(step.lr) : learningRate,
        }))
      : [];
  const trainBatch = (context: StepContext, t: number, T: number) => {
    if (order.kind === 'joint') {
      context.joint({
        supervisedWeight: supervisedWeight(t, T),
        reconstructionWeight: reconstructionWeight(t, T),
        lr: learningRate(t, T),
      });
      return;
    }
    for (const step of steps) {
      context[step.objective]({ rows: step.rows, weight: step.weight(t, T), lr: step.lr(t, T) });
    }
  };
  return {
    source: options.source,
    experiment,
    supervisedWeight,
    reconstructionWeight,
    learningRate,
    daeWeights: experiment.reconstruct.map((dae) => epochFunction(dae.weight)),
    trainBatch,
  };
}

// The schedules a checked file defines, evaluated over t = 0…T−1 for Fig. 1:
// each experiment's λ_s, λ_r and lr, and each sweep's `vary weights` schedules
// (with its base experiment's T and lr). No training: straight from the IR.
import { evaluateSeries } from '../check/schedules.js';
import { scheduleWeights } from '../check/weights.js';
import type { Experiment, MtlIr, Schedule, Sweep } from '../ir/types.js';
import type { ScheduleSeries } from './weights-chart.js';

export function scheduleText(schedule: Schedule): string {
  return schedule.args.length === 0 ? schedule.name : `${schedule.name}(${schedule.args.join(', ')})`;
}

function experimentSeries(experiment: Experiment): ScheduleSeries {
  const T = experiment.train.epochs;
  const { schedule } = experiment.weights;
  return {
    label: schedule ? `${experiment.name}: ${scheduleText(schedule)}` : experiment.name,
    lambdaS: evaluateSeries(experiment.weights.supervised, T),
    lambdaR: evaluateSeries(experiment.weights.reconstruction, T),
    lr: evaluateSeries(experiment.train.lr, T),
  };
}

/** One series per schedule a sweep varies over (its base's weights when it varies none). */
function sweepSeries(sweep: Sweep, base: Experiment): ScheduleSeries[] {
  const T = base.train.epochs;
  const lr = evaluateSeries(base.train.lr, T);
  const schedules: Schedule[] = [];
  for (const vary of sweep.vary) {
    if (vary.path !== 'weights') continue;
    for (const value of vary.values) if (value.kind === 'schedule') schedules.push(value.schedule);
  }
  if (schedules.length === 0) return [{ ...experimentSeries(base), label: `${sweep.name}: ${base.name}` }];
  return schedules.map((schedule) => {
    const weights = scheduleWeights(schedule);
    return {
      label: scheduleText(schedule),
      lambdaS: evaluateSeries(weights.supervised, T),
      lambdaR: evaluateSeries(weights.reconstruction, T),
      lr,
    };
  });
}

type WeightsSelection =
  | { readonly ok: true; readonly series: readonly ScheduleSeries[] }
  | { readonly ok: false; readonly message: string };

/**
 * The series of the named experiments or sweeps (imported experiments can be named), or
 * else of every experiment and sweep the file declares. Identical labels are kept once.
 */
export function weightsSeries(
  ir: MtlIr,
  options: {
    readonly declared: readonly string[];
    readonly wanted: readonly string[];
    readonly source: string;
  },
): WeightsSelection {
  const experiments = new Map(ir.experiments.map((e) => [e.name, e]));
  const sweeps = new Map(ir.sweeps.map((s) => [s.name, s]));
  const names =
    options.wanted.length > 0 ? options.wanted : [...options.declared, ...ir.sweeps.map((s) => s.name)];
  if (names.length === 0) {
    return { ok: false, message: `${options.source} declares no experiment or sweep` };
  }
  const series: ScheduleSeries[] = [];
  for (const name of names) {
    const experiment = experiments.get(name);
    const sweep = sweeps.get(name);
    const base = sweep && experiments.get(sweep.base);
    if (experiment) series.push(experimentSeries(experiment));
    else if (sweep && base) series.push(...sweepSeries(sweep, base));
    else {
      const known = [...experiments.keys(), ...sweeps.keys()].join(', ') || 'none';
      return { ok: false, message: `no experiment or sweep named '${name}' in ${options.source} (${known})` };
    }
  }
  const seen = new Set<string>();
  return { ok: true, series: series.filter((s) => !seen.has(s.label) && seen.add(s.label)) };
}

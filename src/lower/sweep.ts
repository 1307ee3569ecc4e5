// One checked sweep → its IR. Values keep their expressions over the varied
// names (`50000 - labeled`); the sweep runner evaluates them per cell.
import { isExpr } from '../check/settings.js';
import { pathOf, sweepModel } from '../check/sweep-model.js';
import type { SymbolTable } from '../check/symbols.js';
import { SWEEP_PATHS } from '../check/vocabulary.js';
import { readSchedule } from '../check/weights.js';
import { lowerExpr } from '../expr/lower.js';
import type { Override, Sweep, SweepValue } from '../ir/types.js';
import type { SweepValue as AstSweepValue, SweepDecl } from '../syntax/ast.js';
import { DEFAULTS } from './experiment.js';
import { LoweringError, lowerCost, lowerDecoder, lowerNoise, lowerOptimizer } from './settings.js';

function lowerValue(path: string, value: AstSweepValue | undefined): SweepValue {
  if (!value) throw new LoweringError(`cannot lower a value of ${path}`);
  if (value.kind === 'WeightsSchedule') {
    const read = readSchedule(value.schedule);
    if (!read || 'problem' in read)
      throw new LoweringError(`cannot lower schedule ${value.schedule.name.name}`);
    return { kind: 'schedule', schedule: read.schedule };
  }
  const kind = SWEEP_PATHS[path]?.value;
  if (kind === 'noise') return { kind: 'noise', noise: lowerNoise(value) };
  if (kind === 'decoder') return { kind: 'decoder', decoder: lowerDecoder(value) };
  if (kind === 'cost') return { kind: 'cost', ...lowerCost(value) };
  if (kind === 'optimizer') return { kind: 'optimizer', optimizer: lowerOptimizer(value, DEFAULTS.momentum) };
  if ((kind === 'network' || kind === 'word') && value.kind === 'Name')
    return { kind: 'name', name: value.name };
  const expr = isExpr(value) ? lowerExpr(value) : undefined;
  if (!expr) throw new LoweringError(`cannot lower a value of ${path}`);
  return { kind: 'expr', expr };
}

export function lowerSweep(decl: SweepDecl, symbols: SymbolTable): Sweep {
  const model = sweepModel(decl, symbols);
  if (!model.base) throw new LoweringError(`sweep ${decl.name.name} has no base`);
  const overrides = (block: typeof model.baseline): Override[] =>
    (block?.overrides ?? []).map((o) => ({
      path: pathOf(o.path),
      value: lowerValue(pathOf(o.path), o.value),
    }));
  return {
    name: decl.name.name,
    base: model.base.name.name,
    vary: model.vary.map((v) => ({
      path: v.path,
      values: v.item.values.map((value) => lowerValue(v.path, value)),
    })),
    baseline: overrides(model.baseline),
    control: model.control ? overrides(model.control) : null,
    repeat: model.repeat?.count?.value ?? 1,
  };
}

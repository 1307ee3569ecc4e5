// A sweep (§10) as the rules and the lowering see it: its base experiment, its
// varied paths with the names values use for them (the last part of the path),
// and its baseline and control overrides.
import type {
  ExperimentDecl,
  Expr,
  SettingPath,
  SweepDecl,
  SweepOverrides,
  SweepRepeat,
  SweepValue,
  SweepVary,
} from '../syntax/ast.js';
import type { ExprScope } from './expr-check.js';
import { isExpr } from './settings.js';
import type { SymbolTable } from './symbols.js';
import { SWEEP_PATHS, type SweepPathInfo } from './vocabulary.js';

interface VariedPath {
  readonly item: SweepVary;
  readonly path: string;
  /** The name values use for it: the last part of the path (`labeled` for data.labeled). */
  readonly name: string;
  readonly info?: SweepPathInfo;
}

export interface SweepModel {
  readonly decl: SweepDecl;
  readonly base?: ExperimentDecl;
  /** The first vary of each path. */
  readonly vary: readonly VariedPath[];
  readonly baseline?: SweepOverrides;
  readonly control?: SweepOverrides;
  readonly repeat?: SweepRepeat;
}

export function pathOf(path: SettingPath | { readonly parts: readonly { readonly name: string }[] }): string {
  return path.parts.map((p) => p.name).join('.');
}

export function sweepModel(decl: SweepDecl, symbols: SymbolTable): SweepModel {
  let base: ExperimentDecl | undefined;
  const vary: VariedPath[] = [];
  let baseline: SweepOverrides | undefined;
  let control: SweepOverrides | undefined;
  let repeat: SweepRepeat | undefined;
  for (const item of decl.items) {
    switch (item.kind) {
      case 'SweepBase': {
        if (base) break;
        const ref = symbols.references.find((r) => r.span === item.experiment.span);
        if (ref?.symbol.node.kind === 'Experiment') base = ref.symbol.node;
        break;
      }
      case 'SweepVary': {
        const path = pathOf(item.path);
        if (item.path.parts.length === 0 || vary.some((v) => v.path === path)) break;
        vary.push({ item, path, name: item.path.parts.at(-1)!.name, info: SWEEP_PATHS[path] });
        break;
      }
      case 'SweepOverrides':
        if (item.which === 'baseline') baseline ??= item;
        else control ??= item;
        break;
      case 'SweepRepeat':
        repeat ??= item;
        break;
    }
  }
  return { decl, base, vary, baseline, control, repeat };
}

/** The names a value for `path` may use: the other varied names, and t and T where the value is a function of the epoch. */
export function valueScope(model: SweepModel, path: string, override: boolean): ExprScope {
  const names = model.vary.filter((v) => override || v.path !== path).map((v) => v.name);
  const epoch = SWEEP_PATHS[path]?.value === 'expr';
  return { names: epoch ? [...names, 't', 'T'] : names, what: path, constant: !epoch };
}

/** A sweep value as an expression, or undefined when it is a schedule. */
export function valueExpr(value: SweepValue | undefined): Expr | undefined {
  return value && isExpr(value) ? value : undefined;
}

// CST → AST for `sweep NAME { base …  vary …  baseline { … }  control { … }  repeat N }`.
import type {
  SettingPathCstNode,
  SweepBaseCstNode,
  SweepDeclCstNode,
  SweepOverrideCstNode,
  SweepOverridesCstNode,
  SweepRepeatCstNode,
  SweepValueCstNode,
  SweepVaryCstNode,
} from '../../grammar/cst.js';
import type {
  SettingPath,
  SweepBase,
  SweepDecl,
  SweepItem,
  SweepOverride,
  SweepOverrides,
  SweepRepeat,
  SweepValue,
  SweepVary,
} from './ast.js';
import { callLike, expression, scheduleRef } from './cst-to-expr.js';
import {
  hasInserted,
  identifier,
  inSourceOrder,
  numberLit,
  realTokens,
  spanOf,
  tokenAt,
} from './cst-tokens.js';

export function sweepDecl(node: SweepDeclCstNode): SweepDecl | undefined {
  const c = node.children;
  const name = identifier(tokenAt(c.Name));
  const body = c.sweepBody?.[0]?.children;
  if (!name || !body) return undefined;
  const items = inSourceOrder<SweepItem>([
    ...(body.sweepBase ?? []).map(sweepBase),
    ...(body.sweepVary ?? []).map(sweepVary),
    ...(body.sweepOverrides ?? []).map(sweepOverrides),
    ...(body.sweepRepeat ?? []).map(sweepRepeat),
  ]);
  return {
    kind: 'Sweep',
    name,
    items,
    span: spanOf(tokenAt(c.Sweep), name, ...items, tokenAt(body.RCurly))!,
  };
}

function sweepBase(node: SweepBaseCstNode): SweepBase | undefined {
  const experiment = identifier(tokenAt(node.children.Name));
  return (
    experiment && { kind: 'SweepBase', experiment, span: spanOf(tokenAt(node.children.Base), experiment)! }
  );
}

function settingPath(node: SettingPathCstNode | undefined): SettingPath | undefined {
  const c = node?.children;
  if (!c || hasInserted(c.Name)) return undefined;
  const parts = realTokens(c.Name).map((token) => identifier(token)!);
  // `data.` with nothing after the dot is not a path.
  if (parts.length === 0 || parts.length !== (c.Dot?.length ?? 0) + 1) return undefined;
  return { kind: 'SettingPath', parts, span: spanOf(...parts)! };
}

function sweepValue(node: SweepValueCstNode | undefined): SweepValue | undefined {
  const c = node?.children;
  if (!c) return undefined;
  if (c.callLike) return callLike(c.callLike[0]);
  if (c.wordList) {
    const words = realTokens(c.wordList[0].children.Identifier).map((token) => identifier(token)!);
    return words.length > 0 ? { kind: 'WordList', words, span: spanOf(...words)! } : undefined;
  }
  if (!c.scheduleRef) return expression(c.expression?.[0]);
  const schedule = scheduleRef(c.scheduleRef[0]);
  const keyword = tokenAt(c.scheduleRef[0].children.Schedule);
  return schedule && { kind: 'WeightsSchedule', schedule, span: spanOf(keyword, schedule)! };
}

function sweepVary(node: SweepVaryCstNode): SweepVary | undefined {
  const c = node.children;
  const path = settingPath(c.settingPath?.[0]);
  if (!path) return undefined;
  const values = (c.sweepValue ?? []).map(sweepValue).filter((value) => value !== undefined);
  const span = spanOf(tokenAt(c.Vary), path, ...values, tokenAt(c.RBracket))!;
  return { kind: 'SweepVary', path, values, span };
}

function sweepOverrides(node: SweepOverridesCstNode): SweepOverrides | undefined {
  const c = node.children;
  const keyword = tokenAt(c.OverridesKey);
  const body = c.overridesBody?.[0]?.children;
  if (!keyword || !body) return undefined;
  const overrides = inSourceOrder((body.sweepOverride ?? []).map(sweepOverride));
  const which = keyword.image as 'baseline' | 'control';
  return {
    kind: 'SweepOverrides',
    which,
    overrides,
    span: spanOf(keyword, ...overrides, tokenAt(body.RCurly))!,
  };
}

function sweepOverride(node: SweepOverrideCstNode): SweepOverride | undefined {
  const path = settingPath(node.children.settingPath?.[0]);
  if (!path) return undefined;
  const value = sweepValue(node.children.sweepValue?.[0]);
  return { kind: 'SweepOverride', path, value, span: spanOf(path, value)! };
}

function sweepRepeat(node: SweepRepeatCstNode): SweepRepeat {
  const count = numberLit(tokenAt(node.children.NumberLiteral));
  return { kind: 'SweepRepeat', count, span: spanOf(tokenAt(node.children.Repeat), count)! };
}

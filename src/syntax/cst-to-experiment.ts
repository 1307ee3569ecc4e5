// CST → AST for the items of `experiment NAME { … }`: data, network, reconstruct,
// weights and train blocks. Nodes whose required parts are missing are dropped;
// optional parts that failed are left out.
import type { IToken } from 'chevrotain';
import type {
  DataBlockCstNode,
  DataSettingCstNode,
  EverySettingCstNode,
  ExperimentBodyCstNode,
  ExperimentNetworkCstNode,
  LrSettingCstNode,
  NumberSettingCstNode,
  OptimizerSettingCstNode,
  OrderBlockCstNode,
  ReconstructBlockCstNode,
  SkipSettingCstNode,
  StepDeclCstNode,
  TrainBlockCstNode,
  WeightEquationCstNode,
  WeightsBlockCstNode,
} from '../../grammar/cst.js';
import type {
  DataBlock,
  ExperimentItem,
  InlineNetwork,
  NetworkRef,
  ReconstructBlock,
  Setting,
  StepDecl,
  TrainBlock,
  TrainItem,
  WeightEquation,
  WeightsBlock,
} from './ast.js';
import { callLike, expression, scheduleRef } from './cst-to-expr.js';
import type { ConvertContext } from './cst-to-network.js';
import { networkBody } from './cst-to-network.js';
import {
  identifier,
  inSourceOrder,
  numberLit,
  realTokens,
  spanOf,
  stringLit,
  tokenAt,
  tokenSpan,
} from './cst-tokens.js';

export function experimentItems(
  node: ExperimentBodyCstNode | undefined,
  ctx: ConvertContext,
): ExperimentItem[] {
  const c = node?.children;
  if (!c) return [];
  return inSourceOrder<ExperimentItem>([
    ...(c.dataBlock ?? []).map(dataBlock),
    ...(c.experimentNetwork ?? []).map((n) => experimentNetwork(n, ctx)),
    ...(c.reconstructBlock ?? []).map(reconstructBlock),
    ...(c.weightsBlock ?? []).map(weightsBlock),
    ...(c.trainBlock ?? []).map(trainBlock),
  ]);
}

function experimentNetwork(
  node: ExperimentNetworkCstNode,
  ctx: ConvertContext,
): NetworkRef | InlineNetwork | undefined {
  const c = node.children;
  const keyword = tokenAt(c.Network);
  if (c.networkBody) {
    const body = networkBody(c.networkBody[0], ctx);
    if (!body) return undefined;
    return { kind: 'InlineNetwork', ...body, span: spanOf(keyword, body)! };
  }
  const name = identifier(tokenAt(c.Name));
  return name && { kind: 'NetworkRef', name, span: spanOf(keyword, name)! };
}

function dataBlock(node: DataBlockCstNode): DataBlock | undefined {
  const c = node.children;
  const source = identifier(tokenAt(c.ValueName));
  const body = c.dataBody?.[0]?.children;
  if (!source || !body) return undefined;
  const settings = inSourceOrder((body.dataSetting ?? []).map(dataSetting));
  return {
    kind: 'Data',
    source,
    settings,
    span: spanOf(tokenAt(c.Data), source, ...settings, tokenAt(body.RCurly))!,
  };
}

function dataSetting(node: DataSettingCstNode): Setting | undefined {
  const c = node.children;
  const key = identifier(tokenAt(c.DataNumberKey) ?? tokenAt(c.DataPathKey));
  if (!key) return undefined;
  const value = c.DataNumberKey ? expression(c.expression?.[0]) : stringLit(tokenAt(c.StringLiteral));
  return { kind: 'Setting', key, value, span: spanOf(key, value)! };
}

function reconstructBlock(node: ReconstructBlockCstNode): ReconstructBlock | undefined {
  const c = node.children;
  const layers = realTokens(c.Name).map((token) => identifier(token)!);
  const body = c.reconstructBody?.[0]?.children;
  if (!body) return undefined;
  const settings = inSourceOrder<Setting>([
    ...(body.callSetting ?? []).map((n): Setting | undefined => {
      const key = identifier(tokenAt(n.children.CallKey));
      const value = callLike(n.children.callLike?.[0]);
      return key && { kind: 'Setting', key, value, span: spanOf(key, value)! };
    }),
    ...(body.decoderSetting ?? []).map((n) => wordSetting(n.children.Decoder, n.children.Identifier)),
    ...(body.costSetting ?? []).map((n) => wordSetting(n.children.Cost, n.children.Identifier)),
    ...(body.weightSetting ?? []).map((n): Setting | undefined => {
      const key = identifier(tokenAt(n.children.Weight));
      const value = expression(n.children.expression?.[0]);
      return key && { kind: 'Setting', key, value, span: spanOf(key, value)! };
    }),
  ]);
  const span = spanOf(tokenAt(c.Reconstruct), ...layers, ...settings, tokenAt(body.RCurly))!;
  return { kind: 'Reconstruct', layers, settings, span };
}

/** `decoder tied sigmoid`, `cost cross_entropy mean`: a keyword and its words. */
function wordSetting(
  keyword: readonly IToken[] | undefined,
  wordTokens: readonly IToken[] | undefined,
): Setting | undefined {
  const key = identifier(tokenAt(keyword));
  const words = realTokens(wordTokens).map((token) => identifier(token)!);
  const value = words.length > 0 ? { kind: 'WordList' as const, words, span: spanOf(...words)! } : undefined;
  return key && { kind: 'Setting', key, value, span: spanOf(key, value)! };
}

function weightsBlock(node: WeightsBlockCstNode): WeightsBlock | undefined {
  const c = node.children;
  const keyword = tokenAt(c.Weights);
  if (c.scheduleRef) {
    const schedule = scheduleRef(c.scheduleRef[0]);
    return schedule && { kind: 'WeightsSchedule', schedule, span: spanOf(keyword, schedule)! };
  }
  const body = c.weightsBody?.[0]?.children;
  if (!body) return undefined;
  const equations = inSourceOrder((body.weightEquation ?? []).map(weightEquation));
  return { kind: 'WeightsEquations', equations, span: spanOf(keyword, ...equations, tokenAt(body.RCurly))! };
}

function weightEquation(node: WeightEquationCstNode): WeightEquation | undefined {
  const c = node.children;
  const target = identifier(tokenAt(c.ValueName));
  if (!target) return undefined;
  const value = expression(c.expression?.[0]);
  return { kind: 'WeightEquation', target, value, span: spanOf(target, tokenAt(c.Equals), value)! };
}

function trainBlock(node: TrainBlockCstNode): TrainBlock | undefined {
  const c = node.children;
  const body = c.trainBody?.[0]?.children;
  if (!body) return undefined;
  const items = inSourceOrder<TrainItem>([
    ...(body.numberSetting ?? []).map(numberSetting),
    ...(body.optimizerSetting ?? []).map(optimizerSetting),
    ...(body.lrSetting ?? []).map(lrSetting),
    ...(body.everySetting ?? []).map(everySetting),
    ...(body.skipSetting ?? []).map(skipSetting),
    ...(body.orderBlock ?? []).map(orderBlock),
  ]);
  return { kind: 'Train', items, span: spanOf(tokenAt(c.Train), ...items, tokenAt(body.RCurly))! };
}

function numberSetting(node: NumberSettingCstNode): Setting | undefined {
  const key = identifier(tokenAt(node.children.TrainNumberKey));
  const value = expression(node.children.expression?.[0]);
  return key && { kind: 'Setting', key, value, span: spanOf(key, value)! };
}

function optimizerSetting(node: OptimizerSettingCstNode): Setting | undefined {
  const key = identifier(tokenAt(node.children.Optimizer));
  const value = callLike(node.children.callLike?.[0]);
  return key && { kind: 'Setting', key, value, span: spanOf(key, value)! };
}

function lrSetting(node: LrSettingCstNode): TrainItem | undefined {
  const keyword = tokenAt(node.children.Lr);
  if (!keyword) return undefined;
  const value = expression(node.children.expression?.[0]);
  const span = spanOf(keyword, tokenAt(node.children.Equals), value)!;
  return { kind: 'Lr', keyword: tokenSpan(keyword), value, span };
}

function everySetting(node: EverySettingCstNode): TrainItem | undefined {
  const c = node.children;
  const keyword = tokenAt(c.EveryKey);
  if (!keyword) return undefined;
  const every = numberLit(tokenAt(c.NumberLiteral));
  const what = keyword.image as 'evaluate' | 'checkpoint';
  return {
    kind: 'Every',
    what,
    keyword: tokenSpan(keyword),
    every,
    span: spanOf(keyword, tokenAt(c.Every), every)!,
  };
}

function skipSetting(node: SkipSettingCstNode): TrainItem | undefined {
  const c = node.children;
  const keyword = tokenAt(c.Skip);
  if (!keyword) return undefined;
  const below = numberLit(tokenAt(c.NumberLiteral));
  return {
    kind: 'Skip',
    keyword: tokenSpan(keyword),
    below,
    span: spanOf(keyword, tokenAt(c.Below), below)!,
  };
}

function orderBlock(node: OrderBlockCstNode): TrainItem | undefined {
  const c = node.children;
  const mode = identifier(tokenAt(c.ValueName));
  if (!mode) return undefined;
  const body = c.orderBody?.[0]?.children;
  const steps = inSourceOrder((body?.stepDecl ?? []).map(stepDecl));
  return {
    kind: 'Order',
    mode,
    steps,
    span: spanOf(tokenAt(c.Order), mode, ...steps, tokenAt(body?.RCurly))!,
  };
}

function stepDecl(node: StepDeclCstNode): StepDecl | undefined {
  const c = node.children;
  const objective = identifier(tokenAt(c.ValueName, 0));
  if (!objective) return undefined;
  const rows = identifier(tokenAt(c.ValueName, 1));
  const lr = expression(c.expression?.[0]);
  return { kind: 'Step', objective, rows, lr, span: spanOf(tokenAt(c.Step), objective, rows, lr)! };
}

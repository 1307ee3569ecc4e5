// What each place of the grammar expects, in words. Keyed by the grammar rule
// chevrotain was in and the token it wanted there ('alternatives' for a choice,
// 'repetition' for a mandatory list); the previous token tells apart two places
// of one rule that want the same token (a step's objective and its rows).
import * as k from './keywords.js';

export interface Expectation {
  /** What was expected, as a phrase: "a layer activation (sigmoid, tanh, …)". */
  readonly what: string;
  /** Words one of which would fit here: "did you mean" candidates. */
  readonly words?: readonly string[];
}

function phrase(
  description: string,
  shown: readonly string[],
  words: readonly string[] = shown,
): Expectation {
  return { what: `${description} (${shown.join(', ')})`, words };
}

function blockItem(
  description: string,
  shown: readonly string[],
  words: readonly string[] = shown,
): Expectation {
  return { what: `${description} (${shown.join(', ')}) or '}'`, words };
}

const anExpression: Expectation = {
  what: 'an expression (a number, a name, a call or a parenthesised expression)',
};

const blockItems: Readonly<Record<string, Expectation>> = {
  file: phrase('a declaration', ['network', 'experiment', 'sweep', 'import'], k.topLevelKeywords),
  networkBody: blockItem('a network item', k.networkKeywords),
  experimentBody: blockItem('an experiment item', k.experimentKeywords),
  dataBody: blockItem('a data setting', k.dataKeywords),
  reconstructBody: blockItem('a reconstruct setting', k.reconstructKeywords),
  weightsBody: { what: "an equation (supervised = …, reconstruction = …) or '}'" },
  trainBody: blockItem('a train setting', k.trainKeywords),
  orderBody: blockItem('a step', ['step OBJECTIVE on ROWS'], k.orderKeywords),
  sweepBody: blockItem('a sweep item', k.sweepKeywords),
  overridesBody: { what: "an override (a setting path and its value, e.g. data.unlabeled 0) or '}'" },
};

const callValues: Readonly<Record<string, Expectation>> = {
  noise: phrase('a noise', ['mask(p)', 'gaussian(sigma)', 'salt_pepper(p)', 'none'], k.noiseKinds),
  gradient: phrase('a gradient', k.gradients),
  optimizer: phrase('an optimizer', ['sgd', 'sgd(momentum: 0.9)'], k.optimizers),
};

const schedule = phrase(
  'a schedule',
  ['supervised_only', 'stairs(t1)', 'lin', 'lin(t1)', 'exp(sigma)', 'constant(a)'],
  k.schedules,
);

/** Expectations of one rule, by the token it wanted. */
const byRule: Readonly<Record<string, Readonly<Record<string, Expectation>>>> = {
  importDecl: {
    StringLiteral: { what: 'the path of the imported file in double quotes, e.g. "networks.mtl"' },
  },
  networkDecl: { Name: { what: 'a network name' } },
  inputDecl: { NumberLiteral: { what: 'the input size (a number)' } },
  layerDecl: {
    Name: { what: 'a layer name' },
    NumberLiteral: { what: 'the number of units (a number)' },
    ValueName: phrase('a layer activation', k.activations),
  },
  experimentDecl: { Name: { what: 'an experiment name' } },
  experimentNetwork: { alternatives: { what: "a network name or '{'" } },
  dataBlock: { ValueName: phrase('a data source', k.dataSources) },
  dataSetting: { StringLiteral: { what: 'a file path in double quotes' } },
  reconstructBlock: {
    repetition: { what: 'the layers to reconstruct, e.g. reconstruct h1, h2 { … }' },
    Name: { what: 'a layer name' },
  },
  decoderSetting: {
    repetition: phrase('a decoder activation', k.hiddenActivations, k.decoderWords),
  },
  costSetting: {
    repetition: phrase('a cost', k.costs),
  },
  weightsBlock: { alternatives: { what: "'{' or 'schedule NAME' after 'weights'", words: ['schedule'] } },
  weightEquation: { Equals: { what: "'=' (supervised = EXPR)" } },
  scheduleRef: { ValueName: schedule },
  lrSetting: { Equals: { what: "'=' (lr = EXPR)" } },
  everySetting: {
    Every: { what: "'every' (e.g. evaluate every 10)", words: ['every'] },
    NumberLiteral: { what: 'a number of epochs' },
  },
  orderBlock: { ValueName: phrase('an order', k.orderModes) },
  stepDecl: {
    On: { what: "'on' (step OBJECTIVE on ROWS)", words: ['on'] },
    Equals: { what: "'=' (lr = EXPR)" },
  },
  sweepDecl: { Name: { what: 'a sweep name' } },
  sweepBase: { Name: { what: 'the name of the base experiment' } },
  sweepVary: {
    LBracket: { what: "'[' and the values to vary, e.g. [100, 1000]" },
    RBracket: { what: "',' or ']'" },
  },
  settingPath: { Name: { what: 'a setting path (e.g. data.labeled)' } },
  sweepValue: {
    alternatives: {
      what: 'a value (an expression, a name, mask(0.1), sgd(momentum: 0.9), tied sigmoid or schedule NAME(…))',
      words: ['schedule'],
    },
  },
  sweepRepeat: { NumberLiteral: { what: 'the number of runs per cell (a number)' } },
  expression: { Colon: { what: "':' (cond ? a : b)" } },
  unary: { alternatives: anExpression },
  primary: { alternatives: anExpression, RParen: { what: "')'" } },
  callLike: { RParen: { what: "',' or ')'" } },
};

export function expectationFor(ruleName: string, wanted: string, previous: string): Expectation | undefined {
  if (wanted === 'RCurly' || (ruleName === 'file' && wanted === 'EOF')) {
    const items = blockItems[ruleName];
    if (items) return items;
  }
  if (wanted === 'LCurly') return { what: "'{'" };
  if (ruleName === 'callLike' && wanted === 'ValueName') return callValues[previous];
  if (ruleName === 'stepDecl' && wanted === 'ValueName') {
    return previous === 'on' ? phrase('the rows', k.stepRows) : phrase('an objective', k.stepObjectives);
  }
  return byRule[ruleName]?.[wanted];
}

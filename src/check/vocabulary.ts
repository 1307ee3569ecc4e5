// The closed word lists of the language (§4–§10 of the language reference),
// taken from the parser's keyword lists so both speak the same words. The
// parser accepts any identifier where a value word goes; the checker rejects
// the unknown ones with "did you mean" suggestions (MTL020).

import * as kw from '../syntax/keywords.js';

export const ACTIVATIONS = kw.activations;
export const NOISE_KINDS = kw.noiseKinds;
export const COSTS = kw.costs;
export const COST_REDUCTIONS = kw.costReductions;
export const GRADIENTS = kw.gradients;
export const OPTIMIZERS = kw.optimizers;
export const OPTIMIZER_ARGS = kw.optimizerOptions;
export const SCHEDULES = kw.schedules;
export const DATA_SOURCES = kw.dataSources;
export const ORDER_MODES = kw.orderModes;
export const OBJECTIVES = kw.stepObjectives;
export const ROWS = kw.stepRows;

export const IDX_FILE_KEYS = kw.dataPathSettings;
export const DATA_KEYS = kw.dataNumberSettings;
export const RECONSTRUCT_KEYS = kw.reconstructKeywords;
export const TRAIN_KEYS = kw.trainKeywords;

/**
 * The settings a sweep may vary or override (§10), and what kind of value each takes.
 * `count`: a non-negative integer; `expr`: a function of t and T; `word`: one of `words`;
 * `noise`, `decoder`, `cost`, `optimizer`: what the setting takes in its block (`mask(0.1)`,
 * `tied sigmoid`, `cross_entropy sum`, `sgd(momentum: 0.9)`), `words` being its leading words.
 */
export const SWEEP_PATHS: Readonly<Record<string, SweepPathInfo>> = {
  'data.labeled': { value: 'count' },
  'data.unlabeled': { value: 'count' },
  'data.validation': { value: 'count' },
  'data.seed': { value: 'count' },
  'train.epochs': { value: 'count', positive: true },
  'train.batch': { value: 'count', positive: true },
  'train.lr': { value: 'expr' },
  'train.seed': { value: 'count' },
  'train.optimizer': { value: 'optimizer', words: OPTIMIZERS },
  network: { value: 'network' },
  weights: { value: 'schedule' },
  'reconstruct.noise': { value: 'noise', words: NOISE_KINDS },
  'reconstruct.decoder': { value: 'decoder', words: kw.decoderWords },
  'reconstruct.cost': { value: 'cost', words: COSTS },
  'reconstruct.gradient': { value: 'word', words: GRADIENTS },
  'reconstruct.weight': { value: 'expr' },
};

export interface SweepPathInfo {
  readonly value:
    | 'count'
    | 'expr'
    | 'word'
    | 'network'
    | 'schedule'
    | 'noise'
    | 'decoder'
    | 'cost'
    | 'optimizer';
  readonly positive?: boolean;
  readonly words?: readonly string[];
}

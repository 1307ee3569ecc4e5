// One checked experiment → its IR: the network inlined, defaults filled in,
// weights and learning rates as self-contained expressions, and the content hash.
// Called only on experiments without errors, so every part it reads is sound.
import { constantValue } from '../check/constants.js';
import { DEFAULT_VALIDATION } from '../check/data-source.js';
import type { ExperimentView } from '../check/experiment-view.js';
import { asExpr, asString, asWords } from '../check/settings.js';
import { resolveWeights } from '../check/weights.js';
import { lowerExpr } from '../expr/lower.js';
import { experimentHash } from '../ir/hash.js';
import type {
  Activation,
  Dae,
  Data,
  Experiment,
  Layer,
  Network,
  Order,
  Train,
  Weights,
} from '../ir/types.js';
import type { LayerDecl } from '../syntax/ast.js';
import { lowerCost, lowerDecoder, lowerNoise, lowerOptimizer, need } from './settings.js';

/** Defaults for what a spec may leave out (documented in the language guide). */
export const DEFAULTS = {
  unlabeled: 0,
  validation: DEFAULT_VALIDATION,
  dataSeed: 0,
  trainSeed: 0,
  momentum: 0,
  decoder: { tied: false, activation: 'sigmoid' },
  cost: { cost: 'cross_entropy', reduction: 'mean' },
  gradient: 'local',
} as const;

export { LoweringError } from './settings.js';

export function lowerExperiment(view: ExperimentView): Experiment {
  const body: Omit<Experiment, 'hash'> = {
    name: view.decl.name.name,
    data: lowerData(view),
    network: lowerNetwork(view),
    reconstruct: lowerReconstruct(view),
    weights: lowerWeights(view),
    train: lowerTrain(view),
  };
  const { name, ...rest } = body;
  return { name, hash: experimentHash(body), ...rest };
}

function lowerData(view: ExperimentView): Data {
  const data = need(view.data, 'data');
  const source = data.source.name === 'idx' ? 'idx' : 'mnist';
  const count = (key: string, fallback?: number) =>
    view.setting(data, key) ? need(view.count(data, key), `data ${key}`) : need(fallback, `data ${key}`);
  const file = (key: string) => need(asString(view.setting(data, key)?.value)?.value, `data ${key}`);
  return {
    source,
    ...(source === 'idx'
      ? {
          files: {
            trainImages: file('train_images'),
            trainLabels: file('train_labels'),
            testImages: file('test_images'),
            testLabels: file('test_labels'),
          },
        }
      : {}),
    labeled: count('labeled'),
    unlabeled: count('unlabeled', DEFAULTS.unlabeled),
    validation: count('validation', DEFAULTS.validation),
    seed: count('seed', DEFAULTS.dataSeed),
  };
}

function lowerLayer(layer: LayerDecl): Layer {
  return {
    name: layer.name.name,
    units: need(constantValue(layer.units), `units of ${layer.name.name}`),
    activation: need(layer.activation?.name, `activation of ${layer.name.name}`) as Activation,
  };
}

function lowerNetwork(view: ExperimentView): Network {
  const network = need(view.network, 'network');
  const hidden = view.hidden.map(lowerLayer);
  return {
    name: network.name,
    input: need(constantValue(network.body.input?.size), 'input'),
    hidden: [need(hidden[0], 'hidden layers'), ...hidden.slice(1)],
    output: lowerLayer(need(view.output, 'output layer')),
  };
}

function lowerReconstruct(view: ExperimentView): Dae[] {
  const daes: Dae[] = [];
  for (const block of view.reconstruct) {
    const word = (key: string) => asWords(view.setting(block, key)?.value);
    const decoder = view.setting(block, 'decoder');
    const cost = view.setting(block, 'cost');
    const weightExpr = asExpr(view.setting(block, 'weight')?.value);
    const shared = {
      noise: lowerNoise(view.setting(block, 'noise')?.value),
      decoder: decoder ? lowerDecoder(decoder.value) : { ...DEFAULTS.decoder },
      ...(cost ? lowerCost(cost.value) : { ...DEFAULTS.cost }),
      gradient: (word('gradient')?.[0].name ?? DEFAULTS.gradient) as Dae['gradient'],
      weight: weightExpr ? need(lowerExpr(weightExpr), 'weight') : { op: 'num' as const, value: 1 },
    };
    for (const id of block.layers) {
      const layerIndex = view.hidden.findIndex((l) => l.name.name === id.name);
      daes.push({
        layer: id.name,
        layerIndex: need(layerIndex >= 0 ? layerIndex : undefined, id.name),
        ...shared,
      });
    }
  }
  // One canonical order, whatever the blocks' order in the spec: bottom layer first.
  return daes.sort((a, b) => a.layerIndex - b.layerIndex);
}

function lowerWeights(view: ExperimentView): Weights {
  const weights = need(resolveWeights(view), 'weights');
  return {
    ...(weights.schedule ? { schedule: weights.schedule } : {}),
    supervised: weights.supervised,
    reconstruction: weights.reconstruction,
  };
}

function lowerOrder(view: ExperimentView): Order {
  const order = view.order;
  if (!order) {
    // Algorithm 1 of the paper, without the reconstruction step when nothing is reconstructed.
    const steps: Extract<Order, { kind: 'alternate' }>['steps'] = [];
    if (view.reconstruct.length > 0) steps.push({ objective: 'reconstruction', rows: 'batch', lr: null });
    steps.push({ objective: 'supervised', rows: 'labeled', lr: null });
    return { kind: 'alternate', steps };
  }
  if (order.mode.name === 'joint') return { kind: 'joint' };
  return {
    kind: 'alternate',
    steps: order.steps.map((step) => ({
      objective: step.objective.name as 'reconstruction' | 'supervised',
      rows: need(step.rows?.name, 'step rows') as 'batch' | 'labeled' | 'unlabeled',
      lr: step.lr ? need(lowerExpr(step.lr), 'step lr') : null,
    })),
  };
}

function lowerTrain(view: ExperimentView): Train {
  const train = need(view.train, 'train');
  const lrExpr = view.lr?.value ?? asExpr(view.setting(train, 'lr')?.value);
  return {
    epochs: need(view.epochs, 'epochs'),
    batch: need(view.count(train, 'batch', 1), 'batch'),
    optimizer: lowerOptimizer(view.setting(train, 'optimizer')?.value, DEFAULTS.momentum),
    lr: need(lrExpr && lowerExpr(lrExpr), 'lr'),
    seed: view.setting(train, 'seed') ? need(view.count(train, 'seed'), 'train seed') : DEFAULTS.trainSeed,
    evaluateEvery: view.evaluate?.every?.value ?? null,
    checkpointEvery: view.checkpoint?.every?.value ?? null,
    // Absent unless written, so the IR (and hash) of specs without it is unchanged.
    ...(view.skip?.below ? { skipBelow: view.skip.below.value } : {}),
    order: lowerOrder(view),
  };
}

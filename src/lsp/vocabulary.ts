import type { FrameKind } from './completion/frames.js';

/** What a word means where it is written, with a one-line example. */
interface WordDoc {
  readonly summary: string;
  readonly example: string;
}

// Keys are `frame:word` where a word means different things in different
// blocks (`seed`, `network`, `batch`…), else the bare word.
const docs: Record<string, WordDoc> = {
  'top:import': {
    summary: 'Makes the declarations of another file visible; the path is relative to this file.',
    example: 'import "networks.mtl"',
  },
  'top:network': {
    summary: 'Declares a network: `input`, one or more `dense` hidden layers, then `output`.',
    example: 'network nn1 { input 784  dense h1 50 sigmoid  output y 10 softmax }',
  },
  experiment: {
    summary: 'Declares an experiment: data, network, reconstruction tasks, importance weights and training.',
    example: 'experiment nn1_exp40 { data mnist { … }  network nn1  … }',
  },
  sweep: {
    summary: 'A grid of experiments: a base experiment with settings varied, reported against a baseline.',
    example: 'sweep table1a { base nn1_exp40  vary data.labeled [100, 1000] … }',
  },
  input: { summary: 'The size of the network input x₀.', example: 'input 784' },
  dense: {
    summary: 'A hidden layer: name, units, activation. Each hidden layer may carry a denoising auto-encoder.',
    example: 'dense h1 50 sigmoid',
  },
  output: {
    summary: 'The output layer: name, units, activation (softmax allowed here only).',
    example: 'output y 10 softmax',
  },
  data: {
    summary: 'The data source and its split into labeled, unlabeled, validation and test examples.',
    example: 'data mnist { labeled 1000  unlabeled 10000  seed 1 }',
  },
  'experiment:network': {
    summary: 'The network the experiment trains: a reference to a declared network, or an inline block.',
    example: 'network nn3',
  },
  'overrides:network': { summary: 'Overrides the network the experiment trains.', example: 'network nn2' },
  reconstruct: {
    summary: 'One denoising auto-encoder per listed hidden layer (Eq. 5); its coder is the layer itself.',
    example: 'reconstruct h1, h2 { noise mask(0.25)  decoder sigmoid }',
  },
  weights: {
    summary: 'The importance weights λ_s(t) and λ_r(t) of Eq. 4: two equations or a named schedule.',
    example: 'weights schedule exp(40)',
  },
  train: {
    summary: 'Training settings: epochs, batch, optimizer, learning rate, seed and the step order.',
    example: 'train { epochs 5000  batch 600  optimizer sgd  lr = 0.01 }',
  },
  mnist: {
    summary: 'The MNIST digits: 60,000 training images (shuffled with `seed`), 10,000 test images.',
    example: 'data mnist { labeled 1000  unlabeled 10000 }',
  },
  idx: {
    summary: 'Any data set in IDX files (Fashion-MNIST, for one), split like MNIST.',
    example: 'data idx { train_images "train-images-idx3-ubyte" … }',
  },
  labeled: {
    summary: 'l: the first l examples of the shuffled pool keep their labels.',
    example: 'labeled 1000',
  },
  unlabeled: { summary: 'u: the next u examples of the pool lose their labels.', example: 'unlabeled 10000' },
  validation: {
    summary: 'The last N shuffled training images form the validation set (default 10000).',
    example: 'validation 10000',
  },
  'data:seed': { summary: 'The seed of the shuffle that splits the data.', example: 'seed 1' },
  'train:seed': {
    summary: 'The seed of the initial weights: the same seed gives the very same random weights.',
    example: 'seed 7',
  },
  train_images: {
    summary: 'Path of the IDX file of training images.',
    example: 'train_images "data/train-images-idx3-ubyte"',
  },
  train_labels: {
    summary: 'Path of the IDX file of training labels.',
    example: 'train_labels "data/train-labels-idx1-ubyte"',
  },
  test_images: {
    summary: 'Path of the IDX file of test images.',
    example: 'test_images "data/t10k-images-idx3-ubyte"',
  },
  test_labels: {
    summary: 'Path of the IDX file of test labels.',
    example: 'test_labels "data/t10k-labels-idx1-ubyte"',
  },
  noise: { summary: 'The corruption f applied to the DAE input.', example: 'noise mask(0.25)' },
  mask: {
    summary: 'Binomial masking noise: each input zeroed with probability p.',
    example: 'noise mask(0.25)',
  },
  gaussian: {
    summary: 'Additive Gaussian noise of standard deviation sigma.',
    example: 'noise gaussian(0.1)',
  },
  salt_pepper: {
    summary: 'Salt-and-pepper noise: each input set to 0 or 1 with probability p.',
    example: 'noise salt_pepper(0.1)',
  },
  none: { summary: 'No corruption: a plain auto-encoder.', example: 'noise none' },
  decoder: {
    summary: 'The decoding layer: its activation, and `tied` to reuse the coder weights transposed.',
    example: 'decoder tied sigmoid',
  },
  tied: { summary: 'The decoder uses W_c,kᵀ instead of its own weights.', example: 'decoder tied sigmoid' },
  cost: {
    summary:
      "The reconstruction cost and its reduction: `cross_entropy` (default) or `squared_error`, then `mean` (default: over rows and features, as Crino, the paper's library) or `sum` (over features, mean over rows).",
    example: 'cost cross_entropy mean',
  },
  mean: {
    summary:
      "Reduces the cost by averaging over rows and features: Crino's criteria (the paper's library), PyTorch's default. It is `sum` divided by the number of reconstructed features. The default.",
    example: 'cost cross_entropy mean',
  },
  sum: {
    summary:
      "Reduces the cost by summing over features and averaging over rows: the Theano dA tutorial's convention. Its gradient is `mean`'s times the number of reconstructed features (784 on the input).",
    example: 'cost cross_entropy sum',
  },
  cross_entropy: {
    summary: 'Cross-entropy between the reconstruction and the clean representation.',
    example: 'cost cross_entropy',
  },
  squared_error: {
    summary: 'Squared error between the reconstruction and the clean representation.',
    example: 'cost squared_error',
  },
  gradient: {
    summary:
      'How far a DAE gradient reaches: `local` (its coder and decoder) or `through` (the layers below too).',
    example: 'gradient local',
  },
  local: {
    summary: 'The DAE gradient updates its own coder and decoder only, as in layer-wise training.',
    example: 'gradient local',
  },
  through: { summary: 'The DAE gradient also reaches the layers below.', example: 'gradient through' },
  weight: { summary: 'A per-DAE factor on λ_r(t) (default 1).', example: 'weight 0.5' },
  'weights:supervised': {
    summary: 'λ_s(t): the importance of the supervised cost J_s at epoch t.',
    example: 'supervised = 1 - reconstruction',
  },
  'weights:reconstruction': {
    summary: 'λ_r(t): the importance of the reconstruction cost J_r at epoch t.',
    example: 'reconstruction = exp(-t / 40)',
  },
  'order:supervised': {
    summary: 'A gradient step on the supervised cost J_s (updates w).',
    example: 'step supervised on labeled',
  },
  'order:reconstruction': {
    summary: "A gradient step on the reconstruction cost J_r (updates w').",
    example: 'step reconstruction on batch',
  },
  schedule: {
    summary: 'A named schedule of the paper for λ_s and λ_r.',
    example: 'weights schedule stairs(100)',
  },
  supervised_only: {
    summary: 'λ_s = 1, λ_r = 0: the supervised baseline.',
    example: 'weights schedule supervised_only',
  },
  stairs: { summary: 'λ_s = 0 for t < t1, then 1; λ_r = 1 − λ_s.', example: 'weights schedule stairs(100)' },
  lin: {
    summary: 'λ_s = t / T, or min(1, t / t1) with an argument; λ_r = 1 − λ_s.',
    example: 'weights schedule lin(100)',
  },
  'schedule:exp': { summary: 'λ_r = exp(−t / sigma), λ_s = 1 − λ_r.', example: 'weights schedule exp(40)' },
  constant: { summary: 'λ_s = a, λ_r = 1 − a at every epoch.', example: 'weights schedule constant(0.5)' },
  epochs: { summary: 'T: the number of epochs.', example: 'epochs 5000' },
  'train:batch': { summary: 'The mini-batch size.', example: 'batch 600' },
  'order:batch': { summary: 'All rows of the mini-batch.', example: 'step reconstruction on batch' },
  'order:labeled': { summary: "The mini-batch's labeled rows.", example: 'step supervised on labeled' },
  'order:unlabeled': {
    summary: "The mini-batch's unlabeled rows.",
    example: 'step reconstruction on unlabeled',
  },
  optimizer: {
    summary: 'The optimizer: plain SGD or SGD with momentum.',
    example: 'optimizer sgd(momentum: 0.9)',
  },
  sgd: {
    summary: 'Stochastic gradient descent, optionally with momentum.',
    example: 'optimizer sgd(momentum: 0.9)',
  },
  lr: {
    summary: 'The learning rate, a function of t and T (a bare number is constant).',
    example: 'lr = t < T - 500 ? 0.01 : 0.01 * (T - t) / 500',
  },
  evaluate: {
    summary: 'Validation and test error every N epochs (default: at the end).',
    example: 'evaluate every 10',
  },
  checkpoint: { summary: 'Saves the weights every N epochs.', example: 'checkpoint every 100' },
  every: { summary: 'How often, in epochs.', example: 'evaluate every 10' },
  skip: {
    summary:
      'Opt-in: a step whose weight λ_r(t) or λ_s(t) is below EPS is not taken (weights of 0 are always skipped).',
    example: 'skip below 1e-6',
  },
  below: { summary: 'The threshold EPS of `skip below EPS`.', example: 'skip below 1e-6' },
  order: {
    summary: 'How the two objectives are stepped: `alternate { step … }` (Algorithm 1) or `joint`.',
    example: 'order alternate { step reconstruction on batch  step supervised on labeled }',
  },
  alternate: {
    summary: 'Algorithm 1: for every shuffled mini-batch, the listed steps in order.',
    example: 'order alternate { step reconstruction on batch  step supervised on labeled }',
  },
  joint: { summary: 'One gradient step per mini-batch on Eq. 4 as one sum.', example: 'order joint' },
  step: {
    summary: 'A gradient step on one objective over some rows of the mini-batch.',
    example: 'step supervised on labeled',
  },
  on: {
    summary: 'The rows of the mini-batch a step uses: batch, labeled or unlabeled.',
    example: 'step reconstruction on batch',
  },
  base: { summary: 'The experiment every cell of the sweep starts from.', example: 'base nn1_exp40' },
  vary: {
    summary: 'A setting of the base experiment and the values it takes (one axis of the grid).',
    example: 'vary data.labeled [100, 1000, 10000]',
  },
  baseline: {
    summary: 'The overrides of the reference run each cell is compared with.',
    example: 'baseline { weights schedule supervised_only  data.unlabeled 0 }',
  },
  control: {
    summary: 'The overrides of a second reference run per cell, shown beside the baseline.',
    example: 'control { weights schedule supervised_only }',
  },
  repeat: { summary: 'Seeds per cell; more than 1 reports mean ± std.', example: 'repeat 3' },
  sigmoid: { summary: 'The logistic activation 1 / (1 + e^−x).', example: 'dense h1 50 sigmoid' },
  tanh: { summary: 'The hyperbolic tangent activation.', example: 'dense h1 50 tanh' },
  relu: { summary: 'The rectified linear activation max(0, x).', example: 'dense h1 50 relu' },
  linear: { summary: 'No activation: the identity.', example: 'dense h1 50 linear' },
  softmax: { summary: 'Softmax over the units (output layer only).', example: 'output y 10 softmax' },
  t: { summary: 'The epoch, 0-based.', example: 'reconstruction = exp(-t / 40)' },
  T: { summary: 'The number of epochs (train.epochs).', example: 'supervised = t / T' },
};

export function wordDoc(frame: FrameKind | 'schedule', word: string): WordDoc | undefined {
  return docs[`${frame}:${word}`] ?? docs[word];
}

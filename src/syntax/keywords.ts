// The words of the language, per context: the parser's error messages, the
// checker's "unknown …" rules, completion and "did you mean" all read these lists.
// Words that structure a file (block and setting keywords) are tokens of the
// grammar; value words (activations, noise kinds, schedules, …) are identifiers
// that the checker validates against the lists below.

/** Declarations at the top of a file. */
export const topLevelKeywords = ['import', 'network', 'experiment', 'sweep'] as const;

/** Items of `network { … }`. */
export const networkKeywords = ['input', 'dense', 'output'] as const;

/** Items of `experiment NAME { … }`. */
export const experimentKeywords = ['data', 'network', 'reconstruct', 'weights', 'train'] as const;

export const dataSources = ['mnist', 'idx'] as const;

/** Settings of `data SOURCE { … }` taking a number. */
export const dataNumberSettings = ['labeled', 'unlabeled', 'validation', 'seed'] as const;
/** Settings of `data idx { … }` taking a file path. */
export const dataPathSettings = ['train_images', 'train_labels', 'test_images', 'test_labels'] as const;
export const dataKeywords = [...dataNumberSettings, ...dataPathSettings] as const;

/** Settings of `reconstruct L1, … { … }`. */
export const reconstructKeywords = ['noise', 'decoder', 'cost', 'gradient', 'weight'] as const;

export const activations = ['sigmoid', 'tanh', 'relu', 'linear', 'softmax'] as const;
/** Activations of dense layers and decoders (`softmax` is for the output layer only). */
export const hiddenActivations = ['sigmoid', 'tanh', 'relu', 'linear'] as const;

/** Noise kinds. */
export const noiseKinds = ['mask', 'gaussian', 'salt_pepper', 'none'] as const;
/** `decoder [tied] ACTIVATION` */
export const decoderWords = ['tied', ...hiddenActivations] as const;
export const costs = ['cross_entropy', 'squared_error'] as const;
/**
 * `cost COST [REDUCTION]`: `mean` averages over rows and features (Crino's criteria, the
 * paper's library; the default), `sum` sums over features and averages over rows (the
 * Theano dA tutorial's convention).
 */
export const costReductions = ['mean', 'sum'] as const;
export const defaultCostReduction = 'mean';
export const gradients = ['local', 'through'] as const;

/** Targets of `weights { … }` equations, also names inside their expressions. */
export const weightTargets = ['supervised', 'reconstruction'] as const;
export const schedules = ['supervised_only', 'stairs', 'lin', 'exp', 'constant'] as const;

/** Settings of `train { … }`. */
export const trainKeywords = [
  'epochs',
  'batch',
  'optimizer',
  'lr',
  'seed',
  'evaluate',
  'checkpoint',
  'skip',
  'order',
] as const;
export const optimizers = ['sgd'] as const;
/** Named arguments of `sgd(…)`. */
export const optimizerOptions = ['momentum'] as const;
export const orderModes = ['alternate', 'joint'] as const;
export const orderKeywords = ['step'] as const;
export const stepObjectives = ['reconstruction', 'supervised'] as const;
export const stepRows = ['batch', 'labeled', 'unlabeled'] as const;

/** Items of `sweep NAME { … }`. */
export const sweepKeywords = ['base', 'vary', 'baseline', 'control', 'repeat'] as const;
/** First parts of a sweep setting path (`data.labeled`, `weights`, …). */
export const sweepPathRoots = ['data', 'train', 'network', 'weights', 'reconstruct'] as const;

/** Names every expression knows: the epoch and the number of epochs. */
export const expressionNames = ['t', 'T'] as const;

/** Every keyword token of the grammar (words the lexer does not return as identifiers). */
export const reservedWords: readonly string[] = [
  ...new Set<string>([
    ...topLevelKeywords,
    ...networkKeywords,
    ...experimentKeywords,
    ...dataKeywords,
    ...reconstructKeywords,
    ...trainKeywords,
    'schedule',
    'every',
    'below',
    'step',
    'on',
    ...sweepKeywords,
  ]),
];

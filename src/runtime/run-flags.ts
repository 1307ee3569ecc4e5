// The training flags, declared once: `mtl run` and a generated trainer run
// directly (`npx tsx generated/x.ts`) accept and reject the very same ones.
import { type FlagValues, flag } from '../args/verb.js';
import { BACKEND_NAMES } from './backend-names.js';
import type { RunOptions } from './run-options.js';

export const RUN_FLAGS = {
  epochs: flag.positiveInt('--epochs <N>', "train N epochs instead of the spec's train.epochs (T = N)"),
  backend: flag.choice(
    '--backend <B>',
    'onnx (ONNX Runtime), or a TensorFlow.js backend (default: the fastest that loads)',
    BACKEND_NAMES,
  ),
  out: flag.string('--out <DIR>', 'run folder (default runs/<experiment>-<hash>-<code>/)'),
  resume: flag.boolean('--resume', "continue from the run folder's newest good checkpoint"),
  fresh: flag.boolean('--fresh', 'start over in a folder that holds an unfinished run'),
  keepCheckpoints: flag.positiveInt('--keep-checkpoints <K>', 'keep the last K checkpoints (default 2)'),
  limit: flag.positiveInt('--limit <N>', 'read at most N training and N test images (quick trials)'),
  quiet: flag.boolean('--quiet', 'no progress output'),
  prefetch: flag.boolean(
    '--no-prefetch',
    'draw noise and gather rows inline, not ahead on a worker thread (also MTL_PREFETCH=0)',
  ),
} as const;

export type RunFlagValues = FlagValues<typeof RUN_FLAGS>;

/** RunOptions from parsed training flags (progress output is the caller's choice). */
export function runOptionsFromFlags(values: RunFlagValues): RunOptions {
  return {
    ...(values.epochs === undefined ? {} : { epochs: values.epochs }),
    ...(values.backend === undefined ? {} : { backend: values.backend }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.resume ? { resume: true } : {}),
    ...(values.fresh ? { fresh: true } : {}),
    ...(values.keepCheckpoints === undefined ? {} : { keepCheckpoints: values.keepCheckpoints }),
    ...(values.limit === undefined ? {} : { limit: values.limit }),
    ...(values.quiet ? { progress: null } : {}),
    ...(values.prefetch === false ? { prefetch: false } : {}),
  };
}

/** Usage lines for every training flag (the README and tests quote them). */
export function runFlagsHelp(): string {
  return Object.values(RUN_FLAGS)
    .map((f) => `  ${f.flags.padEnd(24)}${f.description}`)
    .join('\n');
}

// Where a run's files go: runs/<experiment>-<hash>/ under the working folder.
import path from 'node:path';
import type { Experiment } from '../../ir/types.js';

/** The default run folder; an --epochs override that changes T, or a --limit, gets its own folder. */
export function defaultRunDir(
  experiment: Experiment,
  options: { readonly cwd: string; readonly epochs: number; readonly limit?: number },
): string {
  const epochs = options.epochs === experiment.train.epochs ? '' : `-T${options.epochs}`;
  const limit = options.limit === undefined ? '' : `-limit${options.limit}`;
  return path.join(options.cwd, 'runs', `${experiment.name}-${experiment.hash}${epochs}${limit}`);
}

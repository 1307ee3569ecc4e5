// Where a run's files go: runs/<experiment>-<hash>-<code>/ under the working
// folder: the IR hash, then the hash of the step code that runs (run-identity.ts).
import path from 'node:path';
import type { Experiment } from '../../ir/types.js';

/** The default run folder; an --epochs override that changes T, or a --limit, gets its own folder. */
export function defaultRunDir(
  experiment: Experiment,
  options: { readonly cwd: string; readonly epochs: number; readonly code?: string; readonly limit?: number },
): string {
  const code = options.code === undefined ? '' : `-${options.code}`;
  const epochs = options.epochs === experiment.train.epochs ? '' : `-T${options.epochs}`;
  const limit = options.limit === undefined ? '' : `-limit${options.limit}`;
  return path.join(options.cwd, 'runs', `${experiment.name}-${experiment.hash}${code}${epochs}${limit}`);
}

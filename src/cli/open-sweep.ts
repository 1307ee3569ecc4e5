// The stored sweep a report or chart is about: the store opened (never created),
// the sweep found by name, or a plain message and exit code 2.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ResultStore, type StoredSweep } from '../sweep/store/result-store.js';
import { usageError } from './compile.js';
import { type CliIo, EXIT_USAGE } from './io.js';
import { DEFAULT_STORE } from './sweep.js';

type OpenedSweep =
  | { readonly ok: true; readonly store: ResultStore; readonly sweep: StoredSweep; readonly storeArg: string }
  | { readonly ok: false; readonly exitCode: number };

/** Opens the store at `storeArg` (default runs/mtl.sqlite) and finds the latest plan of sweep `name`; the caller closes the store. */
export function openSweep(io: CliIo, verb: string, name: string, storeArg: string | undefined): OpenedSweep {
  const arg = storeArg ?? DEFAULT_STORE;
  const file = resolve(io.cwd, arg);
  if (!existsSync(file))
    return { ok: false, exitCode: usageError(io, verb, `no store at ${arg} (mtl sweep creates it)`) };
  let store: ResultStore;
  try {
    store = ResultStore.open(file, { create: false });
  } catch (error) {
    io.stderr.write(`mtl ${verb}: ${(error as Error).message}\n`);
    return { ok: false, exitCode: EXIT_USAGE };
  }
  const sweep = store.latestSweep(name);
  if (!sweep) {
    const known = store.sweepNames().join(', ') || 'none';
    store.close();
    return {
      ok: false,
      exitCode: usageError(io, verb, `no sweep named '${name}' in the store (sweeps: ${known})`),
    };
  }
  return { ok: true, store, sweep, storeArg: arg };
}

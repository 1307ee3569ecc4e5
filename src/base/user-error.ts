// The base class of faults that are the user's to fix (data, options, a full
// disk), not bugs: front ends print their message as is. It lives in the base
// because atomic writes (shared by the runtime, the drivers, plots and reports)
// raise one; the runtime's own faults (runtime/errors.ts) extend it.

/** A problem with the user's data, options, files or training run (not a bug). */
export class MtlRuntimeError extends Error {
  override readonly name: string = 'MtlRuntimeError';
}

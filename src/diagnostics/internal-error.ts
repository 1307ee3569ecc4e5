/**
 * A bug in mtl, not a problem in the user's input. The printers and the code
 * generator take validated IR: anything they cannot translate is a bug upstream
 * (lowering or validation), so they throw this instead of reporting a diagnostic.
 */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  /** `where`: the part of mtl that found the bug (`codegen`, `expression printer`). */
  constructor(where: string, message: string) {
    super(`internal error in mtl ${where}: ${message}`);
  }
}

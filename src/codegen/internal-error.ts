/**
 * The generator's input is validated IR, not user input: anything it cannot
 * translate is a bug upstream (lowering or validation), so it throws this
 * instead of reporting a diagnostic.
 */
export class CodegenInternalError extends Error {
  override readonly name = 'CodegenInternalError';
  constructor(message: string) {
    super(`internal error in mtl codegen: ${message}`);
  }
}

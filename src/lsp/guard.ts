import { type Connection, ResponseError } from 'vscode-languageserver';

/**
 * Wraps a request handler so that a bug in one feature answers `fallback` and
 * logs, instead of killing the server or leaving the editor without an answer.
 * A ResponseError is the handler's deliberate answer (a rejected rename) and passes through.
 */
export function guard<P, R>(
  connection: Connection,
  name: string,
  fallback: R,
  handler: (params: P) => R | Promise<R>,
): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logError(connection, name, error);
      return fallback;
    }
  };
}

export function logError(connection: Connection, name: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    connection.console.error(`mtl lsp: ${name} failed: ${detail}`);
  } catch {
    // The connection may already be closed; nothing else to tell.
  }
}

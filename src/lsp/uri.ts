import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file system path of a `file:` URI; undefined for other schemes or a malformed URI. */
export function uriToPath(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The name a document is known by in the workspace and given to the checker:
 * the file system path of a `file:` URI, the URI itself for other schemes (an
 * unsaved `untitled:` buffer has no path). Such a name is never an absolute
 * path, so nothing is read from the disk for it; undefined for a malformed URI.
 */
export function documentKey(uri: string): string | undefined {
  if (typeof uri !== 'string') return undefined;
  if (uri.startsWith('file:')) return uriToPath(uri);
  return /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(uri) ? uri : undefined;
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

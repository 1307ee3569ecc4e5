import { isAbsolute, join } from 'node:path';
import { readDiskHeader, readSourceFile, type SourceHost } from '../check/host.js';

/**
 * A disk host that resolves relative file names against `root` rather than the
 * process's working folder, so specs can be checked under the short relative
 * names that end up in headers, embedded sources and diagnostics.
 */
export function rootedHost(root: string): SourceHost {
  const at = (path: string) => (isAbsolute(path) ? path : join(root, path));
  return {
    readFile(path) {
      const read = readSourceFile(at(path));
      return 'text' in read ? read.text : undefined;
    },
    problem(path) {
      const read = readSourceFile(at(path));
      return 'problem' in read ? read.problem : undefined;
    },
    readHeader: (path, length) => readDiskHeader(at(path), length),
  };
}

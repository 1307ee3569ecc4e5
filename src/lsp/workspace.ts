import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readDiskHeader, readSourceFile, type SourceHost } from '../check/host.js';
import { LineIndex } from '../syntax/location.js';
import { ProgramCache } from './programs.js';
import { pathToUri } from './uri.js';

interface OpenDocument {
  readonly uri: string;
  readonly text: string;
  readonly version: number;
}

const skippedFolders = new Set(['node_modules', 'dist', 'out', 'generated', 'runs']);
const maxScannedFiles = 5000;

/**
 * What the server knows about the user's files: the open buffers (which win
 * over the disk), one parse cache, and which open files import which (from
 * their last check) so an edit re-checks the files that depend on it.
 */
export class Workspace {
  readonly host: SourceHost = {
    readFile: (path) => this.readFile(path),
    // Only absolute paths reach the disk: a name resolved against an unsaved
    // buffer's URI (`untitled:…`) is relative and must not read the server's cwd.
    readHeader: (path, length) => (isAbsolute(path) ? readDiskHeader(path, length) : undefined),
    problem: (path) => {
      if (this.open.has(path) || !isAbsolute(path)) return undefined;
      const read = readSourceFile(path);
      return 'problem' in read ? read.problem : undefined;
    },
  };
  readonly programs = new ProgramCache(this.host);
  private readonly open = new Map<string, OpenDocument>();
  private readonly dependencies = new Map<string, ReadonlySet<string>>();
  private roots: string[] = [];
  private readonly lineIndexes = new Map<string, LineIndex>();

  /**
   * What the checker's SourceHost and the parse cache read: the buffer if open,
   * else the disk (absolute paths only; see `documentKey` for other documents).
   */
  readFile(path: string): string | undefined {
    const open = this.open.get(path);
    if (open) return open.text;
    if (!isAbsolute(path)) return undefined;
    // Never a device or a huge file: /dev/zero would otherwise be read until memory runs out.
    const read = readSourceFile(path);
    return 'text' in read ? read.text : undefined;
  }

  setRoots(roots: readonly string[]): void {
    this.roots = roots.map((r) => resolve(r));
  }

  /** A file's path as a command run from its workspace folder names it (POSIX separators); undefined for unsaved buffers. */
  commandPath(path: string): string | undefined {
    if (!isAbsolute(path)) return undefined;
    const root = this.roots.find((r) => !relative(r, path).startsWith('..'));
    return (root ? relative(root, path) : path).split(sep).join('/');
  }

  openDocument(path: string, doc: OpenDocument): void {
    this.open.set(path, doc);
  }

  closeDocument(path: string): void {
    this.open.delete(path);
    this.dependencies.delete(path);
    this.programs.forget(path);
  }

  document(path: string): OpenDocument | undefined {
    return this.open.get(path);
  }

  openPaths(): string[] {
    return [...this.open.keys()];
  }

  /** The URI to speak of a file with: the client's own for open files, so it recognises them. */
  uriOf(path: string): string {
    return this.open.get(path)?.uri ?? pathToUri(path);
  }

  /** The line index of a file's current text (cached per text). */
  lines(path: string): LineIndex | undefined {
    const text = this.readFile(path);
    if (text === undefined) return undefined;
    const cached = this.lineIndexes.get(path);
    if (cached?.text === text) return cached;
    const index = new LineIndex(text);
    this.lineIndexes.set(path, index);
    return index;
  }

  /** Records the files an open file's last check read (itself and its imports). */
  setDependencies(path: string, files: Iterable<string>): void {
    this.dependencies.set(path, new Set(files));
  }

  /** Open files, other than `path`, whose last check read `path`. */
  dependents(path: string): string[] {
    const out: string[] = [];
    for (const [open, deps] of this.dependencies) {
      if (open !== path && deps.has(path) && this.open.has(open)) out.push(open);
    }
    return out;
  }

  /**
   * Files that may refer to a symbol: the open files, what they import, and
   * every .mtl file under the workspace folders (so rename reaches closed importers).
   */
  candidateFiles(): string[] {
    const files = new Set<string>();
    for (const path of this.open.keys()) {
      files.add(path);
      for (const dep of this.dependencies.get(path) ?? []) files.add(dep);
    }
    for (const root of this.roots) scanMtlFiles(root, files);
    return [...files];
  }
}

function scanMtlFiles(root: string, into: Set<string>): void {
  const stack = [root];
  let seen = 0;
  while (stack.length > 0 && seen < maxScannedFiles) {
    const dir = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) stack.push(full);
      } else if (entry.isFile() && entry.name.endsWith('.mtl')) {
        into.add(full);
        seen++;
      }
    }
  }
}

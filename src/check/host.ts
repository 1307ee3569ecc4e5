// Where the checker reads files from. The CLI reads the disk; the language
// server answers with its open editor buffers first. File names are whatever the
// caller uses (a path, or a `file:` URI); imports and IDX paths are resolved
// against them so that diagnostics name files the way the caller does.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SourceHost {
  /** The text of a file, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /**
   * The first `length` bytes of a binary file (IDX headers), or undefined when
   * it cannot be read. Optional: the checker falls back to the disk.
   */
  readHeader?(path: string, length: number): Uint8Array | undefined;
  /** Why readFile gave undefined (not a regular file, too large), for the diagnostic; optional. */
  problem?(path: string): string | undefined;
}

/** Specs are small; a larger file is not one (and reading /dev/zero would never end). */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

type SourceRead = { readonly text: string } | { readonly problem: string };

/**
 * Reads a spec from the disk, refusing what is not a regular file (a device,
 * a FIFO, a folder) or is larger than MAX_SOURCE_BYTES, before reading a byte.
 */
export function readSourceFile(diskPath: string): SourceRead {
  let size: number;
  try {
    const stat = statSync(diskPath);
    if (stat.isDirectory()) return { problem: 'it is a folder' };
    if (!stat.isFile()) return { problem: 'it is not a regular file' };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problem: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code),
    };
  }
  if (size > MAX_SOURCE_BYTES) {
    return { problem: `it is ${size} bytes, more than the ${MAX_SOURCE_BYTES} a spec may have` };
  }
  try {
    return { text: readFileSync(diskPath, 'utf8') };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

function isFileUri(name: string): boolean {
  return name.startsWith('file:');
}

/** The disk path of a file name (a path, or a `file:` URI). */
function toDiskPath(name: string): string {
  return isFileUri(name) ? fileURLToPath(name) : name;
}

/** Resolves a path as written in an import or a data setting against the file that wrote it; absolute paths stay. */
export function resolveRelative(fromFile: string, relative: string): string {
  if (isFileUri(fromFile)) return new URL(relative, fromFile).href;
  if (isAbsolute(relative)) return normalize(relative);
  return normalize(join(dirname(fromFile), relative));
}

/** A key that is the same for two names of the same file (used to find cycles and share parses). */
export function fileKey(name: string): string {
  return isFileUri(name) ? new URL(name).href : resolve(name);
}

export const diskHost: SourceHost = {
  readFile(path) {
    const read = readSourceFile(toDiskPath(path));
    return 'text' in read ? read.text : undefined;
  },
  problem(path) {
    const read = readSourceFile(toDiskPath(path));
    return 'problem' in read ? read.problem : undefined;
  },
  readHeader(path, length) {
    return readDiskHeader(path, length);
  },
};

export function readDiskHeader(path: string, length: number): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(toDiskPath(path), 'r');
    const buffer = new Uint8Array(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads a header through the host when it can, else from the disk. */
export function readHeader(host: SourceHost, path: string, length: number): Uint8Array | undefined {
  return host.readHeader ? host.readHeader(path, length) : readDiskHeader(path, length);
}

// Where the checker reads files from. The CLI reads the disk; the language
// server answers with its open editor buffers first. File names are whatever the
// caller uses (a path, or a `file:` URI); imports and IDX paths are resolved
// against them so that diagnostics name files the way the caller does.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SourceHost {
  /** The text of a file, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /**
   * The first `length` bytes of a binary file (IDX headers), or undefined when
   * it cannot be read. Optional: the checker falls back to the disk.
   */
  readHeader?(path: string, length: number): Uint8Array | undefined;
}

function isFileUri(name: string): boolean {
  return name.startsWith('file:');
}

/** The disk path of a file name (a path, or a `file:` URI). */
export function toDiskPath(name: string): string {
  return isFileUri(name) ? fileURLToPath(name) : name;
}

/** Resolves `relative` (as written in an import or a data setting) against the file that wrote it. */
export function resolveRelative(fromFile: string, relative: string): string {
  if (isFileUri(fromFile)) return new URL(relative, fromFile).href;
  return normalize(join(dirname(fromFile), relative));
}

/** A key that is the same for two names of the same file (used to find cycles and share parses). */
export function fileKey(name: string): string {
  return isFileUri(name) ? new URL(name).href : resolve(name);
}

export const diskHost: SourceHost = {
  readFile(path) {
    try {
      return readFileSync(toDiskPath(path), 'utf8');
    } catch {
      return undefined;
    }
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

// Writes land whole or not at all: write every byte of a temp file beside
// the target (a short write is retried, a write that makes no progress is a
// full disk), fsync it, rename it over the target, then fsync the folder so
// the rename itself survives a crash. A failed write removes its temp file,
// leaves the previous target untouched and throws a WriteError that says why.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MtlRuntimeError } from './user-error.js';

let counter = 0;

/** Temp files are `.NAME.PID.N.tmp` beside their target; orphans of a killed process match this. */
export const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/;

/** A file could not be written whole; the previous version (if any) is unchanged. */
export class WriteError extends MtlRuntimeError {
  override readonly name = 'WriteError';
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`could not write ${file}: ${detail}; the previous version of the file, if any, is unchanged`);
  }
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOSPC':
      return 'no space left on device (ENOSPC); free some space and run again';
    case 'EDQUOT':
      return 'disk quota exceeded (EDQUOT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${error.code})`;
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EIO':
      return 'input/output error (EIO)';
    default:
      return error.message;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) {
      // A write that makes no progress would loop forever; the kernel only does this when out of space.
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    offset += written;
  }
}

/** Flushes a folder's entries (the rename) to disk; platforms that cannot fsync a folder are skipped. */
function fsyncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Writes content to a synced temp file beside `file` and returns its path (the caller renames it). */
export function writeTemp(file: string, content: string | Uint8Array): string {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'w');
    writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    return temp;
  } catch (error) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // the write already failed; that error is the one to report
      }
    }
    rmSync(temp, { force: true });
    throw asWriteError(file, error);
  }
}

/** Renames a synced temp file over its target and syncs the folder; removes the temp file on failure. */
export function commitTemp(temp: string, file: string): void {
  try {
    renameSync(temp, file);
    fsyncFolder(path.dirname(file));
  } catch (error) {
    rmSync(temp, { force: true });
    throw asWriteError(file, error);
  }
}

function asWriteError(file: string, error: unknown): Error {
  if (error instanceof WriteError) return error;
  const errno = error as NodeJS.ErrnoException;
  if (typeof errno?.code !== 'string') return error as Error;
  return new WriteError(file, errno.code, describe(errno));
}

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  commitTemp(writeTemp(file, content), file);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

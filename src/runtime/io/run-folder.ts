// Making the run folder. Node's recursive mkdir spins forever on some paths
// (`/proc/nope/x`) and its errors name no cause a user can act on, so the
// folder is made one missing level at a time, and every failure becomes a
// RunOptionsError that says which path is wrong and why.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { TEMP_FILE } from '../../base/atomic-write.js';
import { RunOptionsError } from '../errors.js';

function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on device';
    case 'ENOENT':
      return 'that place cannot hold folders';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return error.message;
  }
}

/** Creates `dir` (and missing parents) or throws a RunOptionsError naming the culprit. */
export function makeRunFolder(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    try {
      if (!statSync(current).isDirectory()) {
        throw new RunOptionsError(`cannot use ${dir} as the run folder: ${current} is a file, not a folder`);
      }
      break;
    } catch (error) {
      if (error instanceof RunOptionsError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        throw new RunOptionsError(
          `cannot use ${dir} as the run folder: ${current}: ${reason(error as NodeJS.ErrnoException)}`,
        );
      }
      missing.unshift(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const errno = error as NodeJS.ErrnoException;
      if (errno.code === 'EEXIST' && statSync(folder).isDirectory()) continue;
      throw new RunOptionsError(`cannot create the run folder ${dir}: ${folder}: ${reason(errno)}`);
    }
  }
}

/** Removes temp files a killed writer left behind (call with the folder's lock held). */
export function removeOrphanTemps(dir: string): string[] {
  const removed = readdirSync(dir).filter((name) => TEMP_FILE.test(name));
  for (const name of removed) rmSync(path.join(dir, name), { force: true });
  return removed;
}

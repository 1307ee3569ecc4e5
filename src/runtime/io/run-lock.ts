// One process per run folder. The lock is a file created with O_EXCL that
// holds its owner's pid and host. A lock whose owner is gone (same host, pid
// not alive: a SIGKILLed trainer) is stale and taken over at once, so a
// killed run can be resumed immediately. A lock library that refreshes an
// mtime on a timer (proper-lockfile) would instead declare a live trainer's
// lock stale while a long synchronous batch blocks its timers, and would
// keep a killed run locked until the stale period ran out.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { RunOptionsError } from '../errors.js';

export const LOCK_FILE = '.mtl-run.lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

interface RunLock {
  readonly file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : null;
  } catch {
    return null;
  }
}

/** A lock nobody can hold any more: its owner died on this host, or it was left half-written long ago. */
function isStale(file: string, owner: LockOwner | null): boolean {
  if (owner) return owner.host === hostname() && !alive(owner.pid);
  try {
    return Date.now() - statSync(file).mtimeMs > 10_000;
  } catch {
    return true;
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    const errno = error as NodeJS.ErrnoException;
    if (errno.code === 'EEXIST') return false;
    const why =
      errno.code === 'EACCES' || errno.code === 'EPERM'
        ? 'permission denied'
        : errno.code === 'EROFS'
          ? 'the file system is read-only'
          : errno.code === 'ENOSPC'
            ? 'no space left on device'
            : errno.message;
    throw new RunOptionsError(`cannot write to the run folder ${path.dirname(file)}: ${why}`);
  }
  try {
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the run folder's lock or throws a RunOptionsError naming the process that holds it. */
export function lockRunFolder(dir: string): RunLock {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file)) {
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      // process.exit (a second Ctrl-C) skips finally blocks; the exit event still runs.
      process.on('exit', release);
      return { file, release };
    }
    const owner = readOwner(file);
    if (!isStale(file, owner)) {
      const who = owner
        ? `process ${owner.pid} on ${owner.host}, since ${owner.since}`
        : 'another process that is starting';
      throw new RunOptionsError(
        `the run folder ${dir} is in use by ${who}; wait for it to finish or choose another --out ` +
          `(if no such process is running, delete ${file})`,
      );
    }
    rmSync(file, { force: true });
  }
  throw new RunOptionsError(`could not take the lock ${file}: other processes keep taking it`);
}

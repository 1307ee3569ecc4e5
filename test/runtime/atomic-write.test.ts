// writeFileAtomic under real faults: the file system full (a tiny tmpfs when
// root may mount one; else ENOSPC injected at the fs layer of a child process),
// read-only (a tmpfs remounted read-only as root; a folder without write
// permission otherwise), a rename onto a folder, a missing folder, and a
// process killed mid-write. Every time: a WriteError that says why, the
// previous file unchanged, and no temp file left beside it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TEMP_FILE, WriteError, writeFileAtomic } from '../../src/base/atomic-write.js';
import { tempDir } from '../harness/runtime.js';

const CHILD = fileURLToPath(new URL('./fixtures/atomic-child.ts', import.meta.url));
const FAULT = fileURLToPath(new URL('../harness/fault-fs.mjs', import.meta.url));
const TSX = import.meta.resolve('tsx');
const isRoot = process.getuid?.() === 0 && process.platform === 'linux';
const OLD = 'the previous version\n';

function withOldFile(dir: string): string {
  const file = path.join(dir, 'result.json');
  writeFileSync(file, OLD);
  return file;
}

function expectUnchanged(file: string): void {
  expect(readFileSync(file, 'utf8')).toBe(OLD);
  expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
}

function writeError(action: () => void): WriteError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(WriteError);
    return error as WriteError;
  }
  throw new Error('the write did not fail');
}

let mounts: string[] = [];
afterEach(() => {
  for (const mount of mounts) execFileSync('umount', [mount]);
  mounts = [];
});

/** writeFileAtomic of 5000 bytes in a child process with faults injected under `dir`; its outcome. */
function childWrite(dir: string, file: string, env: Record<string, string>, bytes = 5000) {
  const child = spawnSync(
    process.execPath,
    ['--import', TSX, '--import', FAULT, CHILD, 'once', file, String(bytes)],
    {
      env: { ...process.env, MTL_FAULT_DIR: dir, ...env },
      encoding: 'utf8',
    },
  );
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { ok: boolean; writeError?: boolean; code?: string; message?: string };
}

function tmpfs(size: string): string {
  const mount = tempDir('mtl-atomic-tmpfs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
  mounts.push(mount);
  return mount;
}

describe('writeFileAtomic under faults', () => {
  it('a full disk (a 64 KiB tmpfs as root, else ENOSPC injected in a child): the previous file whole', () => {
    if (!isRoot) {
      const dir = tempDir();
      const file = withOldFile(dir);
      expect(childWrite(dir, file, { MTL_FAULT_BUDGET: '0' }).code).toBe('ENOSPC');
      expectUnchanged(file);
      return;
    }
    const file = withOldFile(tmpfs('64k'));
    const error = writeError(() => writeFileAtomic(file, Buffer.alloc(256 * 1024, 'x')));
    expect(error.code).toBe('ENOSPC');
    expect(error.message).toBe(
      `could not write ${file}: no space left on device (ENOSPC); free some space and run again; ` +
        'the previous version of the file, if any, is unchanged',
    );
    expectUnchanged(file);
  });

  it('a read-only folder (a tmpfs remounted read-only as root, else no write permission)', () => {
    const dir = isRoot ? tmpfs('64k') : tempDir();
    const file = withOldFile(dir);
    if (isRoot) execFileSync('mount', ['-o', 'remount,ro', dir]);
    else chmodSync(dir, 0o555);
    try {
      const error = writeError(() => writeFileAtomic(file, 'new'));
      if (isRoot) {
        expect(error.code).toBe('EROFS');
        expect(error.message).toMatch(/: the file system is read-only \(EROFS\);/);
      } else {
        expect(error.code).toBe('EACCES');
        expect(error.message).toMatch(/: permission denied \(EACCES\);/);
      }
      expectUnchanged(file);
    } finally {
      if (!isRoot) chmodSync(dir, 0o755);
    }
  });

  it('ENOSPC injected at the fs layer (a child process): WriteError, previous file whole, no temp', () => {
    const dir = tempDir();
    const file = withOldFile(dir);
    const child = spawnSync(
      process.execPath,
      ['--import', TSX, '--import', FAULT, CHILD, 'once', file, '5000'],
      {
        env: { ...process.env, MTL_FAULT_DIR: dir, MTL_FAULT_BUDGET: '1000' },
        encoding: 'utf8',
      },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      ok: false,
      writeError: true,
      code: 'ENOSPC',
      message: expect.stringContaining('no space left on device (ENOSPC)'),
    });
    expectUnchanged(file);
  });

  it('short writes (a child process): retried until the file is whole', () => {
    const dir = tempDir();
    const file = withOldFile(dir);
    const child = spawnSync(
      process.execPath,
      ['--import', TSX, '--import', FAULT, CHILD, 'once', file, '100000'],
      {
        env: { ...process.env, MTL_FAULT_DIR: dir, MTL_FAULT_SHORT: '1' },
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(child.stdout)).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe('c'.repeat(100000));
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('the target is a folder: WriteError (EISDIR), the folder untouched, no temp file', () => {
    const dir = tempDir();
    const target = path.join(dir, 'result.json');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'kept');
    const error = writeError(() => writeFileAtomic(target, 'new'));
    expect(error.code).toBe('EISDIR');
    expect(readFileSync(path.join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('the folder does not exist: WriteError (ENOENT), nothing created', () => {
    const dir = tempDir();
    const error = writeError(() => writeFileAtomic(path.join(dir, 'missing', 'result.json'), 'new'));
    expect(error.code).toBe('ENOENT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a process killed mid-write leaves the old or the new file whole, and at most its temp file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'result.json');
    const size = 4 * 1024 * 1024;
    writeFileSync(file, Buffer.alloc(size, 'a'));
    const child = spawn(process.execPath, ['--import', TSX, CHILD, 'loop', file, String(size)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    // Let it rewrite the file a few times, then kill it without warning.
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const content = readFileSync(file);
    expect(content.length).toBe(size);
    const first = content[0];
    expect([0x61, 0x62]).toContain(first);
    expect(content.every((byte) => byte === first)).toBe(true);
    const others = readdirSync(dir).filter((name) => name !== 'result.json');
    expect(others.length).toBeLessThanOrEqual(1);
    for (const name of others) expect(name).toMatch(TEMP_FILE);
  });
});

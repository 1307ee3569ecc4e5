// Preloaded (node --import) into a child process to make the file system
// under MTL_FAULT_DIR behave like a nearly full disk: writes to files opened
// there succeed for MTL_FAULT_BUDGET bytes in total, short writes first, then
// fail with ENOSPC, as a small tmpfs does. MTL_FAULT_SHORT=1 instead makes
// every write there short (half the bytes) without ever failing.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const dir = path.resolve(process.env.MTL_FAULT_DIR ?? '/nonexistent');
let budget = Number(process.env.MTL_FAULT_BUDGET ?? 'Infinity');
const shortOnly = process.env.MTL_FAULT_SHORT === '1';
const watched = new Set();
const realOpen = fs.openSync;
const realWrite = fs.writeSync;
const realClose = fs.closeSync;

fs.openSync = function openSync(file, ...rest) {
  const fd = realOpen.call(this, file, ...rest);
  if (typeof file === 'string' && path.resolve(file).startsWith(`${dir}${path.sep}`)) watched.add(fd);
  return fd;
};
fs.closeSync = function closeSync(fd) {
  watched.delete(fd);
  return realClose.call(this, fd);
};
fs.writeSync = function writeSync(fd, buffer, offset, length, position) {
  if (!watched.has(fd) || typeof buffer === 'string')
    return realWrite.call(this, fd, buffer, offset, length, position);
  const start = offset ?? 0;
  const wanted = length ?? buffer.byteLength - start;
  if (shortOnly)
    return realWrite.call(this, fd, buffer, start, Math.max(1, Math.floor(wanted / 2)), position);
  if (budget <= 0) {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
    });
  }
  const n = Math.min(wanted, budget);
  budget -= n;
  return realWrite.call(this, fd, buffer, start, n, position);
};
syncBuiltinESMExports();

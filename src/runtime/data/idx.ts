// The IDX file format (MNIST's): two zero bytes, a type byte, a dimension
// count, big-endian uint32 dimensions, then the values, big-endian.
import { readFileSync } from 'node:fs';
import { DataError } from '../errors.js';

type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  readonly file: string;
  readonly dims: readonly number[];
  readonly type: IdxTypeName;
  readonly values: IdxValues;
}

type IdxTypeName = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';

interface IdxType {
  readonly name: IdxTypeName;
  readonly bytes: number;
  read(view: DataView, offset: number): number;
  create(length: number): IdxValues;
}

const TYPES: Readonly<Record<number, IdxType>> = {
  8: { name: 'ubyte', bytes: 1, read: (v, o) => v.getUint8(o), create: (n) => new Uint8Array(n) },
  9: { name: 'sbyte', bytes: 1, read: (v, o) => v.getInt8(o), create: (n) => new Int8Array(n) },
  11: { name: 'short', bytes: 2, read: (v, o) => v.getInt16(o), create: (n) => new Int16Array(n) },
  12: { name: 'int', bytes: 4, read: (v, o) => v.getInt32(o), create: (n) => new Int32Array(n) },
  13: { name: 'float', bytes: 4, read: (v, o) => v.getFloat32(o), create: (n) => new Float32Array(n) },
  14: { name: 'double', bytes: 8, read: (v, o) => v.getFloat64(o), create: (n) => new Float64Array(n) },
};

const hex = (value: number, digits: number) => `0x${value.toString(16).padStart(digits, '0')}`;

function readBytes(file: string, what: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(file, `file not found (expected an IDX file of ${what})`);
    if (code === 'EISDIR') throw new DataError(file, `is a folder (expected an IDX file of ${what})`);
    throw new DataError(file, `cannot be read (${code ?? String(error)}); expected an IDX file of ${what}`);
  }
}

/** Reads an IDX file; `what` names its content in error messages ("training images"). */
export function readIdx(file: string, what: string): IdxArray {
  const bytes = readBytes(file, what);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DataError(file, `is gzip-compressed; decompress it first (expected an IDX file of ${what})`);
  }
  if (bytes.length < 4) {
    throw new DataError(
      file,
      `truncated: ${bytes.length} bytes, but an IDX header needs at least 4 (${what})`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = TYPES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined || bytes[3] === 0) {
    throw new DataError(
      file,
      `not an IDX file of ${what}: the magic number is ${hex(view.getUint32(0), 8)}, expected 0x0000 ` +
        'then a type byte (0x08 ubyte, 0x09 sbyte, 0x0b short, 0x0c int, 0x0d float, 0x0e double) ' +
        'and a dimension count (e.g. 0x00000803 for images, 0x00000801 for labels)',
    );
  }
  const ndim = bytes[3];
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new DataError(
      file,
      `truncated: the header declares ${ndim} dimensions but the file ends at byte ${bytes.length}`,
    );
  }
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (bytes.length < expected) {
    throw new DataError(
      file,
      `truncated: the header declares ${dims.join('×')} ${type.name} values (${expected} bytes with the header) ` +
        `but the file holds ${bytes.length} bytes`,
    );
  }
  let values: IdxValues;
  if (type.bytes === 1) {
    values =
      type.name === 'ubyte'
        ? bytes.slice(headerBytes, expected)
        : new Int8Array(bytes.slice(headerBytes, expected).buffer);
  } else {
    values = type.create(count);
    for (let i = 0; i < count; i++) values[i] = type.read(view, headerBytes + i * type.bytes);
  }
  return { file, dims, type: type.name, values };
}

// What an experiment's data source provides (§5): the input width, the number
// of training examples and classes. MNIST is known; an `idx` source is read
// from the headers of its IDX files, found relative to the spec file.
import type { DataBlock, Span, StringLit } from '../syntax/ast.js';
import type { ExperimentView } from './experiment-view.js';
import { readHeader, resolveRelative, type SourceHost } from './host.js';
import { asString } from './settings.js';
import { IDX_FILE_KEYS } from './vocabulary.js';

export const MNIST = { inputWidth: 784, trainCount: 60000, testCount: 10000, classes: 10 } as const;
export const DEFAULT_VALIDATION = 10000;

interface DataProblem {
  readonly span: Span;
  readonly code: 'MTL022' | 'MTL023' | 'MTL041' | 'MTL042';
  readonly message: string;
}

export interface DatasetInfo {
  readonly source: 'mnist' | 'idx';
  /** Values per example (the product of an image's dimensions). */
  readonly inputWidth?: number;
  /** Examples in the training set, before the validation split. */
  readonly trainCount?: number;
  readonly classes?: number;
  /** For idx: each file setting's string, by key. */
  readonly files: ReadonlyMap<string, StringLit>;
  readonly problems: readonly DataProblem[];
}

interface IdxHeader {
  readonly dims: readonly number[];
}

export function datasetInfo(view: ExperimentView, host: SourceHost): DatasetInfo | undefined {
  const data = view.data;
  if (data?.source.name === 'mnist') return { source: 'mnist', ...MNIST, files: new Map(), problems: [] };
  if (data?.source.name !== 'idx') return undefined;
  return idxInfo(view, data, host);
}

function idxInfo(view: ExperimentView, data: DataBlock, host: SourceHost): DatasetInfo {
  const problems: DataProblem[] = [];
  const files = new Map<string, StringLit>();
  const headers = new Map<string, IdxHeader>();
  for (const key of IDX_FILE_KEYS) {
    const setting = view.setting(data, key);
    if (!setting) {
      problems.push({
        span: data.source.span,
        code: 'MTL022',
        message: `idx data needs ${key} "FILE" (the four files: ${IDX_FILE_KEYS.join(', ')})`,
      });
      continue;
    }
    const path = asString(setting.value);
    if (!path) {
      if (setting.value) {
        problems.push({
          span: setting.value.span,
          code: 'MTL023',
          message: `${key} takes a file path in quotes`,
        });
      }
      continue;
    }
    files.set(key, path);
    const resolved = resolveRelative(view.file.name, path.value);
    const header = parseIdxHeader(readHeader(host, resolved, 4 + 4 * 16));
    if (header === 'missing') {
      problems.push({
        span: path.span,
        code: 'MTL041',
        message: `cannot read IDX file '${path.value}' (resolved to ${resolved})`,
      });
    } else if (header === 'invalid') {
      problems.push({
        span: path.span,
        code: 'MTL041',
        message: `'${path.value}' is not an IDX file (bad magic number)`,
      });
    } else {
      const images = key.endsWith('images');
      if (images ? header.dims.length < 2 : header.dims.length !== 1) {
        problems.push({
          span: path.span,
          code: 'MTL041',
          message: `'${path.value}' has ${header.dims.length} dimension(s); ${images ? 'an image file needs at least 2' : 'a label file needs 1'}`,
        });
      } else headers.set(key, header);
    }
  }
  const width = (key: string) => {
    const dims = headers.get(key)?.dims;
    return dims ? dims.slice(1).reduce((a, b) => a * b, 1) : undefined;
  };
  const count = (key: string) => headers.get(key)?.dims[0];
  const mismatch = (a: string, b: string, what: string, value: (k: string) => number | undefined) => {
    const va = value(a);
    const vb = value(b);
    const at = files.get(b);
    if (va !== undefined && vb !== undefined && va !== vb && at) {
      problems.push({ span: at.span, code: 'MTL042', message: `${b} has ${what} ${vb}, but ${a} has ${va}` });
    }
  };
  mismatch('train_images', 'train_labels', 'count', count);
  mismatch('test_images', 'test_labels', 'count', count);
  mismatch('train_images', 'test_images', 'width', width);
  return {
    source: 'idx',
    inputWidth: width('train_images'),
    trainCount: count('train_images'),
    files,
    problems,
  };
}

/** The dimensions of an IDX file from its header: magic 0 0 TYPE NDIMS, then NDIMS big-endian uint32. */
function parseIdxHeader(bytes: Uint8Array | undefined): IdxHeader | 'missing' | 'invalid' {
  if (!bytes) return 'missing';
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) return 'invalid';
  if (![0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e].includes(bytes[2])) return 'invalid';
  const ndims = bytes[3];
  if (ndims === 0 || ndims > 16 || bytes.length < 4 + 4 * ndims) return 'invalid';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return { dims };
}

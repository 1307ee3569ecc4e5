// TypeScript literals for numbers, strings and plain JSON values. Every
// printer here is deterministic: object keys follow one canonical order, so
// the same IR gives the same text whatever order its keys were built in.
import { InternalError } from '../diagnostics/internal-error.js';
import { numberLiteral } from '../expr/print.js';

export function stringLiteral(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}

// The IR schema's field order (experiment, data, network, DAE, weights, train,
// step, expression nodes), so embedded IR reads like the spec. Keys not listed
// sort alphabetically after the listed ones.
const keyOrder = [
  'op',
  'kind',
  'name',
  'hash',
  'source',
  'files',
  'labeled',
  'unlabeled',
  'validation',
  'data',
  'network',
  'input',
  'hidden',
  'output',
  'units',
  'tied',
  'activation',
  'reconstruct',
  'layer',
  'layerIndex',
  'noise',
  'p',
  'sigma',
  'decoder',
  'cost',
  'reduction',
  'gradient',
  'weight',
  'weights',
  'schedule',
  'supervised',
  'reconstruction',
  'train',
  'epochs',
  'batch',
  'optimizer',
  'momentum',
  'objective',
  'rows',
  'lr',
  'seed',
  'evaluateEvery',
  'checkpointEvery',
  'skipBelow',
  'order',
  'steps',
  'value',
  'operator',
  'operand',
  'left',
  'right',
  'test',
  'then',
  'otherwise',
  'fn',
  'args',
  'trainImages',
  'trainLabels',
  'testImages',
  'testLabels',
];
const keyRank = new Map(keyOrder.map((key, index) => [key, index]));

function canonicalKeys(object: object): string[] {
  return Object.keys(object)
    .filter((key) => (object as Record<string, unknown>)[key] !== undefined)
    .sort((a, b) => {
      const ra = keyRank.get(a) ?? keyOrder.length;
      const rb = keyRank.get(b) ?? keyOrder.length;
      return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
    });
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : stringLiteral(key);
}

function flat(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = canonicalKeys(value);
    if (keys.length === 0) return '{}';
    const record = value as Record<string, unknown>;
    return `{ ${keys.map((key) => `${propertyName(key)}: ${flat(record[key])}`).join(', ')} }`;
  }
  throw new InternalError('codegen', `cannot embed a value of type ${typeof value}`);
}

interface LiteralLayout {
  /** Columns a line may take before an object or array is broken over several lines. */
  readonly width: number;
}

/**
 * A JSON value as a TypeScript literal, one line when it fits in `width`
 * (counting its indentation and what precedes it on the line), otherwise one
 * property or element per line, recursively.
 */
export function valueLiteral(value: unknown, layout: LiteralLayout, indent = 0, lead = 0): string {
  const oneLine = flat(value);
  if (value === null || typeof value !== 'object' || indent + lead + oneLine.length <= layout.width)
    return oneLine;
  const inner = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => `${inner}${valueLiteral(item, layout, indent + 2, 1)},`);
    return `[\n${items.join('\n')}\n${close}]`;
  }
  const record = value as Record<string, unknown>;
  const lines = canonicalKeys(record).map((key) => {
    const head = `${propertyName(key)}: `;
    return `${inner}${head}${valueLiteral(record[key], layout, indent + 2, head.length + 1)},`;
  });
  return `{\n${lines.join('\n')}\n${close}}`;
}

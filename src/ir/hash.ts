// The content hash of an experiment: the first 16 hex digits of SHA-256 over
// its canonical JSON (keys sorted, no whitespace). Spans, comments, formatting
// and file names never reach the IR, so they never change the hash.
import { createHash } from 'node:crypto';
import type { Experiment } from './types.js';

/** JSON with object keys sorted at every level; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of an experiment's IR, `hash` itself excluded. */
export function experimentHash(experiment: Omit<Experiment, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = experiment;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex').slice(0, 16);
}

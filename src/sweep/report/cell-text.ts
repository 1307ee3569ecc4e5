// How a report's numbers and gaps read as text (Markdown and CSV share these).
import type { RoleResult } from './model.js';
import type { PairedDifference, Summary } from './stats.js';

export const fixed = (v: number, digits = 2) => v.toFixed(digits);
/** `+1.23`, `-1.23`; a value that rounds to zero is `0.00`. */
export function signed(v: number, digits = 2): string {
  const text = Math.abs(v).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${v > 0 ? '+' : '-'}${text}`;
}

/** `27.31 ± 0.52` (or `27.31` from one repeat). */
export function summaryText(s: Summary): string {
  return s.std === null ? fixed(s.mean) : `${fixed(s.mean)} ± ${fixed(s.std)}`;
}

/** `-1.23 ± 0.40 [-2.22, -0.24]*`: mean ± std, the 95 % interval, * where it excludes 0. */
export function differenceText(d: PairedDifference): string {
  const spread = d.std === null ? '' : ` ± ${fixed(d.std)}`;
  const interval = d.low === null || d.high === null ? '' : ` [${signed(d.low)}, ${signed(d.high)}]`;
  return `${signed(d.mean)}${spread}${interval}${d.excludesZero ? '*' : ''}`;
}

/** Why a number is missing: the worst state among the roles it needs, and how many repeats are done. */
export function gapText(roles: readonly (RoleResult | null)[]): string {
  const present = roles.filter((r): r is RoleResult => r !== null);
  const count = (status: string) => present.reduce((n, r) => n + (r.status[status as 'done'] ?? 0), 0);
  const total = present.reduce((n, r) => n + r.runIds.length, 0);
  const word =
    count('failed') > 0
      ? 'failed'
      : count('running') > 0
        ? 'running'
        : count('interrupted') > 0
          ? 'interrupted'
          : 'missing';
  const done = count('done');
  return done > 0 ? `${word} (${done}/${total} done)` : word;
}

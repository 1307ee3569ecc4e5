// A file can produce thousands of diagnostics (a 30,000-operator expression,
// a binary file): nobody reads past the first screens, and an editor spends
// seconds drawing them. Each file keeps its first MAX_PER_FILE, plus one
// closing diagnostic that says how many more there were.
import { type Code, type Diagnostic, diagnostic } from './diagnostic.js';

const MAX_DIAGNOSTICS_PER_FILE = 100;
const TRUNCATED_CODE: Code = 'MTL999';

/** The diagnostics with at most `max` per file (order kept), each cut file ending with an "N more" note. */
export function capDiagnostics(
  diagnostics: readonly Diagnostic[],
  max: number = MAX_DIAGNOSTICS_PER_FILE,
): Diagnostic[] {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.file, (counts.get(d.file) ?? 0) + 1);
  if ([...counts.values()].every((n) => n <= max)) return [...diagnostics];
  const kept = new Map<string, number>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const seen = kept.get(d.file) ?? 0;
    kept.set(d.file, seen + 1);
    if (seen < max) out.push(d);
    else if (seen === max) {
      const more = (counts.get(d.file) ?? 0) - max;
      out.push(
        diagnostic(TRUNCATED_CODE, {
          file: d.file,
          span: d.span,
          message: `${more} more problem${more === 1 ? '' : 's'} in this file not shown (the first ${max} are); fix these and check again`,
        }),
      );
    }
  }
  return out;
}

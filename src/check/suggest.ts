// "Did you mean" for unknown words, after graphql-js's suggestionList: the
// candidates within an edit distance that grows with the word's length, closest first.
// The distance is the parser's (syntax/did-you-mean.ts); the thresholds are this file's own
// (one edit per 2.5 characters, where the parser allows one per 3, at most 2), kept as they were.
import { editDistance } from '../syntax/did-you-mean.js';

export function suggest(input: string, candidates: Iterable<string>): string[] {
  const scored: { name: string; distance: number }[] = [];
  const threshold = Math.floor(input.length * 0.4) + 1;
  const lower = input.toLowerCase();
  for (const name of new Set(candidates)) {
    if (name === input) continue;
    const distance = name.toLowerCase() === lower ? 0.5 : editDistance(lower, name.toLowerCase());
    if (distance <= threshold) scored.push({ name, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.map((s) => s.name);
}

/** ", did you mean 'x'?" or "" — appended to messages. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.slice(0, 3).map((s) => `'${s}'`);
  return `; did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?`;
}

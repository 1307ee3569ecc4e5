// "Did you mean …?" for misspelt words: the parser uses it for keywords, the
// checker for value words and names. Distances are optimal-string-alignment
// (a swap of two neighbours counts as one edit, as in `sigmodi` → `sigmoid`).

/** Edit distance with adjacent transpositions; stops early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2] + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidates close enough to `word` to be what was meant, best first. Case
 * differences alone count as close (`Sigmoid` → `sigmoid`); otherwise at most one
 * edit per three characters is allowed, and never more than two.
 */
export function closestWords(word: string, candidates: Iterable<string>, maxResults = 3): string[] {
  const limit = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
  const scored: { word: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === word) continue;
    const distance =
      candidate.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, candidate, limit);
    if (distance <= limit) scored.push({ word: candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.word.localeCompare(y.word));
  return scored.slice(0, maxResults).map((s) => s.word);
}

// Drops points a line chart does not need: Ramer–Douglas–Peucker over (x, y)
// with a vertical tolerance. A 5000-epoch schedule is mostly flat or straight,
// so its line keeps a few dozen points instead of 5000, and the drawn shape
// moves by at most `tolerance` (a sub-pixel amount when it is a small fraction
// of the axis range).

interface Point {
  readonly x: number;
  readonly y: number;
}

/** Indices of the points to keep (first and last always), in order. */
export function simplifyLine(points: readonly Point[], tolerance: number): number[] {
  const n = points.length;
  if (n <= 2) return points.map((_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  // An explicit stack: a recursive RDP could go thousands of frames deep on a long smooth curve.
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const a = points[first]!;
    const b = points[last]!;
    let worst = -1;
    let worstError = tolerance;
    for (let i = first + 1; i < last; i++) {
      const p = points[i]!;
      // Vertical distance to the chord: what a reader sees on a chart whose x is time.
      const along = b.x === a.x ? 0 : (p.x - a.x) / (b.x - a.x);
      const error = Math.abs(p.y - (a.y + along * (b.y - a.y)));
      if (error > worstError || Number.isNaN(error)) {
        worst = i;
        worstError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) kept.push(i);
  return kept;
}

/** Keeps the points of a series that lie more than `relative` × (its y range) off the simplified line. */
export function simplifySeries<P extends Point>(points: readonly P[], relative = 1e-4): P[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.y < lo) lo = p.y;
    if (p.y > hi) hi = p.y;
  }
  const range = hi > lo ? hi - lo : Math.abs(hi) || 1;
  return simplifyLine(points, relative * range).map((i) => points[i]!);
}

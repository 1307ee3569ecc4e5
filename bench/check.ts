// Front-end speed: `mtl check specs/` as a whole process, and parse+check of a
// 1,000-line spec in a warm process. Prints one JSON line per figure.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { checkText } from '../src/driver/check.js';
import { parse } from '../src/syntax/parse.js';
import { median, percentile, printFigure } from './figures.js';

const root = new URL('..', import.meta.url).pathname;

function processRuns(runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(process.execPath, ['bin/mtl.js', 'check', 'specs'], { cwd: root, stdio: 'pipe' });
    times.push(performance.now() - start);
  }
  return times;
}

/** A spec of about `lines` lines: networks and experiments in the style of the paper's specs. */
export function largeSpec(lines: number): string {
  const parts: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const block = `network net${i} {
  input 784
  dense h1 ${50 + i} sigmoid
  dense h2 50 sigmoid
  output y 10 softmax
}

experiment exp${i} {
  data mnist {
    labeled    1000
    unlabeled  ${1000 * (i % 40)}
    seed       ${i}
  }
  network net${i}
  reconstruct h1, h2 {
    noise    mask(0.25)
    decoder  sigmoid
    cost     cross_entropy
  }
  weights {
    reconstruction = exp(-t / 40)
    supervised     = 1 - reconstruction
  }
  train {
    epochs     500
    batch      600
    optimizer  sgd(momentum: 0.9)
    lr         = t < T - 50 ? 0.01 : 0.01 * (T - t) / 50
    seed       7
    order alternate {
      step reconstruction on batch
      step supervised     on labeled
    }
  }
}
`;
    parts.push(block);
    count += block.split('\n').length - 1;
  }
  return parts.join('\n');
}

const cold = processRuns(5);
printFigure({
  bench: 'check-specs-process',
  unit: 'ms',
  median: median(cold),
  p95: percentile(cold, 95),
  target: 1000,
});

const text = largeSpec(1000);
const lineCount = text.split('\n').length;
for (let i = 0; i < 20; i++) checkText(text, 'large.mtl');
const warm: number[] = [];
for (let i = 0; i < 50; i++) {
  const start = performance.now();
  const result = checkText(text, 'large.mtl');
  warm.push(performance.now() - start);
  if (result.diagnostics.some((d) => d.severity === 'error'))
    throw new Error('the generated spec should check clean');
}
printFigure({
  bench: 'check-1000-lines-warm',
  lines: lineCount,
  unit: 'ms',
  median: median(warm),
  p95: percentile(warm, 95),
  target: 50,
});

const parseTimes: number[] = [];
for (let i = 0; i < 50; i++) {
  const start = performance.now();
  parse(text, 'large.mtl');
  parseTimes.push(performance.now() - start);
}
printFigure({
  bench: 'parse-1000-lines-warm',
  lines: lineCount,
  unit: 'ms',
  median: median(parseTimes),
  p95: percentile(parseTimes, 95),
});

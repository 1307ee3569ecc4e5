// Shared helpers for the plot tests: temp folders and reading the marks out of vega's SVG.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'mtl-plot-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The `d` attribute of every line mark, in drawing order. */
export function linePaths(svg: string): string[] {
  return [...svg.matchAll(/aria-roledescription="line mark" d="([^"]+)"/g)].map((m) => m[1]!);
}

/** How many points a path's M/L commands visit. */
export function pointCount(d: string): number {
  return d.split(/[ML]/).filter(Boolean).length;
}

/** Every text element's content. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** A spec over the tiny IDX files of writeTinyIdx: trains in well under a second on the cpu backend. */
export function tinyRunSpec(name: string, weights = 'schedule lin(2)', epochs = 4): string {
  return `experiment ${name} {
  data idx {
    train_images "train-images.idx"
    train_labels "train-labels.idx"
    test_images  "test-images.idx"
    test_labels  "test-labels.idx"
    labeled 40
    unlabeled 40
    validation 30
    seed 1
  }
  network { input 16 dense h1 8 sigmoid output y 3 softmax }
  reconstruct h1 { noise mask(0.25) }
  weights ${weights}
  train {
    epochs ${epochs}
    batch 20
    optimizer sgd(momentum: 0.5)
    lr = 0.5
    seed 7
    evaluate every 1
    order alternate {
      step reconstruction on batch
      step supervised on labeled
    }
  }
}
`;
}

/** How many marks of a kind (`area mark`, `point`, …) vega drew. */
export function markCount(svg: string, role: string): number {
  return svg.split(`aria-roledescription="${role}"`).length - 1;
}

// Shared helpers for the runtime tests: hand-built experiments (plain IR) and
// tiny synthetic IDX data sets written to a temp folder.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { Dae, Experiment, Expr, Layer, Order } from '../../src/ir/types.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import type { TrainerProgram } from '../../src/runtime/program.js';

export const num = (value: number): Expr => ({ op: 'num', value });
export const T_VAR: Expr = { op: 'var', name: 't' };

/** `t < epoch ? before : after` */
export function untilEpoch(epoch: number, before: number, after: number): Expr {
  return {
    op: 'cond',
    test: { op: 'binary', operator: '<', left: T_VAR, right: num(epoch) },
    // biome-ignore lint/suspicious/noThenProperty: the IR's conditional expression names its branch `then`.
    then: num(before),
    otherwise: num(after),
  };
}

export function tempDir(prefix = 'mtl-runtime-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** IDX bytes of ubyte values with the given dimensions. */
export function idxBytes(dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((dim, i) => {
    header.writeUInt32BE(dim, 4 + 4 * i);
  });
  return Buffer.concat([header, Buffer.from(Uint8Array.from(values))]);
}

export interface TinyData {
  readonly dir: string;
  /** The spec file the IDX paths are relative to (it need not exist). */
  readonly source: string;
  readonly pixels: number;
  readonly classes: number;
}

/**
 * Writes train/test IDX files of `side`×`side` images of `classes` classes:
 * class c lights a band of pixels, plus deterministic speckle.
 */
export function writeTinyIdx(options: {
  train: number;
  test: number;
  side?: number;
  classes?: number;
}): TinyData {
  const side = options.side ?? 4;
  const classes = options.classes ?? 3;
  const pixels = side * side;
  const dir = tempDir('mtl-idx-');
  let state = 12345;
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) & 0x3f;
  };
  const make = (count: number, prefix: string) => {
    const images: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < count; i++) {
      const label = i % classes;
      labels.push(label);
      for (let p = 0; p < pixels; p++) {
        const lit = Math.floor((p * classes) / pixels) === label;
        images.push((lit ? 190 : 0) + noise());
      }
    }
    writeFileSync(path.join(dir, `${prefix}-images.idx`), idxBytes([count, side, side], images));
    writeFileSync(path.join(dir, `${prefix}-labels.idx`), idxBytes([count], labels));
  };
  make(options.train, 'train');
  make(options.test, 'test');
  mkdirSync(path.join(dir, 'specs'), { recursive: true });
  return { dir, source: path.join(dir, 'tiny.mtl'), pixels, classes };
}

export interface ExperimentOptions {
  name?: string;
  source?: 'mnist' | 'idx';
  labeled?: number;
  unlabeled?: number;
  validation?: number;
  dataSeed?: number;
  input?: number;
  hidden?: readonly Layer[];
  output?: Layer;
  reconstruct?: readonly Partial<Dae>[];
  supervised?: Expr;
  reconstruction?: Expr;
  epochs?: number;
  batch?: number;
  momentum?: number;
  lr?: Expr;
  seed?: number;
  evaluateEvery?: number | null;
  checkpointEvery?: number | null;
  order?: Order;
}

export const ALTERNATE: Order = {
  kind: 'alternate',
  steps: [
    { objective: 'reconstruction', rows: 'batch', lr: null },
    { objective: 'supervised', rows: 'labeled', lr: null },
  ],
};

/** A complete Experiment IR; `hidden` defaults to one sigmoid layer h1 of 5 units over a 16-pixel input. */
export function makeExperiment(options: ExperimentOptions = {}): Experiment {
  const hidden = options.hidden ?? [{ name: 'h1', units: 5, activation: 'sigmoid' }];
  const reconstruct: Dae[] = (options.reconstruct ?? []).map((dae) => {
    const layerIndex = dae.layerIndex ?? 0;
    return {
      layer: hidden[layerIndex].name,
      layerIndex,
      noise: { kind: 'mask', p: 0.25 },
      decoder: { tied: false, activation: 'sigmoid' },
      cost: 'cross_entropy',
      reduction: 'mean',
      gradient: 'local',
      weight: num(1),
      ...dae,
    };
  });
  const source = options.source ?? 'idx';
  const name = options.name ?? 'tiny';
  return {
    name,
    hash: '0123456789abcdef',
    data: {
      source,
      ...(source === 'idx'
        ? {
            files: {
              trainImages: 'train-images.idx',
              trainLabels: 'train-labels.idx',
              testImages: 'test-images.idx',
              testLabels: 'test-labels.idx',
            },
          }
        : {}),
      labeled: options.labeled ?? 6,
      unlabeled: options.unlabeled ?? 10,
      validation: options.validation ?? 4,
      seed: options.dataSeed ?? 1,
    },
    network: {
      name: 'net',
      input: options.input ?? 16,
      hidden: hidden as [Layer, ...Layer[]],
      output: options.output ?? { name: 'y', units: 3, activation: 'softmax' },
    },
    reconstruct,
    weights: {
      supervised: options.supervised ?? num(0.5),
      reconstruction: options.reconstruction ?? num(0.5),
    },
    train: {
      epochs: options.epochs ?? 2,
      batch: options.batch ?? 5,
      optimizer: { kind: 'sgd', momentum: options.momentum ?? 0 },
      lr: options.lr ?? num(0.1),
      seed: options.seed ?? 7,
      evaluateEvery: options.evaluateEvery ?? null,
      checkpointEvery: options.checkpointEvery ?? null,
      order: options.order ?? ALTERNATE,
    },
  };
}

/**
 * A small run on real MNIST (read with `limit: 1000`): 784–32–10, a masked DAE on h1,
 * momentum, two epochs of 8 batches that each hold labeled rows, evaluated every epoch.
 */
export function smallMnistExperiment(name: string): Experiment {
  return makeExperiment({
    name,
    source: 'mnist',
    labeled: 300,
    unlabeled: 500,
    validation: 200,
    input: 784,
    hidden: [{ name: 'h1', units: 32, activation: 'sigmoid' }],
    output: { name: 'y', units: 10, activation: 'softmax' },
    reconstruct: [{ noise: { kind: 'mask', p: 0.25 } }],
    epochs: 2,
    batch: 100,
    momentum: 0.9,
    lr: num(0.1),
    evaluateEvery: 1,
  });
}

export function readCheckpoint(runDir: string): CheckpointFile {
  return JSON.parse(readFileSync(path.join(runDir, 'checkpoint.json'), 'utf8')) as CheckpointFile;
}

/** The small run the resume tests interrupt: momentum (so velocity must be restored), a DAE, checkpoints every epoch. */
export function resumableExperiment(epochs = 6): Experiment {
  return makeExperiment({
    name: 'resumable',
    reconstruct: [{ noise: { kind: 'salt_pepper', p: 0.2 } }],
    labeled: 6,
    unlabeled: 10,
    batch: 5,
    epochs,
    momentum: 0.9,
    lr: num(0.05),
    evaluateEvery: 2,
    checkpointEvery: 1,
  });
}

/**
 * The resumable experiment's program, each batch slowed by `delayMs` (so a child
 * process can be stopped mid-run). The in-process runs the child is compared with
 * use it with no delay: the same trainer code, so the same run identity.
 */
export async function resumableProgram(source: string, delayMs = 0): Promise<TrainerProgram> {
  const program = await importTrainer(resumableExperiment(), { source });
  return {
    ...program,
    trainBatch: (steps, t, T) => {
      if (delayMs > 0) sleepSync(delayMs);
      program.trainBatch(steps, t, T);
    },
  };
}

/** Blocks the thread (a slow trainer, so a child process can be stopped mid-run). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

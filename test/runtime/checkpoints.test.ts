// Checkpoints that survive bad writes: the last K are kept, a corrupt newest
// one is reported by name and an older good one is used, temp files a killed
// writer left are removed, and a loss that explodes while staying finite is
// flagged. Epochs are numbered 1…T in every file and message.
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importTrainer } from '../../src/driver/import-trainer.js';
import type { BackendName } from '../../src/runtime/backend.js';
import type { CheckpointFile } from '../../src/runtime/io/checkpoint.js';
import { checkpointFiles, readCheckpointFile } from '../../src/runtime/io/checkpoint.js';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { runProgram } from '../../src/runtime/run-program.js';
import {
  makeExperiment,
  num,
  readCheckpoint,
  resumableExperiment,
  type TinyData,
  tempDir,
  writeTinyIdx,
} from '../harness/runtime.js';

let data: TinyData;
let reference: CheckpointFile;

const run = async (out: string, extra: Parameters<typeof runProgram>[1] = {}) =>
  runProgram(await importTrainer(resumableExperiment(), { source: data.source }), {
    out,
    progress: null,
    handleSignals: false,
    backend: 'wasm',
    ...extra,
  });

/** A run stopped by an abort after `steps` steps (checkpoints every epoch, plus one on the abort). */
async function interruptedRun(steps: number, extra: Parameters<typeof runProgram>[1] = {}): Promise<string> {
  const out = tempDir();
  const controller = new AbortController();
  let taken = 0;
  const result = await run(out, {
    signal: controller.signal,
    onStep: () => {
      if (++taken === steps) controller.abort();
    },
    ...extra,
  });
  expect(result.status).toBe('interrupted');
  return out;
}

function lines(): { stream: { write(text: string): boolean }; text: () => string } {
  let text = '';
  return {
    stream: {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    },
    text: () => text,
  };
}

beforeAll(async () => {
  data = writeTinyIdx({ train: 24, test: 6 });
  const out = tempDir();
  await run(out);
  reference = readCheckpoint(out);
});

describe('the last K checkpoints', () => {
  it('keeps two by default, newest in checkpoint.json', async () => {
    const out = await interruptedRun(17);
    const files = checkpointFiles(out).map((f) => path.basename(f));
    expect(files).toEqual(['checkpoint.json', 'checkpoint.1.json']);
    const [newest, older] = checkpointFiles(out).map(readCheckpointFile);
    const order = (c: CheckpointFile) => c.position.epoch * 100 + c.position.batch;
    expect(order(newest!)).toBeGreaterThan(order(older!));
  });

  it('keeps K when asked', async () => {
    const out = tempDir();
    await run(out, { keepCheckpoints: 3 });
    expect(checkpointFiles(out).map((f) => path.basename(f))).toEqual([
      'checkpoint.json',
      'checkpoint.1.json',
      'checkpoint.2.json',
    ]);
    expect(checkpointFiles(out).map((f) => readCheckpointFile(f).position.epoch)).toEqual([6, 5, 4]);
  });
});

describe('a fresh start over a finished run', () => {
  const files = (out: string) =>
    checkpointFiles(out).map((file) => [path.basename(file), readFileSync(file, 'utf8')]);

  it('leaves the finished run whole when the new run cannot start', async () => {
    const out = tempDir();
    expect((await run(out)).status).toBe('completed');
    const before = files(out);
    expect(before.map(([name]) => name)).toEqual(['checkpoint.json', 'checkpoint.1.json']);
    await expect(run(out, { backend: 'nope' as BackendName })).rejects.toThrow(/unknown backend 'nope'/);
    expect(files(out)).toEqual(before);
  });

  it('replaces its checkpoints once it trains', async () => {
    const out = tempDir();
    await run(out, { keepCheckpoints: 3 });
    expect(checkpointFiles(out)).toHaveLength(3);
    expect((await run(out)).status).toBe('completed');
    // The default keeps two: the third file is the finished run's, had it been left.
    expect(checkpointFiles(out).map((f) => path.basename(f))).toEqual([
      'checkpoint.json',
      'checkpoint.1.json',
    ]);
  });
});

describe('resuming from a corrupt checkpoint', () => {
  it('names the corrupt file, falls back to the older one and still ends bit-identical', async () => {
    const out = await interruptedRun(17);
    const newest = path.join(out, 'checkpoint.json');
    truncateSync(newest, 200);
    const progress = lines();
    const result = await run(out, { resume: true, progress: progress.stream });
    expect(progress.text()).toContain(`warning: ${newest} is corrupt (`);
    expect(progress.text()).toContain('; trying an older checkpoint');
    expect(result.status).toBe('completed');
    const older = result.resumedFrom!;
    expect(older.epoch * 100 + older.batch).toBeLessThan(400);
    const final = readCheckpoint(out);
    expect(final.params).toEqual(reference.params);
    expect(final.velocity).toEqual(reference.velocity);
    expect(final.curves).toEqual(reference.curves);
  });

  it('says which files are unreadable when none is good, and how to start over', async () => {
    const out = await interruptedRun(17);
    for (const file of checkpointFiles(out)) writeFileSync(file, '{"format": "mtl-checkpoint", "par');
    await expect(run(out, { resume: true })).rejects.toThrow(
      new RegExp(
        `^no readable checkpoint in ${out}: ${out}/checkpoint\\.json is corrupt \\(.*Start over with --fresh$`,
      ),
    );
  });
});

describe('temp files of a killed writer', () => {
  it('are removed when a run starts or resumes', async () => {
    const out = await interruptedRun(9);
    const orphans = ['.checkpoint.json.4242.0.tmp', '.result.json.4242.7.tmp'];
    for (const name of orphans) writeFileSync(path.join(out, name), 'half a file');
    await run(out, { resume: true });
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a loss that explodes but stays finite', () => {
  it('is warned about on the console and flagged in result.json', async () => {
    // lr = 1000 on the tiny set: J_s climbs far above ln(3) yet every number stays finite.
    const experiment = makeExperiment({
      reconstruct: [{}],
      epochs: 4,
      lr: num(1000),
      labeled: 10,
      unlabeled: 6,
    });
    const out = tempDir();
    const progress = lines();
    const result = await runProgram(await importTrainer(experiment, { source: data.source }), {
      out,
      progress: progress.stream,
      handleSignals: false,
    });
    expect(result.status).toBe('completed');
    const saved = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as ResultFile;
    expect(saved.status).toBe('completed');
    expect(saved.lossExploded).toBe(true);
    expect(saved.warnings).toHaveLength(1);
    expect(saved.warnings[0]!.message).toMatch(
      /^the loss exploded in epoch \d: J_s = [\d.e+]+, more than 10 × ln\(3\)/,
    );
    expect(progress.text()).toContain(`warning: ${saved.warnings[0]!.message}`);
    expect(result.warnings).toEqual(saved.warnings);
  });

  it('is not flagged on a sane run', async () => {
    const out = tempDir();
    await run(out);
    const saved = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as ResultFile;
    expect(saved.lossExploded).toBe(false);
    expect(saved.warnings).toEqual([]);
  });
});

describe('epoch numbering', () => {
  it('is 1…T in progress lines, curves.csv, result.json and the stop message', async () => {
    const progress = lines();
    const out = await interruptedRun(17, { progress: progress.stream, command: ['mtl', 'run', 'r.mtl'] });
    const checkpoint = readCheckpoint(out);
    const { epoch, batch } = checkpoint.position;
    expect(batch).toBeGreaterThan(0);
    expect(progress.text()).toContain(
      `stopped in epoch ${epoch + 1} of 6 after batch ${batch} of 4; continue with \`mtl run r.mtl --out ${out} --resume\``,
    );
    expect(progress.text()).toMatch(/^epoch 1\/6 batch 4\/4 /m);
    expect(checkpoint.curves.map((row) => row.epoch)).toEqual(Array.from({ length: epoch }, (_, i) => i + 1));
    const csv = readFileSync(path.join(out, 'curves.csv'), 'utf8').trim().split('\n').slice(1);
    expect(csv.map((line) => line.split(',')[0])).toEqual(checkpoint.curves.map((row) => String(row.epoch)));
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as ResultFile;
    expect(result.evaluations.map((e) => e.epoch)).toEqual([2, 4].filter((n) => n <= epoch));
  });
});
